// Deadlines on the real binary: adding, completing, reopening and deleting them on a lead, and
// GET /api/v1/deadlines (overdue, today, week) across leads, with the record-level rule (an
// agent sees only their leads' deadlines) and the assignedTo filter for managers.
//
// "today" depends on the caller's UTC offset; the tests pick the offset that puts the caller's
// local time near noon, so now-1h and now+1h are today wherever the clock is.
#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "leads_client.hpp"

namespace ccrm::testing {
namespace {

using std::chrono::hours;

// The utcOffsetMinutes at which it is about 12:00 local time now (within -719..720).
int NoonOffsetMinutes() {
  const auto now = std::chrono::system_clock::now();
  const auto since_midnight = now - std::chrono::floor<std::chrono::days>(now);
  const int minute_of_day =
      static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(since_midnight).count());
  return 12 * 60 - minute_of_day;
}

// The deadline ids of GET /api/v1/deadlines?… (every page).
std::vector<std::string> DueIds(uint16_t port, const std::string& token, const std::string& query) {
  return AllIds(port, token, "/api/v1/deadlines?" + query);
}

// Adds a deadline; its id.
std::string AddDeadline(uint16_t port, const std::string& token, const std::string& lead_id,
                        const std::string& kind, std::chrono::milliseconds due_from_now) {
  const auto reply = PostJson(port, "/api/v1/leads/" + lead_id + "/deadlines",
                              {{"kind", kind}, {"dueAt", TimeFromNow(due_from_now)}}, token);
  EXPECT_EQ(reply.status, 201) << reply.body;
  const Json lead = BodyOf(reply);
  if (!lead.is_object() || !lead.contains("deadlines") || lead["deadlines"].empty()) return "";
  return lead["deadlines"].back().value("id", "");
}

TEST(LeadsDeadlinesIntegration, AddCompleteReopenAndDeleteOnALead) {
  LeadsWorld w = StartLeadsWorld();
  const uint16_t port = w.port;
  const std::string id = CreateLead(port, w.agent1.token, LeadBody("Dee", "Dline")).value("id", "");
  ASSERT_FALSE(id.empty());
  const std::string base = "/api/v1/leads/" + id + "/deadlines";

  const auto added = PostJson(
      port, base,
      {{"kind", "proof_of_loss"}, {"dueAt", "2030-03-01T09:30:00-05:00"}, {"note", "Sworn POL"}},
      w.agent1.token);
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(added.HeaderOr("ETag"), "\"2\"");
  const Json lead = BodyOf(added);
  ASSERT_EQ(lead["deadlines"].size(), 1u) << added.body;
  const Json deadline = lead["deadlines"][0];
  const std::string deadline_id = deadline.value("id", "");
  EXPECT_TRUE(deadline_id.starts_with("dl_")) << deadline;
  EXPECT_EQ(deadline["kind"], "proof_of_loss");
  EXPECT_EQ(deadline["dueAt"], "2030-03-01T14:30:00.000Z");  // rewritten as UTC
  EXPECT_EQ(deadline["note"], "Sworn POL");
  EXPECT_FALSE(deadline.contains("doneAt"));
  EXPECT_EQ(BodyOf(GetLead(port, w.agent1.token, id))["deadlines"], lead["deadlines"]);

  // Refused bodies name their fields and add nothing.
  struct Case {
    Json body;
    std::set<std::string> fields;
  };
  const std::vector<Case> cases = {
      {Json::object(), {"kind", "dueAt"}},
      {{{"kind", "call"}, {"dueAt", "tomorrow"}}, {"kind", "dueAt"}},
      {{{"kind", "other"}, {"dueAt", "2030-01-01T00:00:00Z"}, {"id", "dl_x"}}, {"id"}},
      {{{"kind", "other"}, {"dueAt", "2030-01-01T00:00:00Z"}, {"owner", "me"}}, {"owner"}},
      {{{"kind", "other"}, {"dueAt", "2030-01-01T00:00:00Z"}, {"note", std::string(2001, 'n')}},
       {"note"}},
  };
  for (const Case& c : cases) {
    const auto reply = PostJson(port, base, c.body, w.agent1.token);
    EXPECT_TRUE(IsProblem(reply, 400)) << c.body.dump().substr(0, 80) << " -> " << reply.body;
    EXPECT_EQ(ErrorFields(reply), c.fields) << c.body.dump().substr(0, 80) << " -> " << reply.body;
  }
  EXPECT_EQ(BodyOf(GetLead(port, w.agent1.token, id))["deadlines"].size(), 1u);
  // Not on someone else's lead.
  EXPECT_TRUE(IsProblem(PostJson(port, base, {{"kind", "other"}, {"dueAt", "2030-01-01T00:00:00Z"}},
                                 w.agent2.token),
                        404));

  // Completed, then reopened; the note cleared with null; kind and dueAt cannot be removed.
  const std::string one = base + "/" + deadline_id;
  const auto done = CallApi(port, "PATCH", one, w.agent1.token, {{"doneAt", "2030-02-01T12:00:00Z"}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(BodyOf(done)["deadlines"][0]["doneAt"], "2030-02-01T12:00:00.000Z");
  EXPECT_EQ(BodyOf(done)["deadlines"][0]["kind"], "proof_of_loss");
  const auto reopened = CallApi(port, "PATCH", one, w.agent1.token, {{"doneAt", nullptr}});
  ASSERT_EQ(reopened.status, 200) << reopened.body;
  EXPECT_FALSE(BodyOf(reopened)["deadlines"][0].contains("doneAt")) << reopened.body;
  const auto moved = CallApi(port, "PATCH", one, w.agent1.token,
                             {{"dueAt", "2030-03-02T00:00:00Z"}, {"note", nullptr}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(BodyOf(moved)["deadlines"][0]["dueAt"], "2030-03-02T00:00:00.000Z");
  EXPECT_FALSE(BodyOf(moved)["deadlines"][0].contains("note")) << moved.body;
  const auto removal = CallApi(port, "PATCH", one, w.agent1.token, {{"kind", nullptr}, {"dueAt", nullptr}});
  EXPECT_TRUE(IsProblem(removal, 400)) << removal.body;
  EXPECT_EQ(ErrorFields(removal), (std::set<std::string>{"kind", "dueAt"})) << removal.body;
  EXPECT_TRUE(IsProblem(CallApi(port, "PATCH", base + "/dl_00000000000000000000000000",
                                w.agent1.token, {{"note", "x"}}),
                        404));
  EXPECT_TRUE(IsProblem(CallApi(port, "PATCH", one, w.agent2.token, {{"note", "x"}}), 404));

  // Deleted: the lead comes back without it; a second delete is 404.
  EXPECT_TRUE(IsProblem(CallApi(port, "DELETE", one, w.agent2.token), 404));
  const auto deleted = CallApi(port, "DELETE", one, w.agent1.token);
  ASSERT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_EQ(BodyOf(deleted)["deadlines"], Json::array());
  EXPECT_TRUE(IsProblem(CallApi(port, "DELETE", one, w.agent1.token), 404));
}

TEST(LeadsDeadlinesIntegration, DueListsAcrossLeadsFollowTheRecordRule) {
  LeadsWorld w = StartLeadsWorld();
  const uint16_t port = w.port;
  const std::string mine = CreateLead(port, w.agent1.token, LeadBody("Mia", "Mine")).value("id", "");
  const std::string theirs = CreateLead(port, w.agent2.token, LeadBody("Tom", "Theirs")).value("id", "");
  ASSERT_FALSE(mine.empty());
  ASSERT_FALSE(theirs.empty());

  const std::string overdue = AddDeadline(port, w.agent1.token, mine, "follow_up", -hours(1));
  const std::string soon = AddDeadline(port, w.agent1.token, mine, "carrier_response", hours(1));
  const std::string in3days = AddDeadline(port, w.agent1.token, mine, "proof_of_loss", hours(72));
  const std::string in10days = AddDeadline(port, w.agent1.token, mine, "appraisal", hours(240));
  const std::string finished = AddDeadline(port, w.agent1.token, mine, "reinspection", -hours(2));
  ASSERT_EQ(CallApi(port, "PATCH", "/api/v1/leads/" + mine + "/deadlines/" + finished,
                    w.agent1.token, {{"doneAt", TimeFromNow(std::chrono::milliseconds(0))}})
                .status,
            200);
  const std::string their_overdue = AddDeadline(port, w.agent2.token, theirs, "follow_up", -hours(1));
  const std::string their_soon = AddDeadline(port, w.agent2.token, theirs, "other", hours(1));

  const std::string offset = "&utcOffsetMinutes=" + std::to_string(NoonOffsetMinutes());
  using Ids = std::vector<std::string>;
  // The agent: only their own leads, open deadlines only, soonest first.
  EXPECT_EQ(DueIds(port, w.agent1.token, "due=overdue"), Ids{overdue});
  EXPECT_EQ(DueIds(port, w.agent1.token, "due=today" + offset), (Ids{overdue, soon}));
  EXPECT_EQ(DueIds(port, w.agent1.token, "due=week" + offset), (Ids{overdue, soon, in3days}));
  EXPECT_EQ(DueIds(port, w.agent1.token, "due=week&limit=1" + offset), (Ids{overdue, soon, in3days}));
  EXPECT_EQ(DueIds(port, w.agent1.token, ""), (Ids{overdue, soon, in3days, in10days}));
  EXPECT_EQ(DueIds(port, w.agent2.token, "due=overdue"), Ids{their_overdue});
  EXPECT_EQ(DueIds(port, w.agent1.token, "due=overdue&assignedTo=" + w.agent2.id), Ids{});
  // Managers see every lead's, or one assignee's.
  const Ids all_overdue = DueIds(port, w.manager.token, "due=overdue");
  EXPECT_EQ(std::set<std::string>(all_overdue.begin(), all_overdue.end()),
            (std::set<std::string>{overdue, their_overdue}));
  EXPECT_EQ(DueIds(port, w.manager.token, "due=overdue&assignedTo=" + w.agent1.id), Ids{overdue});
  EXPECT_EQ(DueIds(port, w.manager.token, "due=today&assignedTo=" + w.agent2.id + offset),
            (Ids{their_overdue, their_soon}));

  // An item names its lead.
  const Json first = BodyOf(GetWith(port, "/api/v1/deadlines?due=overdue", w.agent1.token));
  ASSERT_EQ(first["items"].size(), 1u) << first;
  const Json& item = first["items"][0];
  EXPECT_EQ(item["kind"], "follow_up");
  EXPECT_EQ(item["leadId"], mine);
  EXPECT_EQ(item["lead"]["id"], mine);
  EXPECT_EQ(item["lead"]["firstName"], "Mia");
  EXPECT_EQ(item["lead"]["assignedTo"], w.agent1.id);
  EXPECT_FALSE(item.contains("_open")) << item;
  EXPECT_FALSE(item.contains("_assignee")) << item;

  // Reopening brings a deadline back; deleting one removes it.
  ASSERT_EQ(CallApi(port, "PATCH", "/api/v1/leads/" + mine + "/deadlines/" + finished,
                    w.agent1.token, {{"doneAt", nullptr}})
                .status,
            200);
  EXPECT_EQ(DueIds(port, w.agent1.token, "due=overdue"), (Ids{finished, overdue}));
  ASSERT_EQ(CallApi(port, "DELETE", "/api/v1/leads/" + mine + "/deadlines/" + finished,
                    w.agent1.token)
                .status,
            200);
  EXPECT_EQ(DueIds(port, w.agent1.token, "due=overdue"), Ids{overdue});

  // Reassigning the lead moves its deadlines to the new agent's list.
  ASSERT_EQ(PatchLead(port, w.manager.token, mine, {{"assignedTo", w.agent2.id}}).status, 200);
  EXPECT_EQ(DueIds(port, w.agent1.token, "due=week" + offset), Ids{});
  const Ids moved = DueIds(port, w.agent2.token, "due=overdue");
  EXPECT_EQ(std::set<std::string>(moved.begin(), moved.end()),
            (std::set<std::string>{overdue, their_overdue}));
  // A deleted lead's deadlines leave every list.
  ASSERT_EQ(CallApi(port, "DELETE", "/api/v1/leads/" + theirs, w.manager.token).status, 204);
  EXPECT_EQ(DueIds(port, w.manager.token, "due=overdue"), Ids{overdue});

  // Bad parameters.
  const auto bad_due = GetWith(port, "/api/v1/deadlines?due=tomorrow", w.agent1.token);
  EXPECT_TRUE(IsProblem(bad_due, 400)) << bad_due.body;
  EXPECT_EQ(ErrorFields(bad_due), std::set<std::string>{"due"}) << bad_due.body;
  const auto bad_offset =
      GetWith(port, "/api/v1/deadlines?due=today&utcOffsetMinutes=900", w.agent1.token);
  EXPECT_TRUE(IsProblem(bad_offset, 400)) << bad_offset.body;
  EXPECT_EQ(ErrorFields(bad_offset), std::set<std::string>{"utcOffsetMinutes"}) << bad_offset.body;
  const auto bad_cursor =
      GetWith(port, "/api/v1/deadlines?due=overdue&cursor=not-a-cursor", w.manager.token);
  EXPECT_TRUE(IsProblem(bad_cursor, 400)) << bad_cursor.body;
}


// Dates are read into a nanosecond clock, which ends in April 2262. A later date (a suit
// limitation, a filter) must be kept as given or refused with a 400 naming the field; it must never
// silently become another date.
TEST(LeadsDeadlinesIntegration, DatesPastTheYear2262AreKeptOrRefused) {
  LeadsWorld w = StartLeadsWorld();
  const uint16_t port = w.port;
  const std::string id = CreateLead(port, w.agent1.token, LeadBody("Far", "Future")).value("id", "");
  ASSERT_FALSE(id.empty());
  const std::string base = "/api/v1/leads/" + id + "/deadlines";
  for (const std::string far : {"2262-04-12T00:00:00Z", "2999-12-31T23:59:59Z", "9999-01-01T00:00:00Z"}) {
    const std::string stored = far.substr(0, 19) + ".000Z";
    const auto deadline =
        PostJson(port, base, {{"kind", "suit_limitation"}, {"dueAt", far}}, w.agent1.token);
    if (deadline.status == 201) {
      EXPECT_EQ(BodyOf(deadline)["deadlines"].back()["dueAt"], stored)
          << "BUG: dueAt " << far << " stored as another date";
    } else {
      EXPECT_TRUE(IsProblem(deadline, 400)) << far << " -> " << deadline.body;
      EXPECT_EQ(ErrorFields(deadline), std::set<std::string>{"dueAt"}) << deadline.body;
    }
    const auto lor = PatchLead(port, w.agent1.token, id, {{"claim", {{"lorSignedAt", far}}}});
    if (lor.status == 200) {
      EXPECT_EQ(BodyOf(lor)["claim"]["lorSignedAt"], stored)
          << "BUG: claim.lorSignedAt " << far << " stored as another date";
    } else {
      EXPECT_TRUE(IsProblem(lor, 400)) << far << " -> " << lor.body;
      EXPECT_EQ(ErrorFields(lor), std::set<std::string>{"claim.lorSignedAt"}) << lor.body;
    }
    // Nothing was updated after such an instant: no lead, or a 400; never every lead.
    const auto since =
        GetWith(port, "/api/v1/leads?updatedSince=" + UrlEncode(far), w.manager.token);
    if (since.status == 200) {
      EXPECT_EQ(PageIds(since), std::vector<std::string>{})
          << "BUG: updatedSince=" << far << " matches every lead";
    } else {
      EXPECT_TRUE(IsProblem(since, 400)) << far << " -> " << since.body;
      EXPECT_EQ(ErrorFields(since), std::set<std::string>{"updatedSince"}) << since.body;
    }
  }
  // None of the far deadlines is overdue.
  for (const Json& item : BodyOf(GetWith(port, "/api/v1/deadlines?due=overdue", w.agent1.token))
                              .value("items", Json::array())) {
    ADD_FAILURE() << "BUG: a far-future deadline is listed as overdue: " << item.dump();
  }
}

}  // namespace
}  // namespace ccrm::testing
