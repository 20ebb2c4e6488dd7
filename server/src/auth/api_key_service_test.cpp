#include "auth/api_key_service.hpp"

#include <gtest/gtest.h>

#include "audit/audit_test_fixture.hpp"
#include "auth/api_key_routes.hpp"
#include "common/problem.hpp"
#include "gateway/dispatcher.hpp"

namespace ccrm::auth {
namespace {

using audit::testing::AuditStoreTest;
using std::chrono::seconds;

class ApiKeyServiceTest : public AuditStoreTest {
 protected:
  void SetUp() override {
    AuditStoreTest::SetUp();
    keys_ = std::make_shared<ApiKeyService>(store_, log_, clock_);
    keys_->EnsureTables();
  }
  void TearDown() override {
    keys_.reset();
    AuditStoreTest::TearDown();
  }

  std::optional<Principal> Use(const std::string& presented) {
    gateway::Request request;
    request.request_id = "req-use";
    request.remote_ip = "192.0.2.9";
    return keys_->Authenticate(presented, request);
  }

  std::vector<Json> AuditOf(const std::string& action) {
    audit::AuditFilter filter;
    filter.action = action;
    filter.limit = 200;
    return log_->List(filter).items;
  }

  const ApiKeyActor admin_{.actor = "usr_admin", .request_id = "req-1", .ip = "192.0.2.1"};
  std::shared_ptr<ApiKeyService> keys_;
};

TEST_F(ApiKeyServiceTest, CreateShowsTheSecretOnceAndStoresOnlyItsHash) {
  const CreatedApiKey created = keys_->Create("connect", {"connect:ingest"}, admin_);
  EXPECT_TRUE(created.secret.starts_with("ccrm_" + created.key.id + "_"));
  EXPECT_GE(created.secret.size(), 5 + created.key.id.size() + 1 + 43);
  const auto item = store_->Get(kApiKeysTable, {created.key.id, ""});
  ASSERT_TRUE(item);
  const std::string stored = item->dump();
  // The random part may itself hold '_' (base64url): cut after the known prefix.
  const std::string secret = created.secret.substr(("ccrm_" + created.key.id + "_").size());
  EXPECT_EQ(stored.find(secret.substr(0, 20)), std::string::npos);
  EXPECT_EQ((*item)["secretHash"].get<std::string>().size(), 64u);
  EXPECT_FALSE(created.key.ToJson().contains("secretHash"));
  EXPECT_EQ(created.key.created_by, "usr_admin");

  const auto audits = AuditOf("apikey.create");
  ASSERT_EQ(audits.size(), 1u);
  EXPECT_EQ(audits[0]["entityId"], created.key.id);
  EXPECT_EQ(audits[0]["actor"], "usr_admin");
  EXPECT_EQ(audits[0].dump().find(secret.substr(0, 20)), std::string::npos);
}

TEST_F(ApiKeyServiceTest, AuthenticateGivesAKeyPrincipal) {
  const CreatedApiKey created =
      keys_->Create("connect", {"connect:ingest", "connect:lookup"}, admin_);
  const auto principal = Use(created.secret);
  ASSERT_TRUE(principal);
  EXPECT_EQ(principal->id, created.key.id);
  EXPECT_EQ(principal->name, "connect");
  EXPECT_TRUE(principal->is_api_key);
  EXPECT_EQ(principal->groups, (std::vector<std::string>{"connect:ingest", "connect:lookup"}));
}

TEST_F(ApiKeyServiceTest, RefusesWrongMalformedAndUnknownKeys) {
  const CreatedApiKey created = keys_->Create("connect", {"connect:ingest"}, admin_);
  std::string wrong = created.secret;
  wrong.back() = wrong.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(Use(wrong));
  EXPECT_FALSE(Use(created.secret + "x"));
  EXPECT_FALSE(Use(created.secret.substr(0, created.secret.size() - 1)));
  EXPECT_FALSE(Use(""));
  EXPECT_FALSE(Use("ccrm_"));
  EXPECT_FALSE(Use("ccrm_" + created.key.id));
  EXPECT_FALSE(Use("ccrm_" + created.key.id + "_"));
  EXPECT_FALSE(Use("xxxx_" + created.secret.substr(5)));
  EXPECT_FALSE(Use("ccrm_key_01JD7Q8Z3M4N5P6R7S8T9V0W1X_" + std::string(43, 'a')));
  EXPECT_FALSE(Use("ccrm_usr_x_secret"));
  EXPECT_TRUE(Use(created.secret));  // the right one still works after all that
}

TEST_F(ApiKeyServiceTest, SecretsWithUnderscoresParse) {
  std::string_view id;
  std::string_view secret;
  ASSERT_TRUE(ApiKeyService::ParsePresented("ccrm_key_01ABC_se_cr_et", id, secret));
  EXPECT_EQ(id, "key_01ABC");
  EXPECT_EQ(secret, "se_cr_et");
}

TEST_F(ApiKeyServiceTest, RevokedKeysStopWorkingAtOnce) {
  const CreatedApiKey created = keys_->Create("connect", {"connect:ingest"}, admin_);
  ASSERT_TRUE(Use(created.secret));  // cached now
  EXPECT_TRUE(keys_->Revoke(created.key.id, admin_));
  EXPECT_FALSE(Use(created.secret));
  EXPECT_TRUE(keys_->Revoke(created.key.id, admin_));  // idempotent
  EXPECT_EQ(AuditOf("apikey.revoke").size(), 1u);
  EXPECT_FALSE(keys_->Revoke("key_01JD7Q8Z3M4N5P6R7S8T9V0W1X", admin_));
  EXPECT_FALSE(keys_->Revoke("nonsense", admin_));
  const auto key = keys_->Get(created.key.id);
  ASSERT_TRUE(key);
  EXPECT_TRUE(key->revoked_at.has_value());
}

TEST_F(ApiKeyServiceTest, RevocationByAnotherProcessTakesEffectWithinTheCacheTtl) {
  const CreatedApiKey created = keys_->Create("connect", {"connect:ingest"}, admin_);
  ASSERT_TRUE(Use(created.secret));
  // Another service over the same store, as `ccrm apikey revoke` beside a running server.
  ApiKeyService other(store_, log_, clock_);
  ASSERT_TRUE(other.Revoke(created.key.id, admin_));
  clock_->Advance(ApiKeyService::kCacheTtl + seconds(1));
  EXPECT_FALSE(Use(created.secret));
}

TEST_F(ApiKeyServiceTest, UseIsRecordedAtMostOncePerMinute) {
  const CreatedApiKey created = keys_->Create("connect", {"connect:ingest"}, admin_);
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(Use(created.secret));
  auto key = keys_->Get(created.key.id);
  ASSERT_TRUE(key->last_used_at);
  const std::string first = *key->last_used_at;
  EXPECT_EQ(AuditOf("apikey.use").size(), 1u);

  clock_->Advance(seconds(30));
  ASSERT_TRUE(Use(created.secret));
  EXPECT_EQ(*keys_->Get(created.key.id)->last_used_at, first);
  EXPECT_EQ(AuditOf("apikey.use").size(), 1u);

  clock_->Advance(seconds(31));
  ASSERT_TRUE(Use(created.secret));
  EXPECT_NE(*keys_->Get(created.key.id)->last_used_at, first);
  const auto uses = AuditOf("apikey.use");
  ASSERT_EQ(uses.size(), 2u);
  EXPECT_EQ(uses[0]["actor"], created.key.id);
  EXPECT_EQ(uses[0]["requestId"], "req-use");
}

TEST_F(ApiKeyServiceTest, CreateValidates) {
  const auto fields = [&](const std::string& name, const std::vector<std::string>& scopes) {
    try {
      keys_->Create(name, scopes, admin_);
    } catch (const ProblemException& e) {
      EXPECT_EQ(e.problem().status, 400);
      std::vector<std::string> out;
      for (const auto& error : e.problem().errors) out.push_back(error.field);
      return out;
    }
    return std::vector<std::string>{};
  };
  EXPECT_EQ(fields(" ", {"connect:ingest"}), std::vector<std::string>{"name"});
  EXPECT_EQ(fields(std::string(101, 'n'), {"connect:ingest"}), std::vector<std::string>{"name"});
  EXPECT_EQ(fields("a\nb", {"connect:ingest"}), std::vector<std::string>{"name"});
  EXPECT_EQ(fields("ok", {}), std::vector<std::string>{"scopes"});
  EXPECT_EQ(fields("ok", {"admin"}), std::vector<std::string>{"scopes[0]"});
  EXPECT_EQ(fields("ok", {"leads:read", "leads:read"}), std::vector<std::string>{"scopes[1]"});
  EXPECT_TRUE(fields("ok", {"connect:ingest", "connect:lookup", "leads:read"}).empty());
}

TEST_F(ApiKeyServiceTest, ListsNewestFirstWithoutSecrets) {
  for (int i = 0; i < 3; ++i) {
    keys_->Create("k" + std::to_string(i), {"leads:read"}, admin_);
    clock_->Advance(std::chrono::milliseconds(5));
  }
  ApiKeyPage page = keys_->List(2);
  ASSERT_EQ(page.items.size(), 2u);
  EXPECT_EQ(page.items[0].name, "k2");
  ASSERT_TRUE(page.next_cursor);
  page = keys_->List(2, *page.next_cursor);
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].name, "k0");
}

// The routes through a dispatcher, with the principal a hook would set.
class ApiKeyRoutesTest : public ApiKeyServiceTest {
 protected:
  void SetUp() override {
    ApiKeyServiceTest::SetUp();
    auto router = std::make_shared<gateway::Router>();
    AddApiKeyRoutes(*router, keys_);
    dispatcher_ = std::make_unique<gateway::Dispatcher>(router, gateway::DispatcherOptions{},
                                                        nullptr, nullptr);
    dispatcher_->AddBeforeHook(
        [this](const gateway::Route&,
               gateway::Request& request) -> std::optional<gateway::Response> {
          request.principal = principal_;
          return std::nullopt;
        });
  }
  gateway::Response Call(std::string method, std::string target, std::string body = {}) {
    gateway::Request request;
    request.method = std::move(method);
    request.target = target;
    request.path = target.substr(0, target.find('?'));
    if (target.find('?') != std::string::npos) request.query = target.substr(target.find('?') + 1);
    request.body = std::move(body);
    if (!request.body.empty()) request.headers.Add("Content-Type", "application/json");
    request.remote_ip = "192.0.2.1";
    return dispatcher_->Handle(request);
  }
  Principal principal_{
      .id = "usr_admin", .name = "admin", .groups = {"admin"}, .is_api_key = false};
  std::unique_ptr<gateway::Dispatcher> dispatcher_;
};

TEST_F(ApiKeyRoutesTest, CreateListRevoke) {
  auto created =
      Call("POST", "/api/v1/api-keys", R"({"name": "connect", "scopes": ["connect:ingest"]})");
  ASSERT_EQ(created.status, 201) << created.body;
  const Json body = Json::parse(created.body);
  const std::string id = body["apiKey"]["id"];
  const std::string secret = body["secret"];
  EXPECT_TRUE(secret.starts_with("ccrm_" + id + "_"));
  EXPECT_EQ(*created.headers.Find("Cache-Control"), "no-store");

  auto list = Call("GET", "/api/v1/api-keys");
  ASSERT_EQ(list.status, 200);
  // The random part (after "ccrm_<id>_"; base64url, so it may itself hold '_').
  const std::string random_part = secret.substr(("ccrm_" + id + "_").size());
  ASSERT_GE(random_part.size(), 40u);
  EXPECT_EQ(list.body.find(random_part.substr(0, 20)), std::string::npos);
  EXPECT_EQ(Json::parse(list.body)["items"][0]["id"], id);
  EXPECT_FALSE(Json::parse(list.body)["items"][0].contains("secretHash"));

  EXPECT_EQ(Call("DELETE", "/api/v1/api-keys/" + id).status, 204);
  EXPECT_EQ(Call("DELETE", "/api/v1/api-keys/key_01JD7Q8Z3M4N5P6R7S8T9V0W1X").status, 404);
  EXPECT_FALSE(Use(secret));
}

TEST_F(ApiKeyRoutesTest, BadBodiesAre400) {
  EXPECT_EQ(Call("POST", "/api/v1/api-keys", R"({"name": "x", "scopes": ["root"]})").status, 400);
  EXPECT_EQ(Call("POST", "/api/v1/api-keys", R"({"name": 5, "scopes": []})").status, 400);
  EXPECT_EQ(Call("POST", "/api/v1/api-keys", R"({"name": "x", "scopes": "leads:read"})").status,
            400);
  EXPECT_EQ(Call("POST", "/api/v1/api-keys",
                 R"({"name": "x", "scopes": ["leads:read"], "secret": "mine"})")
                .status,
            400);
  EXPECT_EQ(Call("GET", "/api/v1/api-keys?limit=0").status, 400);
  EXPECT_EQ(Call("GET", "/api/v1/api-keys?cursor=garbage").status, 400);
}

TEST_F(ApiKeyRoutesTest, OnlyAdmins) {
  principal_.groups = {"manager"};
  EXPECT_EQ(Call("GET", "/api/v1/api-keys").status, 404);
  principal_ = {.id = "key_x", .name = "k", .groups = {"connect:ingest"}, .is_api_key = true};
  EXPECT_EQ(Call("GET", "/api/v1/api-keys").status, 401);
  principal_ = {};
  EXPECT_EQ(Call("POST", "/api/v1/api-keys", "{}").status, 401);
}

}  // namespace
}  // namespace ccrm::auth
