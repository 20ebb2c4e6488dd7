// A lead's timeline on the real binary: every kind of entry (created, status, assignment, field
// changes with old and new values, notes, deadlines, delete and restore), newest first, paged by
// cursor without gaps or repeats; and what POST /leads/{id}/notes refuses.
#include <gtest/gtest.h>

#include <set>

#include "leads_client.hpp"

namespace ccrm::testing {
namespace {

TEST(LeadsActivityIntegration, TimelineHasEveryKindOfEntryNewestFirstAndPagesCleanly) {
  LeadsWorld w = StartLeadsWorld();
  const uint16_t port = w.port;
  const std::string id = CreateLead(port, w.agent1.token, LeadBody("Tim", "Line")).value("id", "");
  ASSERT_FALSE(id.empty());
  const std::string base = "/api/v1/leads/" + id;

  ASSERT_EQ(PatchLead(port, w.agent1.token, id, {{"status", "contacted"}}).status, 200);
  ASSERT_EQ(PatchLead(port, w.agent1.token, id,
                      {{"firstName", "Timothy"}, {"email", "tim@example.com"}})
                .status,
            200);
  ASSERT_EQ(PatchLead(port, w.manager.token, id, {{"assignedTo", w.agent2.id}}).status, 200);
  const auto note = PostJson(port, base + "/notes", {{"text", "Called, wants an inspection."}},
                             w.agent2.token);
  ASSERT_EQ(note.status, 201) << note.body;
  const Json note_entry = BodyOf(note);
  EXPECT_EQ(note_entry["type"], "note");
  EXPECT_EQ(note_entry["text"], "Called, wants an inspection.");
  EXPECT_EQ(note_entry["leadId"], id);
  EXPECT_EQ(note_entry["actor"], w.agent2.id);
  EXPECT_TRUE(note_entry.value("id", "").starts_with("act_")) << note.body;

  const auto added = PostJson(port, base + "/deadlines",
                              {{"kind", "follow_up"}, {"dueAt", TimeFromNow(std::chrono::hours(24))}},
                              w.agent2.token);
  ASSERT_EQ(added.status, 201) << added.body;
  const std::string deadline_id = BodyOf(added)["deadlines"][0].value("id", "");
  const std::string deadline = base + "/deadlines/" + deadline_id;
  ASSERT_EQ(CallApi(port, "PATCH", deadline, w.agent2.token,
                    {{"doneAt", TimeFromNow(std::chrono::milliseconds(0))}})
                .status,
            200);
  ASSERT_EQ(CallApi(port, "PATCH", deadline, w.agent2.token, {{"doneAt", nullptr}}).status, 200);
  ASSERT_EQ(CallApi(port, "DELETE", deadline, w.agent2.token).status, 200);
  ASSERT_EQ(CallApi(port, "DELETE", base, w.manager.token).status, 204);
  ASSERT_EQ(PostJson(port, base + "/restore", Json::object(), w.admin).status, 200);

  const auto reply = GetWith(port, base + "/activity", w.agent2.token);
  ASSERT_EQ(reply.status, 200) << reply.body;
  const Json page = BodyOf(reply);
  EXPECT_TRUE(page["nextCursor"].is_null()) << reply.body;
  const Json& items = page["items"];
  std::vector<std::string> kinds;
  for (const Json& item : items) {
    std::string kind = item.value("type", "");
    if (kind == "deadline") kind += ":" + item.value("action", "");
    kinds.push_back(kind);
    EXPECT_EQ(item["leadId"], id) << item;
    EXPECT_TRUE(item.value("id", "").starts_with("act_")) << item;
    EXPECT_EQ(item.value("at", "").size(), 24u) << item;
  }
  ASSERT_EQ(kinds, (std::vector<std::string>{"restored", "deleted", "deadline:deleted",
                                             "deadline:reopened", "deadline:completed",
                                             "deadline:added", "note", "assignment", "fields",
                                             "status", "created"}))
      << reply.body;
  for (size_t i = 1; i < items.size(); ++i) {
    EXPECT_GE(items[i - 1].value("at", ""), items[i].value("at", "")) << "newest first";
  }
  EXPECT_EQ(items[0]["actor"], w.admin_id);
  EXPECT_EQ(items[1]["actor"], w.manager.id);
  for (int i = 2; i <= 5; ++i) {
    EXPECT_EQ(items[i]["deadline"]["id"], deadline_id) << items[i];
    EXPECT_EQ(items[i]["actor"], w.agent2.id) << items[i];
  }
  EXPECT_EQ(items[4]["deadline"]["doneAt"].is_string(), true) << items[4];
  EXPECT_TRUE(items[4]["changes"].contains("doneAt")) << items[4];
  EXPECT_EQ(items[6]["id"], note_entry["id"]);  // the note's reply names its entry
  EXPECT_EQ(items[6]["at"], note_entry["at"]);
  EXPECT_EQ(items[6]["text"], "Called, wants an inspection.");
  EXPECT_EQ(items[7]["from"], w.agent1.id);
  EXPECT_EQ(items[7]["to"], w.agent2.id);
  EXPECT_EQ(items[7]["actor"], w.manager.id);
  const Json& changes = items[8]["changes"];
  EXPECT_EQ(changes["firstName"], Json({{"old", "Tim"}, {"new", "Timothy"}})) << items[8];
  EXPECT_EQ(changes["email"], Json({{"old", nullptr}, {"new", "tim@example.com"}})) << items[8];
  EXPECT_EQ(changes.size(), 2u) << items[8];  // bookkeeping (version, updatedAt) left out
  EXPECT_EQ(items[8]["actor"], w.agent1.id);
  EXPECT_EQ(items[9]["from"], "new");
  EXPECT_EQ(items[9]["to"], "contacted");
  EXPECT_EQ(items[10]["status"], "new");
  EXPECT_EQ(items[10]["actor"], w.agent1.id);

  // Two at a time: the same entries, in the same order, each once.
  std::vector<std::string> all;
  for (const Json& item : items) all.push_back(item.value("id", ""));
  EXPECT_EQ(AllIds(port, w.manager.token, base + "/activity?limit=2"), all);
  const auto first = BodyOf(GetWith(port, base + "/activity?limit=2", w.manager.token));
  EXPECT_EQ(first["items"].size(), 2u);
  ASSERT_TRUE(first["nextCursor"].is_string()) << first;

  // A cursor belongs to its lead; other leads' timelines and bad limits are refused.
  const std::string other = CreateLead(port, w.agent1.token, LeadBody("Oth", "Er")).value("id", "");
  const auto foreign = GetWith(port,
                               "/api/v1/leads/" + other + "/activity?limit=2&cursor=" +
                                   UrlEncode(first["nextCursor"].get<std::string>()),
                               w.manager.token);
  EXPECT_TRUE(IsProblem(foreign, 400)) << foreign.body;
  EXPECT_EQ(ErrorFields(foreign), std::set<std::string>{"cursor"}) << foreign.body;
  EXPECT_TRUE(IsProblem(GetWith(port, base + "/activity?cursor=garbage", w.manager.token), 400));
  const auto bad_limit = GetWith(port, base + "/activity?limit=0", w.manager.token);
  EXPECT_TRUE(IsProblem(bad_limit, 400)) << bad_limit.body;
  EXPECT_EQ(ErrorFields(bad_limit), std::set<std::string>{"limit"}) << bad_limit.body;
  EXPECT_TRUE(IsProblem(GetWith(port, base + "/activity", w.agent1.token), 404));  // not theirs
  EXPECT_TRUE(IsProblem(
      GetWith(port, "/api/v1/leads/lead_00000000000000000000000000/activity", w.admin), 404));
}

TEST(LeadsActivityIntegration, NotesAreValidated) {
  LeadsWorld w = StartLeadsWorld();
  const uint16_t port = w.port;
  const std::string id = CreateLead(port, w.agent1.token, LeadBody("No", "Tes")).value("id", "");
  ASSERT_FALSE(id.empty());
  const std::string notes = "/api/v1/leads/" + id + "/notes";

  struct Case {
    Json body;
    std::set<std::string> fields;
  };
  const std::vector<Case> cases = {
      {{{"text", "  \n\t "}}, {"text"}},
      {Json::object(), {"text"}},
      {{{"text", nullptr}}, {"text"}},
      {{{"text", 42}}, {"text"}},
      {{{"text", std::string(10001, 'x')}}, {"text"}},
      {{{"text", "fine"}, {"pinned", true}}, {"pinned"}},
  };
  for (const Case& c : cases) {
    const auto reply = PostJson(port, notes, c.body, w.agent1.token);
    EXPECT_TRUE(IsProblem(reply, 400)) << c.body.dump().substr(0, 80) << " -> " << reply.body;
    EXPECT_EQ(ErrorFields(reply), c.fields) << c.body.dump().substr(0, 80) << " -> " << reply.body;
  }
  EXPECT_TRUE(IsProblem(PostJson(port, notes, Json::array({"text"}), w.agent1.token), 400));
  const auto text = Request(port, "POST", notes,
                            {{"Authorization", "Bearer " + w.agent1.token},
                             {"Content-Type", "text/plain"}},
                            "a note");
  EXPECT_TRUE(IsProblem(text, 415)) << text.body;
  // Someone else's lead, an unknown lead.
  EXPECT_TRUE(IsProblem(PostJson(port, notes, {{"text", "hi"}}, w.agent2.token), 404));
  EXPECT_TRUE(IsProblem(PostJson(port, "/api/v1/leads/lead_00000000000000000000000000/notes",
                                 {{"text", "hi"}}, w.manager.token),
                        404));

  // A note at the limit and a multi-line one are fine; none of the refused ones was written.
  EXPECT_EQ(PostJson(port, notes, {{"text", std::string(10000, 'y')}}, w.agent1.token).status, 201);
  EXPECT_EQ(PostJson(port, notes, {{"text", "line one\nline two"}}, w.manager.token).status, 201);
  const Json activity = BodyOf(GetWith(port, "/api/v1/leads/" + id + "/activity", w.agent1.token));
  std::vector<std::string> kinds;
  for (const Json& item : activity["items"]) kinds.push_back(item.value("type", ""));
  EXPECT_EQ(kinds, (std::vector<std::string>{"note", "note", "created"})) << activity.dump(1).substr(0, 400);
  EXPECT_EQ(activity["items"][0]["text"], "line one\nline two");
  EXPECT_EQ(BodyOf(GetLead(port, w.agent1.token, id))["firstName"], "No");
}

TEST(LeadsActivityIntegration, NoteLengthIsCountedInCharactersNotBytes) {
  LeadsWorld w = StartLeadsWorld();
  const uint16_t port = w.port;
  const std::string id = CreateLead(port, w.agent1.token, LeadBody("Uni", "Code")).value("id", "");
  ASSERT_FALSE(id.empty());
  const std::string notes = "/api/v1/leads/" + id + "/notes";
  std::string accented;
  for (int i = 0; i < 6000; ++i) accented += "\xC3\xA9";  // 6,000 characters, 12,000 bytes
  const auto reply = PostJson(port, notes, {{"text", accented}}, w.agent1.token);
  // The limit is "at most 10000 characters" (the reply's own words); 6,000 é are within it.
  EXPECT_EQ(reply.status, 201) << reply.body;
  std::string too_long;
  for (int i = 0; i < 10001; ++i) too_long += "\xC3\xA9";
  EXPECT_TRUE(IsProblem(PostJson(port, notes, {{"text", too_long}}, w.agent1.token), 400));
}

}  // namespace
}  // namespace ccrm::testing
