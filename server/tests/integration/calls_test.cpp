// Calls over HTTP against the real binary: logged by hand, listed and filtered; dispositions
// drive the lead (callback -> follow_up deadline, appointment_set -> inspection_scheduled,
// wrong_number -> the phone flagged), each in the lead's timeline with the call, once; who sees
// what (an agent: calls on their leads and calls they handled; unmatched calls: managers);
// linking an unmatched call and making a lead from one; bad input named field by field; the
// dashboard's calls per day and dispositions of the week.
#include <gtest/gtest.h>

#include "common/clock.hpp"
#include "connect_client.hpp"
#include "harness.hpp"
#include "identity_client.hpp"
#include "leads_client.hpp"

namespace ccrm::testing {
namespace {

Json NewCall(const std::string& number, const std::string& started = "2026-12-01T15:00:00Z") {
  return {{"direction", "inbound"}, {"customerNumber", number}, {"startedAt", started}};
}

int CountEntries(uint16_t port, const std::string& token, const std::string& lead_id,
                 const std::string& type, const std::string& field, const std::string& value) {
  const Json activity = BodyOf(CallApi(port, "GET", "/api/v1/leads/" + lead_id + "/activity?limit=100", token));
  int n = 0;
  for (const Json& entry : activity["items"]) {
    n += entry.value("type", "") == type && entry.contains(field) && entry[field] == value;
  }
  return n;
}

TEST(CallsTest, DispositionsDriveTheLeadOnceEachInItsTimeline) {
  LeadsWorld world = StartLeadsWorld();
  const uint16_t port = world.port;
  const std::string& agent = world.agent1.token;
  Json body = LeadBody("Cal", "Caller");
  body["phones"] = Json::array({{{"number", "(512) 555-0177"}}, {{"number", "(512) 555-0178"}}});
  const std::string lead_id = CreateLead(port, agent, body).value("id", "");

  // Logged by hand on the lead: the number stored E.164, the duration from the times.
  Json call_body = NewCall("512-555-0177");
  call_body["leadId"] = lead_id;
  call_body["endedAt"] = "2026-12-01T15:04:30Z";
  call_body["notes"] = "Asked about the roof.";
  const HttpResponse logged = CallApi(port, "POST", "/api/v1/calls", agent, call_body);
  ASSERT_EQ(logged.status, 201) << logged.body;
  const Json call = BodyOf(logged);
  const std::string call_id = call.value("id", "");
  EXPECT_EQ(call["customerNumber"], "+15125550177");
  EXPECT_EQ(call["durationSeconds"], 270);
  EXPECT_EQ(call["agent"], world.agent1.username);
  EXPECT_EQ(call["leadId"], lead_id);
  EXPECT_EQ(call["recording"], nullptr);
  EXPECT_EQ(logged.HeaderOr("ETag"), "\"1\"");
  EXPECT_EQ(CountEntries(port, agent, lead_id, "call", "callId", call_id), 1);

  // callback needs its time; with it, a follow_up deadline appears once.
  const HttpResponse no_time = CallApi(port, "PATCH", "/api/v1/calls/" + call_id, agent, {{"disposition", "callback"}});
  EXPECT_TRUE(IsProblem(no_time, 400)) << no_time.body;
  EXPECT_EQ(ErrorFields(no_time), std::set<std::string>{"callbackAt"});
  const HttpResponse callback = CallApi(port, "PATCH", "/api/v1/calls/" + call_id, agent,
                                        {{"disposition", "callback"}, {"callbackAt", "2026-12-03T16:00:00Z"}});
  ASSERT_EQ(callback.status, 200) << callback.body;
  Json lead = BodyOf(GetLead(port, agent, lead_id));
  ASSERT_EQ(lead["deadlines"].size(), 1u) << lead.dump();
  EXPECT_EQ(lead["deadlines"][0]["kind"], "follow_up");
  EXPECT_EQ(lead["deadlines"][0]["dueAt"], "2026-12-03T16:00:00.000Z");
  // The same disposition again (a note added): nothing more.
  ASSERT_EQ(CallApi(port, "PATCH", "/api/v1/calls/" + call_id, agent,
                    {{"disposition", "callback"}, {"notes", "Call after 4."}})
                .status,
            200);
  EXPECT_EQ(BodyOf(GetLead(port, agent, lead_id))["deadlines"].size(), 1u);
  // A new callback time moves that deadline (not a second one).
  ASSERT_EQ(CallApi(port, "PATCH", "/api/v1/calls/" + call_id, agent, {{"callbackAt", "2026-12-04T09:00:00Z"}}).status, 200);
  lead = BodyOf(GetLead(port, agent, lead_id));
  ASSERT_EQ(lead["deadlines"].size(), 1u);
  EXPECT_EQ(lead["deadlines"][0]["dueAt"], "2026-12-04T09:00:00.000Z");

  // appointment_set moves a new lead to inspection_scheduled; the timeline says so.
  ASSERT_EQ(CallApi(port, "PATCH", "/api/v1/calls/" + call_id, agent, {{"disposition", "appointment_set"}}).status, 200);
  lead = BodyOf(GetLead(port, agent, lead_id));
  EXPECT_EQ(lead["status"], "inspection_scheduled");
  EXPECT_EQ(CountEntries(port, agent, lead_id, "status", "to", "inspection_scheduled"), 1);
  // wrong_number flags that phone, not the other.
  ASSERT_EQ(CallApi(port, "PATCH", "/api/v1/calls/" + call_id, agent, {{"disposition", "wrong_number"}}).status, 200);
  lead = BodyOf(GetLead(port, agent, lead_id));
  EXPECT_EQ(lead["phones"][0].value("wrongNumber", false), true) << lead.dump();
  EXPECT_FALSE(lead["phones"][1].contains("wrongNumber"));
  // appointment_set does not move a lead back from later stages.
  ASSERT_EQ(PatchLead(port, agent, lead_id, {{"status", "lor_signed"}}).status, 200);
  ASSERT_EQ(CallApi(port, "PATCH", "/api/v1/calls/" + call_id, agent, {{"disposition", "appointment_set"}}).status, 200);
  EXPECT_EQ(BodyOf(GetLead(port, agent, lead_id))["status"], "lor_signed");

  // The lead's calls; stale If-Match; audit.
  const Json calls = BodyOf(CallApi(port, "GET", "/api/v1/leads/" + lead_id + "/calls", agent));
  ASSERT_EQ(calls["items"].size(), 1u);
  EXPECT_EQ(calls["items"][0]["disposition"], "appointment_set");
  EXPECT_EQ(CallApi(port, "PATCH", "/api/v1/calls/" + call_id, agent, {{"notes", "x"}}, {{"If-Match", "\"1\""}}).status, 412);
  const Json trail = BodyOf(CallApi(port, "GET", "/api/v1/audit?entity=call&entityId=" + call_id, world.admin));
  EXPECT_GE(trail["items"].size(), 5u) << trail.dump();
}

TEST(CallsTest, WhoSeesWhichCall) {
  LeadsWorld world = StartLeadsWorld();
  const uint16_t port = world.port;
  const std::string lead1 = CreateLead(port, world.agent1.token, LeadBody("Ann", "One")).value("id", "");
  const std::string lead2 = CreateLead(port, world.agent2.token, LeadBody("Bob", "Two")).value("id", "");
  Json on_lead2 = NewCall("+15125550101", "2026-12-01T10:00:00Z");
  on_lead2["leadId"] = lead2;
  // agent1 may not log a call on agent2's lead: the lead does not exist for them.
  EXPECT_EQ(CallApi(port, "POST", "/api/v1/calls", world.agent1.token, on_lead2).status, 404);
  const std::string call2 = BodyOf(CallApi(port, "POST", "/api/v1/calls", world.agent2.token, on_lead2)).value("id", "");
  Json on_lead1 = NewCall("+15125550102", "2026-12-01T11:00:00Z");
  on_lead1["leadId"] = lead1;
  const std::string call1 = BodyOf(CallApi(port, "POST", "/api/v1/calls", world.agent1.token, on_lead1)).value("id", "");
  // Unmatched, logged by agent1 (who handled it) and by the manager.
  const std::string mine_unmatched =
      BodyOf(CallApi(port, "POST", "/api/v1/calls", world.agent1.token, NewCall("+15125550103", "2026-12-01T12:00:00Z"))).value("id", "");
  const std::string managers_unmatched =
      BodyOf(CallApi(port, "POST", "/api/v1/calls", world.manager.token, NewCall("+15125550104", "2026-12-01T13:00:00Z"))).value("id", "");

  EXPECT_EQ(CallApi(port, "GET", "/api/v1/calls/" + call1, world.agent1.token).status, 200);
  EXPECT_EQ(CallApi(port, "GET", "/api/v1/calls/" + mine_unmatched, world.agent1.token).status, 200);
  for (const std::string& hidden : {call2, managers_unmatched}) {
    EXPECT_EQ(CallApi(port, "GET", "/api/v1/calls/" + hidden, world.agent1.token).status, 404) << hidden;
    EXPECT_EQ(CallApi(port, "PATCH", "/api/v1/calls/" + hidden, world.agent1.token, {{"notes", "x"}}).status, 404);
    EXPECT_EQ(CallApi(port, "GET", "/api/v1/calls/" + hidden + "/recording", world.agent1.token).status, 404);
  }
  EXPECT_EQ(CallApi(port, "GET", "/api/v1/leads/" + lead2 + "/calls", world.agent1.token).status, 404);
  const std::vector<std::string> agent1_sees = PageIds(CallApi(port, "GET", "/api/v1/calls", world.agent1.token));
  EXPECT_EQ(agent1_sees, (std::vector<std::string>{mine_unmatched, call1}));  // newest first
  const std::vector<std::string> manager_sees = PageIds(CallApi(port, "GET", "/api/v1/calls", world.manager.token));
  EXPECT_EQ(manager_sees.size(), 4u);
  EXPECT_EQ(PageIds(CallApi(port, "GET", "/api/v1/calls?unmatched=true", world.manager.token)),
            (std::vector<std::string>{managers_unmatched, mine_unmatched}));
  EXPECT_EQ(PageIds(CallApi(port, "GET", "/api/v1/calls?from=2026-12-01T10:30:00Z&to=2026-12-01T12:00:00Z",
                            world.manager.token)),
            (std::vector<std::string>{mine_unmatched, call1}));
  EXPECT_EQ(PageIds(CallApi(port, "GET", "/api/v1/calls?agent=" + world.agent2.username, world.manager.token)),
            (std::vector<std::string>{call2}));
  // Paging: one at a time, every call once.
  EXPECT_EQ(AllIds(port, world.manager.token, "/api/v1/calls?limit=1").size(), 4u);
  // A recording URL only for a call with a recording.
  EXPECT_EQ(CallApi(port, "GET", "/api/v1/calls/" + call1 + "/recording", world.agent1.token).status, 409);

  // The manager links the unmatched call to agent1's lead: agent1 sees it now, in the timeline.
  ASSERT_EQ(CallApi(port, "PATCH", "/api/v1/calls/" + managers_unmatched, world.manager.token, {{"leadId", lead1}}).status, 200);
  EXPECT_EQ(CallApi(port, "GET", "/api/v1/calls/" + managers_unmatched, world.agent1.token).status, 200);
  EXPECT_EQ(CountEntries(port, world.agent1.token, lead1, "call", "event", "linked"), 1);
  // An agent cannot link a call to a lead they do not see.
  EXPECT_EQ(CallApi(port, "PATCH", "/api/v1/calls/" + mine_unmatched, world.agent1.token, {{"leadId", lead2}}).status, 404);

  // A lead from an unmatched call: its number, the call linked, in one go; not twice.
  const HttpResponse made = CallApi(port, "POST", "/api/v1/calls/" + mine_unmatched + "/create-lead",
                                    world.agent1.token, {{"firstName", "New"}, {"lastName", "Caller"}});
  ASSERT_EQ(made.status, 201) << made.body;
  const Json created = BodyOf(made);
  EXPECT_EQ(created["lead"]["phones"][0]["e164"], "+15125550103");
  EXPECT_EQ(created["call"]["leadId"], created["lead"]["id"]);
  EXPECT_EQ(BodyOf(CallApi(port, "GET", "/api/v1/calls/" + mine_unmatched, world.agent1.token))["leadId"],
            created["lead"]["id"]);
  EXPECT_EQ(CountEntries(port, world.agent1.token, created["lead"]["id"], "call", "event", "linked"), 1);
  EXPECT_EQ(CallApi(port, "POST", "/api/v1/calls/" + mine_unmatched + "/create-lead", world.agent1.token, Json::object()).status, 409);
}

TEST(CallsTest, BadInputIsNamedFieldByField) {
  LeadsWorld world = StartLeadsWorld();
  const uint16_t port = world.port;
  const HttpResponse bad = CallApi(port, "POST", "/api/v1/calls", world.agent1.token,
                                   {{"direction", "sideways"},
                                    {"customerNumber", "call me maybe"},
                                    {"startedAt", "yesterday"},
                                    {"durationSeconds", -1},
                                    {"disposition", "hung_up"},
                                    {"surprise", 1}});
  EXPECT_TRUE(IsProblem(bad, 400)) << bad.body;
  EXPECT_EQ(ErrorFields(bad), (std::set<std::string>{"direction", "customerNumber", "startedAt",
                                                     "durationSeconds", "disposition", "surprise"}));
  Json backwards = NewCall("+15125550100");
  backwards["endedAt"] = "2026-12-01T14:00:00Z";
  EXPECT_EQ(ErrorFields(CallApi(port, "POST", "/api/v1/calls", world.agent1.token, backwards)),
            std::set<std::string>{"endedAt"});
  EXPECT_EQ(ErrorFields(CallApi(port, "GET", "/api/v1/calls?limit=0", world.agent1.token)),
            std::set<std::string>{"limit"});
  EXPECT_EQ(ErrorFields(CallApi(port, "GET", "/api/v1/calls?from=soon", world.agent1.token)),
            std::set<std::string>{"from"});
  EXPECT_EQ(CallApi(port, "GET", "/api/v1/calls/call_nope", world.agent1.token).status, 404);
  EXPECT_EQ(CallApi(port, "GET", "/api/v1/calls/../leads", world.agent1.token).status, 404);
}

TEST(CallsTest, TheSummaryCountsCallsPerDayAndTheWeeksDispositionsInTheCallersScope) {
  LeadsWorld world = StartLeadsWorld();
  const uint16_t port = world.port;
  const std::string key = CreateIngestKey(port, world.admin, "connect:ingest");
  Json lead = LeadBody("Sum", "Mary");
  lead["phones"] = Json::array({{{"number", "+15125550181"}}});
  const std::string lead_id = CreateLead(port, world.agent1.token, lead).value("id", "");
  const auto now = std::chrono::system_clock::now();
  const std::string started = FormatRfc3339Millis(now - std::chrono::minutes(10));
  // By hand: an answered outbound callback on the agent's lead, and a voicemail.
  Json answered = NewCall("+15125550181", started);
  answered["direction"] = "outbound";
  answered["leadId"] = lead_id;
  answered["disposition"] = "callback";
  answered["callbackAt"] = FormatRfc3339Millis(now + std::chrono::hours(24));
  ASSERT_EQ(CallApi(port, "POST", "/api/v1/calls", world.agent1.token, answered).status, 201);
  Json voicemail = NewCall("+15125550181", started);
  voicemail["direction"] = "outbound";
  voicemail["leadId"] = lead_id;
  voicemail["disposition"] = "voicemail";
  ASSERT_EQ(CallApi(port, "POST", "/api/v1/calls", world.agent1.token, voicemail).status, 201);
  // From Connect: an inbound call answered on the lead, one abandoned from an unknown number.
  Json in = ConnectFixture("ctr-inbound.json");
  in["CustomerEndpoint"]["Address"] = "+15125550181";
  in["InitiationTimestamp"] = started;
  in["DisconnectTimestamp"] = FormatRfc3339Millis(now - std::chrono::minutes(5));
  Json abandoned = ConnectFixture("ctr-abandoned.json");
  abandoned["InitiationTimestamp"] = started;
  abandoned["DisconnectTimestamp"] = FormatRfc3339Millis(now - std::chrono::minutes(9));
  ASSERT_EQ(Post(port, "/api/v1/integrations/connect/ctr", key, Json::array({in, abandoned}).dump()).status, 200);

  HttpResponse r = CallApi(port, "GET", "/api/v1/calls/summary?days=7", world.manager.token);
  ASSERT_EQ(r.status, 200) << r.body;
  Json summary = BodyOf(r);
  ASSERT_EQ(summary["days"].size(), 7u);
  Json today = summary["days"][6];
  EXPECT_EQ(today["date"], summary["today"]);
  EXPECT_EQ(today["inbound"], 2);
  EXPECT_EQ(today["outbound"], 2);
  EXPECT_EQ(today["answered"], 2);   // the callback and the connected inbound call
  EXPECT_EQ(today["inboundAnswered"], 1);
  EXPECT_EQ(today["abandoned"], 1);
  EXPECT_EQ(summary["dispositions"]["callback"], 1);
  EXPECT_EQ(summary["dispositions"]["voicemail"], 1);
  EXPECT_EQ(summary["withoutDisposition"], 2);
  EXPECT_EQ(summary["scope"], "all");
  // An agent counts the calls they see: on their lead (not the unmatched one).
  summary = BodyOf(CallApi(port, "GET", "/api/v1/calls/summary?days=7", world.agent1.token));
  EXPECT_EQ(summary["scope"], "mine");
  EXPECT_EQ(summary["days"][6]["inbound"], 1);
  EXPECT_EQ(summary["days"][6]["abandoned"], 0);
  EXPECT_EQ(BodyOf(CallApi(port, "GET", "/api/v1/calls/summary", world.agent2.token))["days"][13]["outbound"], 0);
  EXPECT_TRUE(IsProblem(CallApi(port, "GET", "/api/v1/calls/summary?days=400", world.manager.token), 400));
}

}  // namespace
}  // namespace ccrm::testing
