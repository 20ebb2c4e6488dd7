// The record-level rule on every lead sub-resource, generated: each caller (admin, manager, the
// owning agent, another agent, and the same two cases for users of an external OIDC issuer)
// against a lead owned by a local agent and one owned by an external agent, through get, patch,
// activity, notes, deadlines (add, change, remove, the cross-lead list), lookup, list, search,
// export, and imports that update by id or by email (synchronous and queued). Whoever may not
// see a lead gets 404 or nothing, and changes nothing.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "auth/jwt.hpp"
#include "crypto/rsa_key.hpp"
#include "harness.hpp"
#include "identity_client.hpp"
#include "jwks_server.hpp"
#include "leads_client.hpp"

namespace ccrm::testing {
namespace {

constexpr char kExtIssuer[] = "https://idp.example.test/pool";
constexpr char kExtClient[] = "ext-client";

struct Caller {
  std::string name;
  std::string token;
  std::string id;
};

struct TargetLead {
  std::string name;
  std::string id;
  std::string owner;  // user id
  std::string phone;  // E.164
  std::string email;
  std::string last_name;
};

class LeadsAccessMatrix : public ::testing::Test {
 protected:
  void SetUp() override {
    jwks_ = std::make_unique<JwksServer>(Json{{"keys", {key_.Jwk("ext-1")}}}.dump());
    server_ = std::make_unique<ServerProcess>(WithAdminPassword(
        {.env = {{"CCRM_AUTH_EXTERNAL_ISSUER", kExtIssuer},
                 {"CCRM_AUTH_EXTERNAL_JWKS_URL",
                  "http://127.0.0.1:" + std::to_string(jwks_->port()) + "/jwks.json"},
                 {"CCRM_AUTH_EXTERNAL_CLIENT_ID", kExtClient},
                 {"CCRM_AUTH_EXTERNAL_GROUP_MAP", "Adjusters=agent"}}}));
    port_ = server_->port();
    admin_ = {"admin", AccessToken(port_, "admin", kAdminPassword), ""};
    admin_.id = BodyOf(GetWith(port_, "/api/v1/users/me", admin_.token)).value("id", "");
    const TestUser manager = CreateUser(port_, admin_.token, "matrix.manager", "manager");
    const TestUser agent1 = CreateUser(port_, admin_.token, "matrix.agent1", "agent");
    const TestUser agent2 = CreateUser(port_, admin_.token, "matrix.agent2", "agent");
    callers_ = {admin_,
                {"manager", manager.token, manager.id},
                {"owning agent", agent1.token, agent1.id},
                {"other agent", agent2.token, agent2.id},
                External("external owner", "sub-zoe", "zoe"),
                External("external other", "sub-max", "max")};
    leads_ = {MakeLead("local agent's lead", callers_[2], "+15125550101", "ann@example.com", "Zeddicus"),
              MakeLead("external agent's lead", callers_[4], "+15125550102", "bo@example.com", "Quillon")};
  }

  Caller External(const std::string& name, const std::string& sub, const std::string& username) {
    const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    const Json claims = {{"iss", kExtIssuer},     {"sub", sub},
                         {"token_use", "access"}, {"client_id", kExtClient},
                         {"username", username},  {"iat", now},
                         {"exp", now + 3600},     {"cognito:groups", {"Adjusters"}}};
    Caller caller{name, auth::SignJwt("ext-1", claims, key_), ""};
    const auto me = GetWith(port_, "/api/v1/users/me", caller.token);
    EXPECT_EQ(me.status, 200) << me.body;
    caller.id = BodyOf(me).value("id", "");
    return caller;
  }

  TargetLead MakeLead(const std::string& name, const Caller& owner, const std::string& phone,
                      const std::string& email, const std::string& last_name) {
    Json body = LeadBody("Pat", last_name);
    body["phones"] = {{{"number", phone}}};
    body["email"] = email;
    const Json lead = CreateLead(port_, owner.token, body);
    EXPECT_EQ(lead.value("assignedTo", ""), owner.id) << lead;
    return {name, lead.value("id", ""), owner.id, phone, email, last_name};
  }

  static bool MaySee(const Caller& caller, const TargetLead& lead) {
    return caller.name == "admin" || caller.name == "manager" || caller.id == lead.owner;
  }

  std::string City(const TargetLead& lead) {
    const Json stored = BodyOf(GetLead(port_, admin_.token, lead.id));
    return stored.contains("address") ? stored["address"].value("city", "") : "";
  }

  // A deadline the admin adds, for a caller to try to change or remove.
  std::string AdminDeadline(const TargetLead& lead) {
    const auto added = PostJson(port_, "/api/v1/leads/" + lead.id + "/deadlines",
                                {{"kind", "follow_up"}, {"dueAt", TimeFromNow(std::chrono::hours(30))}},
                                admin_.token);
    EXPECT_EQ(added.status, 201) << added.body;
    const Json deadlines = BodyOf(added).value("deadlines", Json::array());
    return deadlines.empty() ? "" : deadlines.back().value("id", "");
  }

  bool HasDeadline(const TargetLead& lead, const std::string& deadline_id) {
    for (const Json& d : BodyOf(GetLead(port_, admin_.token, lead.id)).value("deadlines", Json::array())) {
      if (d.value("id", "") == deadline_id) return true;
    }
    return false;
  }

  HttpResponse Csv(const Caller& caller, const std::string& target, const std::string& csv) {
    return Request(port_, "POST", target,
                   {{"Authorization", "Bearer " + caller.token}, {"Content-Type", "text/csv"}}, csv);
  }

  void ExpectHiddenOrShown(bool shown, const HttpResponse& reply, int ok_status) {
    if (shown) {
      EXPECT_EQ(reply.status, ok_status) << reply.Describe() << reply.body;
    } else {
      EXPECT_TRUE(IsProblem(reply, 404)) << reply.Describe() << reply.body;
    }
  }

  // Whether any page of `target` (following nextCursor) has an item of lead `id`.
  bool ListsId(const std::string& target, const Caller& caller, const std::string& id) {
    std::string cursor;
    for (int page = 0; page < 100; ++page) {
      const auto reply = GetWith(
          port_, target + (cursor.empty() ? "" : "&cursor=" + UrlEncode(cursor)), caller.token);
      EXPECT_EQ(reply.status, 200) << target << ": " << reply.body;
      const Json body = BodyOf(reply);
      for (const Json& item : body.value("items", Json::array())) {
        if (item.value("id", "") == id || item.value("leadId", "") == id) return true;
      }
      if (!body.contains("nextCursor") || !body["nextCursor"].is_string()) return false;
      cursor = body["nextCursor"];
    }
    return false;
  }

  crypto::RsaKey key_ = crypto::RsaKey::Generate();
  std::unique_ptr<JwksServer> jwks_;
  std::unique_ptr<ServerProcess> server_;
  uint16_t port_ = 0;
  Caller admin_;
  std::vector<Caller> callers_;
  std::vector<TargetLead> leads_;
};

TEST_F(LeadsAccessMatrix, EverySubResourceForEveryCallerOnEveryOwner) {
  for (const TargetLead& lead : leads_) {
    for (const Caller& caller : callers_) {
      SCOPED_TRACE(caller.name + " on the " + lead.name);
      const bool may = MaySee(caller, lead);
      const std::string base = "/api/v1/leads/" + lead.id;

      ExpectHiddenOrShown(may, GetWith(port_, base, caller.token), 200);
      ExpectHiddenOrShown(may, GetWith(port_, base + "/activity", caller.token), 200);
      ExpectHiddenOrShown(may, PostJson(port_, base + "/notes", {{"text", "from " + caller.name}},
                                        caller.token),
                          201);
      ExpectHiddenOrShown(may,
                          PostJson(port_, base + "/deadlines",
                                   {{"kind", "follow_up"}, {"dueAt", TimeFromNow(std::chrono::hours(20))}},
                                   caller.token),
                          201);
      const std::string change = AdminDeadline(lead);
      ExpectHiddenOrShown(may,
                          CallApi(port_, "PATCH", base + "/deadlines/" + change, caller.token,
                                  {{"doneAt", TimeFromNow(std::chrono::milliseconds(0))}}),
                          200);
      const std::string remove = AdminDeadline(lead);
      ExpectHiddenOrShown(may, CallApi(port_, "DELETE", base + "/deadlines/" + remove, caller.token),
                          200);
      EXPECT_EQ(HasDeadline(lead, remove), !may) << "a refused DELETE removed nothing";

      const std::string city = "patched by " + caller.name;
      ExpectHiddenOrShown(may, PatchLead(port_, caller.token, lead.id, {{"address", {{"city", city}}}}),
                          200);
      EXPECT_EQ(City(lead) == city, may);

      // Reads that list: the lead shows up exactly for those who may see it.
      EXPECT_EQ(ListsId("/api/v1/leads/lookup?phone=" + UrlEncode(lead.phone), caller, lead.id),
                may)
          << "lookup";
      EXPECT_EQ(ListsId("/api/v1/leads?limit=200", caller, lead.id), may) << "list";
      EXPECT_EQ(ListsId("/api/v1/leads?q=" + lead.last_name, caller, lead.id), may) << "search";
      EXPECT_EQ(ListsId("/api/v1/deadlines?due=week", caller, lead.id), may)
          << "deadlines across leads";
      const auto exported = GetWith(port_, "/api/v1/leads/export?ids=" + lead.id, caller.token);
      EXPECT_EQ(exported.status, 200) << exported.body;
      EXPECT_EQ(exported.body.find(lead.id) != std::string::npos, may) << "export";
      const auto everything = GetWith(port_, "/api/v1/leads/export", caller.token);
      EXPECT_EQ(everything.body.find(lead.id) != std::string::npos, may) << "export of all";

      // Imports that update: the row names the lead by id, or matches it by email.
      const std::string by_id = "import by id from " + caller.name;
      auto imported = Csv(caller, "/api/v1/leads/import?onDuplicate=update",
                          "id,city\r\n" + lead.id + "," + by_id + "\r\n");
      EXPECT_EQ(imported.status, 200) << imported.body;
      EXPECT_EQ(City(lead) == by_id, may) << imported.body;
      const std::string by_email = "import by email from " + caller.name;
      imported = Csv(caller, "/api/v1/leads/import?onDuplicate=update",
                     "firstName,lastName,email,city\r\nPat," + lead.last_name + "," + lead.email + "," + by_email +
                         "\r\n");
      EXPECT_EQ(imported.status, 200) << imported.body;
      EXPECT_EQ(City(lead) == by_email, may) << imported.body;
      const std::string queued = "queued import from " + caller.name;
      const auto started = Csv(caller, "/api/v1/lead-imports?onDuplicate=update",
                               "id,city\r\n" + lead.id + "," + queued + "\r\n");
      ASSERT_EQ(started.status, 202) << started.body;
      const std::string location = started.HeaderOr("Location");
      const bool ended = WaitFor(
          [&] {
            const std::string status =
                BodyOf(GetWith(port_, location, caller.token)).value("status", "");
            return status == "done" || status == "failed";
          },
          Seconds(30));
      EXPECT_TRUE(ended);
      EXPECT_EQ(City(lead) == queued, may);
    }
  }
}

}  // namespace
}  // namespace ccrm::testing
