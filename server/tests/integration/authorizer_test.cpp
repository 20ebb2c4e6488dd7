// The authorizer on the real binary: API keys made with `ccrm apikey create` (refused on user
// routes, refused once revoked), anonymous and forged tokens answered 401 with a Bearer
// challenge, and an external OIDC issuer whose JWKS a tiny in-test HTTP server serves on
// loopback, its groups mapped to our roles.
#include <gtest/gtest.h>

#include <chrono>

#include "auth/jwt.hpp"
#include "common/base64.hpp"
#include "common/json.hpp"
#include "crypto/rsa_key.hpp"
#include "harness.hpp"
#include "identity_client.hpp"
#include "jwks_server.hpp"
#include "leads_client.hpp"

namespace ccrm::testing {
namespace {

constexpr char kExtIssuer[] = "https://idp.example.test/pool";
constexpr char kExtClient[] = "ext-client";

std::string Binary() { return RequiredEnvPath("CCRM_BINARY"); }

// Runs `ccrm apikey create` on a data dir and returns the secret line.
std::string CreateKey(const std::string& data_dir, const std::string& scope) {
  const auto result = RunCommand({Binary(), "apikey", "create", "--data-dir", data_dir, "--name",
                                  "connect", "--scope", scope});
  EXPECT_EQ(result.exit_status, 0) << result.out << result.err;
  const size_t at = result.out.find("ccrm_key_");
  if (at == std::string::npos) return {};
  return result.out.substr(at, result.out.find('\n', at) - at);
}

std::string KeyId(const std::string& secret) {
  return secret.substr(5, secret.find('_', 9) - 5);  // "ccrm_" + "key_<ulid>"
}

TEST(AuthorizerIntegrationTest, ApiKeysFromTheCliAndTheirLimits) {
  TempDir dir;
  const std::string secret = CreateKey(dir.path(), "connect:ingest");
  ASSERT_FALSE(secret.empty());
  const auto listed = RunCommand({Binary(), "apikey", "list", "--data-dir", dir.path()});
  EXPECT_EQ(listed.exit_status, 0);
  EXPECT_NE(listed.out.find(KeyId(secret)), std::string::npos);
  // The random part (base64url, which may hold '_') after "ccrm_<key id>_".
  EXPECT_EQ(listed.out.find(secret.substr(5 + KeyId(secret).size() + 1)), std::string::npos);
  const auto bad = RunCommand(
      {Binary(), "apikey", "create", "--data-dir", dir.path(), "--name", "x", "--scope", "root"});
  EXPECT_EQ(bad.exit_status, 2);

  {
    ServerProcess server({.extra_args = {}, .env = {}, .data_dir = dir.path()});
    // A key on a user route: 401, never the route's data.
    auto r = Get(server.port(), "/api/v1/api-keys", {{"X-Api-Key", secret}});
    EXPECT_TRUE(IsProblem(r, 401)) << r.Describe();
    // A wrong secret for a real key id: 401 with the ApiKey challenge.
    r = Get(server.port(), "/api/v1/api-keys",
            {{"X-Api-Key", "ccrm_" + KeyId(secret) + "_" + std::string(43, 'A')}});
    EXPECT_TRUE(IsProblem(r, 401));
    EXPECT_EQ(r.HeaderOr("WWW-Authenticate").rfind("ApiKey", 0), 0u) << r.Describe();
    // Both credentials: 400.
    r = Get(server.port(), "/api/v1/api-keys",
            {{"X-Api-Key", secret}, {"Authorization", "Bearer x.y.z"}});
    EXPECT_TRUE(IsProblem(r, 400)) << r.Describe();
    // Public routes ignore credentials.
    EXPECT_EQ(Get(server.port(), "/healthz", {{"X-Api-Key", "nonsense"}}).status, 200);
  }
  const auto revoked =
      RunCommand({Binary(), "apikey", "revoke", "--data-dir", dir.path(), KeyId(secret)});
  EXPECT_EQ(revoked.exit_status, 0) << revoked.err;
  EXPECT_EQ(RunCommand({Binary(), "apikey", "revoke", "--data-dir", dir.path(),
                        "key_01JD7Q8Z3M4N5P6R7S8T9V0W1X"})
                .exit_status,
            1);
  ServerProcess server({.extra_args = {}, .env = {}, .data_dir = dir.path()});
  const auto r = Get(server.port(), "/api/v1/api-keys", {{"X-Api-Key", secret}});
  EXPECT_TRUE(IsProblem(r, 401));
}

TEST(AuthorizerIntegrationTest, MissingAndForgedTokens) {
  ServerProcess server;
  auto r = Get(server.port(), "/api/v1/api-keys");
  EXPECT_TRUE(IsProblem(r, 401));
  EXPECT_EQ(r.HeaderOr("WWW-Authenticate").rfind("Bearer", 0), 0u) << r.Describe();

  const auto key = crypto::RsaKey::Generate();
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const Json claims = {{"iss", "http://127.0.0.1"},
                       {"sub", "usr_x"},
                       {"token_use", "access"},
                       {"client_id", "ccrm-web"},
                       {"iat", now},
                       {"exp", now + 600},
                       {"origin_jti", "f"},
                       {"cognito:groups", {"admin"}}};
  Json expired = claims;
  expired["iat"] = now - 7200;
  expired["exp"] = now - 3600;
  const std::string body = Base64UrlEncode(claims.dump());
  const std::vector<std::string> tokens = {
      auth::SignJwt("forged", claims, key),                                 // unknown kid
      auth::SignJwt("forged", expired, key),                                // and expired
      Base64UrlEncode(R"({"alg":"none","typ":"JWT"})") + "." + body + ".",  // alg none
      Base64UrlEncode(R"({"alg":"HS256","typ":"JWT","kid":"k"})") + "." + body + "." +
          Base64UrlEncode(std::string(32, 'x')),
      "not-a-jwt"};
  for (const auto& token : tokens) {
    r = Get(server.port(), "/api/v1/api-keys", {{"Authorization", "Bearer " + token}});
    EXPECT_TRUE(IsProblem(r, 401)) << token.substr(0, 40);
    EXPECT_NE(r.HeaderOr("WWW-Authenticate").find("error=\"invalid_token\""), std::string::npos)
        << r.Describe();
  }
}

TEST(AuthorizerIntegrationTest, ExternalIssuerTokensMappedToRoles) {
  const auto key = crypto::RsaKey::Generate();
  JwksServer jwks(Json{{"keys", {key.Jwk("ext-1")}}}.dump());
  ServerProcess server({.extra_args = {},
                        .env = {{"CCRM_AUTH_EXTERNAL_ISSUER", kExtIssuer},
                                {"CCRM_AUTH_EXTERNAL_JWKS_URL",
                                 "http://127.0.0.1:" + std::to_string(jwks.port()) + "/jwks.json"},
                                {"CCRM_AUTH_EXTERNAL_CLIENT_ID", kExtClient},
                                {"CCRM_AUTH_EXTERNAL_GROUP_MAP", "Admins=admin,Adjusters=agent"}},
                        .data_dir = ""});
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const auto token = [&](std::vector<std::string> groups, std::string client = kExtClient) {
    const Json claims = {{"iss", kExtIssuer},   {"sub", "ext-user-1"},     {"token_use", "access"},
                         {"client_id", client}, {"username", "zoe"},       {"iat", now},
                         {"exp", now + 600},    {"cognito:groups", groups}};
    return "Bearer " + auth::SignJwt("ext-1", claims, key);
  };
  auto r = Get(server.port(), "/api/v1/api-keys", {{"Authorization", token({"Admins"})}});
  EXPECT_EQ(r.status, 200) << r.Describe() << r.body;
  EXPECT_EQ(jwks.requests(), 1);
  r = Get(server.port(), "/api/v1/api-keys", {{"Authorization", token({"Adjusters"})}});
  EXPECT_TRUE(IsProblem(r, 404)) << r.Describe();  // an agent: admin routes do not exist
  r = Get(server.port(), "/api/v1/api-keys", {{"Authorization", token({"Admins"}, "other")}});
  EXPECT_TRUE(IsProblem(r, 401)) << r.Describe();
  EXPECT_EQ(jwks.requests(), 1);  // cached
}

// A person of the external issuer is a user here from their first request: the leads they
// create are theirs and visible to them, admins see and can disable them, and what their issuer
// owns (groups, password) cannot be changed here.
TEST(AuthorizerIntegrationTest, ExternalUsersAreProvisionedAndOwnTheirLeads) {
  const auto key = crypto::RsaKey::Generate();
  JwksServer jwks(Json{{"keys", {key.Jwk("ext-1")}}}.dump());
  ServerProcess server(WithAdminPassword(
      {.extra_args = {},
       .env = {{"CCRM_AUTH_EXTERNAL_ISSUER", kExtIssuer},
               {"CCRM_AUTH_EXTERNAL_JWKS_URL",
                "http://127.0.0.1:" + std::to_string(jwks.port()) + "/jwks.json"},
               {"CCRM_AUTH_EXTERNAL_CLIENT_ID", kExtClient},
               {"CCRM_AUTH_EXTERNAL_GROUP_MAP", "Admins=admin,Adjusters=agent"}},
       .data_dir = ""}));
  const uint16_t port = server.port();
  const std::string admin = AccessToken(port, "admin", kAdminPassword);
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const auto token = [&](const std::string& sub, const std::string& username,
                         const Json& groups = {"Adjusters"}, int64_t issued = 0) {
    const Json claims = {{"iss", kExtIssuer},      {"sub", sub},
                         {"token_use", "access"},  {"client_id", kExtClient},
                         {"username", username},   {"iat", issued ? issued : now},
                         {"exp", now + 600},       {"cognito:groups", groups}};
    return auth::SignJwt("ext-1", claims, key);
  };
  const std::string zoe = token("sub-zoe", "Zoe");
  const std::string max = token("sub-max", "max");

  // Zoe's first request makes her user; her lead is assigned to her, not left unassigned.
  auto me = GetWith(port, "/api/v1/users/me", zoe);
  ASSERT_EQ(me.status, 200) << me.Describe() << me.body;
  const Json zoe_user = BodyOf(me);
  const std::string zoe_id = zoe_user.value("id", "");
  EXPECT_TRUE(zoe_id.starts_with("usr_")) << me.body;
  EXPECT_EQ(zoe_user["username"], "zoe");
  EXPECT_EQ(zoe_user["groups"], Json{"agent"});
  EXPECT_EQ(zoe_user["external"]["subject"], "sub-zoe");
  const Json lead = CreateLead(port, zoe, LeadBody("Ada", "Ortiz"));
  EXPECT_EQ(lead.value("assignedTo", ""), zoe_id) << lead.dump();
  EXPECT_EQ(GetLead(port, zoe, lead.value("id", "")).status, 200);
  EXPECT_EQ(AllIds(port, zoe, "/api/v1/leads?limit=50"),
            std::vector<std::string>{lead.value("id", "")});
  // Another external agent does not see it.
  EXPECT_TRUE(IsProblem(GetLead(port, max, lead.value("id", "")), 404));
  EXPECT_TRUE(AllIds(port, max, "/api/v1/leads?limit=50").empty());

  // An admin sees her among the users, may assign leads to her, and disables her at once.
  auto users = GetWith(port, "/api/v1/users?limit=50", admin);
  ASSERT_EQ(users.status, 200);
  const Json listed = BodyOf(users);
  int found = 0;
  for (const Json& user : listed["items"]) found += user["id"] == zoe_id ? 1 : 0;
  EXPECT_EQ(found, 1) << users.body;
  const Json assigned = CreateLead(port, admin, [&] {
    Json body = LeadBody("Bo", "Lee");
    body["assignedTo"] = zoe_id;
    return body;
  }());
  EXPECT_EQ(assigned.value("assignedTo", ""), zoe_id);
  auto r = SendJson(port, "PATCH", "/api/v1/users/" + zoe_id, {{"groups", {"manager"}}}, admin);
  EXPECT_TRUE(IsProblem(r, 400)) << r.Describe() << r.body;
  r = PostJson(port, "/api/v1/users/" + zoe_id + "/reset-password", Json::object(), admin);
  EXPECT_TRUE(IsProblem(r, 409)) << r.Describe() << r.body;
  r = SendJson(port, "PATCH", "/api/v1/users/" + zoe_id, {{"enabled", false}}, admin);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(IsProblem(GetWith(port, "/api/v1/users/me", zoe), 401));
  // Max is unaffected.
  EXPECT_EQ(GetWith(port, "/api/v1/users/me", max).status, 200);
  // Enabled again, Zoe needs a token issued since: the one from before the disable stays dead.
  r = SendJson(port, "PATCH", "/api/v1/users/" + zoe_id, {{"enabled", true}}, admin);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(IsProblem(GetWith(port, "/api/v1/users/me", zoe), 401));
  EXPECT_EQ(GetWith(port, "/api/v1/users/me", token("sub-zoe", "Zoe", {"Adjusters"}, now + 2))
                .status,
            200);

  // A person of the pool none of whose groups has a role here can do nothing at all.
  const std::string nobody = token("sub-nobody", "nobody", {"Visitors"});
  EXPECT_TRUE(IsProblem(GetWith(port, "/api/v1/users/me", nobody), 401));
  auto created = CallApi(port, "POST", "/api/v1/leads", nobody, LeadBody("No", "Body"));
  EXPECT_TRUE(IsProblem(created, 401)) << created.Describe();
}

}  // namespace
}  // namespace ccrm::testing
