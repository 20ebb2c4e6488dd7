// Leads on the real binary, one record at a time: create (normalization, who it is assigned to,
// every invalid field reported at once), get, JSON merge patch with If-Match (stale versions,
// concurrent writers, read-only members), and 401 for anonymous callers on every leads route.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "leads_client.hpp"

namespace ccrm::testing {
namespace {

// A syntactically valid id no lead has.
constexpr const char* kUnknownLeadId = "lead_00000000000000000000000000";

Json FullLeadBody() {
  return {{"firstName", "  Ana "},
          {"lastName", "Smith"},
          {"email", "Ana.Smith@Example.COM"},
          {"phones", {{{"number", "(512) 555-0134"}}, {{"number", "+44 20 7946 0958"}, {"type", "work"}}}},
          {"preferredContact", "phone"},
          {"address",
           {{"line1", "12 Elm Street"},
            {"city", "Austin"},
            {"state", "TX"},
            {"postalCode", "78701"},
            {"country", "us"}}},
          {"source", "referral"},
          {"tags", {"roof", "Roof", "priority"}},
          {"claim",
           {{"carrier", "Lone Star Mutual"},
            {"claimNumber", "CLM-20931"},
            {"lossType", "hail"},
            {"dateOfLoss", "2025-04-02"},
            {"deductibleCents", 250000},
            {"feePercent", 10.0}}}};
}

TEST(LeadsCrudIntegration, CreateNormalizesAssignsToTheCreatorAndGetReturnsIt) {
  LeadsWorld w = StartLeadsWorld();
  const uint16_t port = w.port;

  const auto created = PostJson(port, "/api/v1/leads", FullLeadBody(), w.agent1.token);
  ASSERT_EQ(created.status, 201) << created.body;
  const Json lead = BodyOf(created);
  const std::string id = lead.value("id", "");
  EXPECT_TRUE(id.starts_with("lead_")) << id;
  EXPECT_EQ(created.HeaderOr("Location"), "/api/v1/leads/" + id);
  EXPECT_EQ(created.HeaderOr("ETag"), "\"1\"");
  EXPECT_EQ(lead["version"], 1);
  EXPECT_EQ(lead["firstName"], "Ana");  // trimmed
  EXPECT_EQ(lead["email"], "Ana.Smith@example.com");  // the domain lower-cased, not the local part
  ASSERT_EQ(lead["phones"].size(), 2u) << lead;
  EXPECT_EQ(lead["phones"][0]["number"], "(512) 555-0134");  // as entered
  EXPECT_EQ(lead["phones"][0]["e164"], "+15125550134");
  EXPECT_EQ(lead["phones"][0]["type"], "mobile");  // the default type
  EXPECT_EQ(lead["phones"][1]["e164"], "+442079460958");
  EXPECT_EQ(lead["address"]["country"], "US");
  EXPECT_EQ(lead["status"], "new");
  EXPECT_EQ(lead["legalHold"], false);
  EXPECT_EQ(lead["tags"], Json({"roof", "priority"}));  // duplicates ignoring case dropped
  EXPECT_EQ(lead["claim"]["feePercent"], 10);
  EXPECT_TRUE(lead["claim"]["feePercent"].is_number_integer());
  EXPECT_EQ(lead["assignedTo"], w.agent1.id);
  EXPECT_EQ(lead["createdBy"], w.agent1.id);
  EXPECT_EQ(lead["deadlines"], Json::array());
  const std::string created_at = lead.value("createdAt", "");
  EXPECT_EQ(created_at.size(), 24u) << created_at;  // 2025-01-02T03:04:05.678Z
  EXPECT_TRUE(created_at.ends_with("Z")) << created_at;
  EXPECT_EQ(lead["updatedAt"], lead["createdAt"]);

  const auto got = GetLead(port, w.agent1.token, id);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.HeaderOr("ETag"), "\"1\"");
  EXPECT_EQ(BodyOf(got), lead);
  EXPECT_EQ(GetLead(port, w.manager.token, id).status, 200);
  EXPECT_EQ(GetLead(port, w.admin, id).status, 200);
  // Another agent's lead does not exist for them.
  EXPECT_TRUE(IsProblem(GetLead(port, w.agent2.token, id), 404));
  // Unknown and malformed ids.
  EXPECT_TRUE(IsProblem(GetLead(port, w.manager.token, kUnknownLeadId), 404));
  EXPECT_TRUE(IsProblem(GetLead(port, w.manager.token, "lead_not-an-id"), 404));
  EXPECT_TRUE(IsProblem(GetLead(port, w.manager.token, "usr_00000000000000000000000000"), 404));

  // Naming oneself is fine for an agent; naming someone else is not.
  Json own = LeadBody("Own", "Lead");
  own["assignedTo"] = w.agent1.id;
  EXPECT_EQ(CreateLead(port, w.agent1.token, own).value("assignedTo", ""), w.agent1.id);
  Json theirs = LeadBody("Their", "Lead");
  theirs["assignedTo"] = w.agent2.id;
  EXPECT_TRUE(IsProblem(PostJson(port, "/api/v1/leads", theirs, w.agent1.token), 403));

  // A manager creates for an agent; an admin's own lead is theirs.
  const Json for_agent = CreateLead(port, w.manager.token, theirs);
  EXPECT_EQ(for_agent["assignedTo"], w.agent2.id);
  EXPECT_EQ(for_agent["createdBy"], w.manager.id);
  EXPECT_EQ(GetLead(port, w.agent2.token, for_agent.value("id", "")).status, 200);
  EXPECT_EQ(CreateLead(port, w.admin, LeadBody("Admin", "Made"))["assignedTo"], w.admin_id);

  // Unknown or disabled assignees.
  Json unknown = LeadBody("No", "Body");
  unknown["assignedTo"] = "usr_00000000000000000000000000";
  const auto refused = PostJson(port, "/api/v1/leads", unknown, w.manager.token);
  EXPECT_TRUE(IsProblem(refused, 400)) << refused.body;
  EXPECT_EQ(ErrorFields(refused), std::set<std::string>{"assignedTo"}) << refused.body;
  const TestUser gone = CreateUser(port, w.admin, "lead.gone", "agent");
  const auto disabled =
      CallApi(port, "PATCH", "/api/v1/users/" + gone.id, w.admin, {{"enabled", false}});
  ASSERT_EQ(disabled.status, 200) << disabled.body;
  unknown["assignedTo"] = gone.id;
  const auto to_disabled = PostJson(port, "/api/v1/leads", unknown, w.manager.token);
  EXPECT_TRUE(IsProblem(to_disabled, 400)) << to_disabled.body;
  EXPECT_EQ(ErrorFields(to_disabled), std::set<std::string>{"assignedTo"}) << to_disabled.body;
}

TEST(LeadsCrudIntegration, CreateReportsEveryInvalidFieldAndRefusesBadBodies) {
  LeadsWorld w = StartLeadsWorld();
  const uint16_t port = w.port;

  Json bad = {{"firstName", ""},
              {"lastName", "Valid"},
              {"phones", {{{"number", "abc"}}}},
              {"claim", {{"feePercent", 33.333}, {"deductibleCents", 1.5}}},
              {"favoriteColor", "blue"},
              {"tags", Json::array()}};
  for (int i = 0; i < 21; ++i) bad["tags"].push_back("tag" + std::to_string(i));
  const auto invalid = PostJson(port, "/api/v1/leads", bad, w.agent1.token);
  EXPECT_TRUE(IsProblem(invalid, 400)) << invalid.body;
  EXPECT_EQ(ErrorFields(invalid),
            (std::set<std::string>{"firstName", "phones[0].number", "claim.feePercent",
                                   "claim.deductibleCents", "favoriteColor", "tags"}))
      << invalid.body;
  const Json problem = BodyOf(invalid);
  for (const Json& error : problem["errors"]) {
    EXPECT_FALSE(error.value("message", "").empty()) << error;
  }

  // Server-owned members are read-only on create too.
  Json owned = LeadBody("Read", "Only");
  owned["id"] = "lead_00000000000000000000000000";
  owned["version"] = 7;
  const auto read_only = PostJson(port, "/api/v1/leads", owned, w.agent1.token);
  EXPECT_TRUE(IsProblem(read_only, 400)) << read_only.body;
  EXPECT_EQ(ErrorFields(read_only), (std::set<std::string>{"id", "version"})) << read_only.body;

  const HeaderList auth = {{"Authorization", "Bearer " + w.agent1.token}};
  auto with = [&](HeaderList headers, const std::string& content_type) {
    headers.push_back({"Content-Type", content_type});
    return headers;
  };
  const auto malformed = Request(port, "POST", "/api/v1/leads", with(auth, "application/json"),
                                 R"({"firstName": "Ana", )");
  EXPECT_TRUE(IsProblem(malformed, 400)) << malformed.body;
  EXPECT_EQ(ErrorFields(malformed), std::set<std::string>{"body"}) << malformed.body;
  const auto text = Request(port, "POST", "/api/v1/leads", with(auth, "text/plain"),
                            LeadBody("Ana", "Smith").dump());
  EXPECT_TRUE(IsProblem(text, 415)) << text.body;
  for (const char* not_object : {"[1, 2]", "\"Ana Smith\"", "42", "null"}) {
    const auto reply =
        Request(port, "POST", "/api/v1/leads", with(auth, "application/json"), not_object);
    EXPECT_TRUE(IsProblem(reply, 400)) << not_object << " -> " << reply.body;
  }
  const auto empty = Request(port, "POST", "/api/v1/leads", with(auth, "application/json"), "");
  EXPECT_TRUE(IsProblem(empty, 400)) << empty.body;

  // None of that wrote anything.
  EXPECT_EQ(AllIds(port, w.manager.token, "/api/v1/leads").size(), 0u);
}

TEST(LeadsCrudIntegration, MergePatchIfMatchAndReadOnlyFields) {
  LeadsWorld w = StartLeadsWorld();
  const uint16_t port = w.port;
  const Json lead = CreateLead(port, w.agent1.token, FullLeadBody());
  const std::string id = lead.value("id", "");
  ASSERT_FALSE(id.empty());

  // A field changed, one removed with null, one added inside claim (merged, not replaced).
  const auto patched = PatchLead(
      port, w.agent1.token, id,
      {{"firstName", "Bo"}, {"email", nullptr}, {"claim", {{"policyNumber", "HO-3 7781"}}}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.HeaderOr("ETag"), "\"2\"");
  Json after = BodyOf(patched);
  EXPECT_EQ(after["version"], 2);
  EXPECT_EQ(after["firstName"], "Bo");
  EXPECT_FALSE(after.contains("email")) << after;
  EXPECT_EQ(after["claim"]["policyNumber"], "HO-3 7781");
  EXPECT_EQ(after["claim"]["carrier"], "Lone Star Mutual");
  EXPECT_EQ(after["claim"]["claimNumber"], "CLM-20931");
  EXPECT_EQ(after["lastName"], "Smith");
  EXPECT_EQ(after["createdAt"], lead["createdAt"]);
  EXPECT_EQ(after["createdBy"], lead["createdBy"]);
  EXPECT_GE(after.value("updatedAt", ""), lead.value("updatedAt", ""));
  EXPECT_EQ(BodyOf(GetLead(port, w.agent1.token, id)), after);

  // A nested member removed with null.
  const auto nested = PatchLead(port, w.agent1.token, id, {{"claim", {{"claimNumber", nullptr}}}});
  ASSERT_EQ(nested.status, 200) << nested.body;
  EXPECT_FALSE(BodyOf(nested)["claim"].contains("claimNumber")) << nested.body;
  EXPECT_EQ(BodyOf(nested)["claim"]["carrier"], "Lone Star Mutual");
  EXPECT_EQ(nested.HeaderOr("ETag"), "\"3\"");

  // If-Match: the current version (quoted or bare) writes and advances the ETag.
  const auto matched = PatchLead(port, w.agent1.token, id, {{"lastName", "Jones"}}, "\"3\"");
  ASSERT_EQ(matched.status, 200) << matched.body;
  EXPECT_EQ(matched.HeaderOr("ETag"), "\"4\"");
  const auto bare = PatchLead(port, w.agent1.token, id, {{"source", "web"}}, "4");
  ASSERT_EQ(bare.status, 200) << bare.body;
  EXPECT_EQ(bare.HeaderOr("ETag"), "\"5\"");

  // A stale one answers 412 and changes nothing; so does a weak tag (it never matches), with a
  // message that says so. An If-Match that is no version at all is a 400 naming the header.
  for (const char* stale : {"\"3\"", "\"99\"", "W/\"5\""}) {
    const auto refused = PatchLead(port, w.agent1.token, id, {{"lastName", "Stale"}}, stale);
    EXPECT_TRUE(IsProblem(refused, 412)) << stale << " -> " << refused.body;
    EXPECT_EQ(refused.body.find("-1"), std::string::npos) << refused.body;
  }
  EXPECT_NE(PatchLead(port, w.agent1.token, id, {{"lastName", "Stale"}}, "W/\"5\"")
                .body.find("weak"),
            std::string::npos);
  for (const char* garbage : {"*x", "\"1\", \"2\"", "five"}) {
    const auto refused = PatchLead(port, w.agent1.token, id, {{"lastName", "Stale"}}, garbage);
    EXPECT_TRUE(IsProblem(refused, 400)) << garbage << " -> " << refused.body;
    EXPECT_NE(refused.body.find("If-Match"), std::string::npos) << refused.body;
  }
  // "*" is any current version.
  const auto any = PatchLead(port, w.agent1.token, id, {{"lastName", "Jones"}}, "*");
  EXPECT_EQ(any.status, 200) << any.body;
  const auto current = GetLead(port, w.agent1.token, id);
  EXPECT_EQ(current.HeaderOr("ETag"), "\"5\"");
  EXPECT_EQ(BodyOf(current)["lastName"], "Jones");
  EXPECT_EQ(BodyOf(current)["source"], "web");

  // A patch that changes nothing writes nothing.
  const auto same = PatchLead(port, w.agent1.token, id, {{"lastName", "Jones"}});
  ASSERT_EQ(same.status, 200) << same.body;
  EXPECT_EQ(same.HeaderOr("ETag"), "\"5\"");

  // Read-only members, unknown members and invalid values: 400 naming each, nothing written.
  const auto read_only = PatchLead(
      port, w.agent1.token, id,
      {{"id", "lead_00000000000000000000000000"}, {"version", 9}, {"createdAt", "2020-01-01T00:00:00.000Z"}});
  EXPECT_TRUE(IsProblem(read_only, 400)) << read_only.body;
  EXPECT_EQ(ErrorFields(read_only), (std::set<std::string>{"id", "version", "createdAt"}))
      << read_only.body;
  const auto unknown = PatchLead(port, w.agent1.token, id, {{"nickname", "Bobby"}});
  EXPECT_TRUE(IsProblem(unknown, 400)) << unknown.body;
  EXPECT_EQ(ErrorFields(unknown), std::set<std::string>{"nickname"}) << unknown.body;
  const auto invalid = PatchLead(port, w.agent1.token, id,
                                 {{"phones", {{{"number", "abc"}}}}, {"firstName", nullptr}});
  EXPECT_TRUE(IsProblem(invalid, 400)) << invalid.body;
  EXPECT_EQ(ErrorFields(invalid), (std::set<std::string>{"phones[0].number", "firstName"}))
      << invalid.body;
  const auto array = PatchLead(port, w.agent1.token, id, Json::array({1}));
  EXPECT_TRUE(IsProblem(array, 400)) << array.body;
  const auto text = Request(port, "PATCH", "/api/v1/leads/" + id,
                            {{"Authorization", "Bearer " + w.agent1.token},
                             {"Content-Type", "text/plain"}},
                            R"({"lastName": "Text"})");
  EXPECT_TRUE(IsProblem(text, 415)) << text.body;
  EXPECT_EQ(GetLead(port, w.agent1.token, id).HeaderOr("ETag"), "\"5\"");

  // Unknown, malformed and someone else's leads.
  EXPECT_TRUE(IsProblem(PatchLead(port, w.manager.token, kUnknownLeadId, {{"lastName", "X"}}), 404));
  EXPECT_TRUE(IsProblem(PatchLead(port, w.manager.token, "lead_bad", {{"lastName", "X"}}), 404));
  EXPECT_TRUE(IsProblem(PatchLead(port, w.agent2.token, id, {{"lastName", "X"}}), 404));
}

TEST(LeadsCrudIntegration, ConcurrentPatchesWithTheSameIfMatchLetExactlyOneWin) {
  LeadsWorld w = StartLeadsWorld();
  const uint16_t port = w.port;
  const std::string id = CreateLead(port, w.agent1.token, LeadBody("Race", "Start")).value("id", "");
  ASSERT_FALSE(id.empty());

  constexpr int kWriters = 8;
  std::vector<int> statuses(kWriters, 0);
  std::vector<std::string> bodies(kWriters);
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back([&, i] {
      ready.fetch_add(1);
      while (ready.load() < kWriters) std::this_thread::yield();  // start together
      const auto reply = PatchLead(port, w.agent1.token, id,
                                   {{"firstName", "Writer" + std::to_string(i)}}, "\"1\"");
      statuses[i] = reply.status;
      bodies[i] = reply.body;
    });
  }
  for (auto& thread : threads) thread.join();

  int ok = 0;
  int stale = 0;
  std::string winner;
  for (int i = 0; i < kWriters; ++i) {
    if (statuses[i] == 200) {
      ++ok;
      winner = "Writer" + std::to_string(i);
    } else if (statuses[i] == 412) {
      ++stale;
    } else {
      ADD_FAILURE() << "writer " << i << ": " << statuses[i] << " " << bodies[i];
    }
  }
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(stale, kWriters - 1);
  const auto final_state = GetLead(port, w.agent1.token, id);
  EXPECT_EQ(final_state.HeaderOr("ETag"), "\"2\"");
  EXPECT_EQ(BodyOf(final_state)["version"], 2);
  EXPECT_EQ(BodyOf(final_state)["firstName"], winner);
}

TEST(LeadsCrudIntegration, ConcurrentPatchesWithoutIfMatchLoseNoUpdate) {
  LeadsWorld w = StartLeadsWorld();
  const uint16_t port = w.port;
  const std::string id = CreateLead(port, w.agent1.token, LeadBody("Many", "Writers")).value("id", "");
  ASSERT_FALSE(id.empty());
  // Each writer changes a different member of claim; the server re-reads and re-applies on a
  // conflict, so every accepted change must be in the final lead.
  const std::vector<std::string> members = {"carrier",     "policyNumber", "policyForm",
                                            "claimNumber", "lossDescription"};
  const int writers = static_cast<int>(members.size());
  std::vector<int> statuses(writers, 0);
  std::vector<std::string> bodies(writers);
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < writers; ++i) {
    threads.emplace_back([&, i] {
      ready.fetch_add(1);
      while (ready.load() < writers) std::this_thread::yield();
      const auto reply = PatchLead(port, w.agent1.token, id,
                                   {{"claim", {{members[i], "value " + std::to_string(i)}}}});
      statuses[i] = reply.status;
      bodies[i] = reply.body;
    });
  }
  for (auto& thread : threads) thread.join();
  const Json lead = BodyOf(GetLead(port, w.agent1.token, id));
  int accepted = 0;
  for (int i = 0; i < writers; ++i) {
    if (statuses[i] == 200) {
      ++accepted;
      EXPECT_EQ(lead["claim"].value(members[i], ""), "value " + std::to_string(i))
          << "lost update of claim." << members[i] << ": " << lead.dump();
    } else {
      // Retries exhausted under contention is the one other documented answer.
      EXPECT_TRUE(IsProblem(HttpResponse{.status = statuses[i],
                                         .headers = {{"Content-Type", "application/problem+json"}},
                                         .body = bodies[i]},
                            409))
          << statuses[i] << " " << bodies[i];
    }
  }
  EXPECT_GE(accepted, 1);
  EXPECT_EQ(lead["version"], 1 + accepted) << lead.dump();
}

TEST(LeadsCrudIntegration, AnonymousCallersGet401OnEveryLeadsRoute) {
  ServerProcess server;
  const uint16_t port = server.port();
  const std::string lead = "/api/v1/leads/lead_00000000000000000000000000";
  const std::string deadline = lead + "/deadlines/dl_00000000000000000000000000";
  const Json body = {{"firstName", "Anon"}};
  const std::vector<std::pair<std::string, std::string>> routes = {
      {"POST", "/api/v1/leads"},
      {"GET", "/api/v1/leads"},
      {"GET", "/api/v1/leads?q=smith"},
      {"GET", "/api/v1/leads/lookup?phone=5125550134"},
      {"GET", lead},
      {"PATCH", lead},
      {"DELETE", lead},
      {"POST", lead + "/restore"},
      {"POST", lead + "/notes"},
      {"GET", lead + "/activity"},
      {"POST", lead + "/deadlines"},
      {"PATCH", deadline},
      {"DELETE", deadline},
      {"GET", "/api/v1/deadlines?due=today"},
  };
  for (const auto& [method, target] : routes) {
    const bool with_body = method == "POST" || method == "PATCH";
    const auto anonymous = CallApi(port, method, target, "", with_body ? body : Json(nullptr));
    EXPECT_TRUE(IsProblem(anonymous, 401)) << method << " " << target << " -> " << anonymous.body;
    const auto forged =
        CallApi(port, method, target, "not.a.jwt", with_body ? body : Json(nullptr));
    EXPECT_TRUE(IsProblem(forged, 401)) << method << " " << target << " -> " << forged.body;
  }
}

}  // namespace
}  // namespace ccrm::testing
