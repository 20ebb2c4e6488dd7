// Amazon Connect deliveries against the real binary: contact events (any order, repeated, keys in
// either case) and contact trace records (one, an array, newline-delimited, concatenated) make
// one call per contact with the same end state whatever the order; the newest CTR wins; the
// customer's number matches the most recently updated lead; malformed bodies write nothing; only
// a key with connect:ingest gets in.
#include <gtest/gtest.h>

#include <algorithm>

#include "connect_client.hpp"
#include "harness.hpp"
#include "identity_client.hpp"
#include "leads_client.hpp"

namespace ccrm::testing {
namespace {

TEST(ConnectIngestTest, EventsAndRecordsInAnyOrderMakeOneCallWithTheSameEndState) {
  LeadsWorld world = StartLeadsWorld();
  const uint16_t port = world.port;
  const std::string key = CreateIngestKey(port, world.admin, "connect:ingest");
  // Two leads with the number; the second updated last wins, the first is listed.
  Json body = LeadBody("Older", "Match");
  body["phones"] = Json::array({{{"number", "(512) 555-0190"}}});
  const std::string older = CreateLead(port, world.agent2.token, body).value("id", "");
  body["firstName"] = "Newer";
  const std::string newer = CreateLead(port, world.agent1.token, body).value("id", "");
  ASSERT_EQ(PatchLead(port, world.agent1.token, newer, {{"tags", {"vip"}}}).status, 200);

  const std::vector<Json> events = {
      Event("c-1", "INITIATED"),
      Event("c-1", "QUEUED", {{"queueInfo", {{"queueArn", "arn:aws:connect:queue/q1"}}}}),
      Event("c-1", "CONNECTED_TO_AGENT", {{"agentInfo", {{"connectedToAgentTimestamp", "2026-12-01T15:00:30.000Z"}}}}),
      Event("c-1", "DISCONNECTED", {{"disconnectTimestamp", "2026-12-01T15:06:40Z"}}),
      Event("c-1", "PAUSED")};  // accepted, ignored
  const Json ctr = Ctr("c-1", "+1 512 555 0190", "2026-12-01T15:07:00Z");

  // Order A: events, then the CTR. Order B (another contact, same facts): the CTR first, then
  // the events backwards, each twice.
  HttpResponse r = Post(port, "/api/v1/integrations/connect/events", key, Json(events).dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(BodyOf(r)["received"], 5);
  EXPECT_EQ(BodyOf(r)["ignored"], 1);
  ASSERT_EQ(Post(port, "/api/v1/integrations/connect/ctr", key, ctr.dump()).status, 200);

  Json ctr_b = ctr;
  ctr_b["ContactId"] = "c-2";
  ctr_b["Recording"]["Location"] = "recordings/connect/acme/CallRecordings/2026/12/01/c-1_20261201T15:00_UTC.wav";
  for (int round = 0; round < 2; ++round) {
    ASSERT_EQ(Post(port, "/api/v1/integrations/connect/ctr", key, ctr_b.dump()).status, 200);
    for (auto it = events.rbegin(); it != events.rend(); ++it) {
      Json event = *it;
      event["detail"]["contactId"] = "c-2";
      // Keys in PascalCase, as some of AWS's samples have them.
      Json pascal = event;
      pascal["Detail"] = pascal["detail"];
      pascal.erase("detail");
      pascal["Detail"]["ContactId"] = pascal["Detail"]["contactId"];
      pascal["Detail"].erase("contactId");
      ASSERT_EQ(Post(port, "/api/v1/integrations/connect/events", key, (round ? pascal : event).dump()).status, 200);
    }
  }
  const Json a = CallOf(port, world.manager.token, "c-1");
  const Json b = CallOf(port, world.manager.token, "c-2");
  ASSERT_FALSE(a.is_null());
  EXPECT_EQ(a, b) << a.dump(1) << "\n" << b.dump(1);
  EXPECT_EQ(a["customerNumber"], "+15125550190");
  EXPECT_EQ(a["leadId"], newer);
  EXPECT_EQ(a["otherLeadIds"], Json::array({older}));
  EXPECT_EQ(a["durationSeconds"], 400);
  EXPECT_EQ(a["agent"], "ctr.agent");
  EXPECT_EQ(a["queue"], "Claims intake");
  EXPECT_EQ(a["attributes"]["claimType"], "hail");
  EXPECT_EQ(a["recording"]["key"], "connect/acme/CallRecordings/2026/12/01/c-1_20261201T15:00_UTC.wav");
  EXPECT_EQ(a["direction"], "inbound");
  EXPECT_EQ(a["source"], "connect");
  // One call per contact, in the matched lead's timeline once.
  EXPECT_EQ(BodyOf(CallApi(port, "GET", "/api/v1/calls?limit=200", world.manager.token))["items"].size(), 2u);
  const Json calls = BodyOf(CallApi(port, "GET", "/api/v1/leads/" + newer + "/calls", world.agent1.token));
  EXPECT_EQ(calls["items"].size(), 2u);

  // A repeat changes nothing; an older CTR changes nothing; a newer one wins.
  EXPECT_EQ(BodyOf(Post(port, "/api/v1/integrations/connect/ctr", key, ctr.dump()))["changed"], 0);
  Json older_ctr = Ctr("c-1", "+15125550190", "2026-12-01T15:06:59Z", "someone.else");
  EXPECT_EQ(BodyOf(Post(port, "/api/v1/integrations/connect/ctr", key, older_ctr.dump()))["changed"], 0);
  Json newer_ctr = Ctr("c-1", "+15125550190", "2026-12-01T15:09:00Z", world.agent2.username);
  ASSERT_EQ(BodyOf(Post(port, "/api/v1/integrations/connect/ctr", key, newer_ctr.dump()))["changed"], 1);
  EXPECT_EQ(CallOf(port, world.manager.token, "c-1")["agent"], world.agent2.username);
  // By contact id (the screen pop): the one call, for whoever may see it.
  const Json by_contact = BodyOf(CallApi(port, "GET", "/api/v1/calls?contactId=c-1", world.agent1.token));
  ASSERT_EQ(by_contact["items"].size(), 1u);
  EXPECT_EQ(by_contact["items"][0]["contactId"], "c-1");
  EXPECT_EQ(BodyOf(CallApi(port, "GET", "/api/v1/calls?contactId=nope", world.manager.token))["items"].size(), 0u);
  // The agent who handled it sees it, though the lead is not theirs.
  const std::vector<std::string> agent2_sees = PageIds(CallApi(port, "GET", "/api/v1/calls", world.agent2.token));
  EXPECT_EQ(agent2_sees.size(), 1u);
}

TEST(ConnectIngestTest, RecordsComeInEveryShapeFirehoseAndConnectWrite) {
  LeadsWorld world = StartLeadsWorld();
  const uint16_t port = world.port;
  const std::string key = CreateIngestKey(port, world.admin, "connect:ingest");
  const std::string ndjson = Ctr("n-1", "+15125550101", "2026-12-01T15:07:00Z").dump() + "\n" +
                             Ctr("n-2", "+15125550102", "2026-12-01T15:07:00Z").dump() + "\n";
  HttpResponse r = Post(port, "/api/v1/integrations/connect/ctr", key, ndjson, "application/x-ndjson");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(BodyOf(r)["changed"], 2);
  const std::string concatenated = Ctr("n-3", "+15125550103", "2026-12-01T15:07:00Z").dump() +
                                   Ctr("n-4", "+15125550104", "2026-12-01T15:07:00Z").dump();
  EXPECT_EQ(BodyOf(Post(port, "/api/v1/integrations/connect/ctr", key, concatenated))["changed"], 2);
  const Json array = Json::array({Ctr("n-5", "+15125550105", "2026-12-01T15:07:00Z"),
                                  Ctr("n-6", "+15125550106", "2026-12-01T15:07:00Z")});
  EXPECT_EQ(BodyOf(Post(port, "/api/v1/integrations/connect/ctr", key, array.dump()))["changed"], 2);
  // Unmatched: for managers, not for agents.
  const Json unmatched = BodyOf(CallApi(port, "GET", "/api/v1/calls?unmatched=true", world.manager.token));
  EXPECT_EQ(unmatched["items"].size(), 6u);
  EXPECT_EQ(BodyOf(CallApi(port, "GET", "/api/v1/calls", world.agent1.token))["items"].size(), 0u);

  // Malformed: named, and nothing of the body written (the good record before the bad one too).
  const std::string half = Ctr("n-7", "+15125550107", "2026-12-01T15:07:00Z").dump() + "\n{\"ContactId\": \"n-8\"}";
  r = Post(port, "/api/v1/integrations/connect/ctr", key, half);
  EXPECT_TRUE(IsProblem(r, 400)) << r.body;
  EXPECT_EQ(ErrorFields(r), std::set<std::string>{"[1].LastUpdateTimestamp"});
  EXPECT_TRUE(IsProblem(Post(port, "/api/v1/integrations/connect/ctr", key, "{\"ContactId\": "), 400));
  EXPECT_TRUE(IsProblem(Post(port, "/api/v1/integrations/connect/ctr", key, "   "), 400));
  r = Post(port, "/api/v1/integrations/connect/events", key,
           Json::array({{{"source", "aws.connect"}, {"detail-type", "Amazon Connect Contact Event"},
                         {"detail", {{"eventType", "INITIATED"}}}}}).dump());
  EXPECT_EQ(ErrorFields(r), std::set<std::string>{"[0].detail.contactId"});
  r = Post(port, "/api/v1/integrations/connect/events", key, Json{{"source", "aws.s3"}}.dump());
  EXPECT_EQ(ErrorFields(r), std::set<std::string>{"source"});
  EXPECT_EQ(BodyOf(CallApi(port, "GET", "/api/v1/calls?limit=200", world.manager.token))["items"].size(), 6u);

  // Only a key with the scope.
  const std::string lookup_key = CreateIngestKey(port, world.admin, "connect:lookup");
  EXPECT_TRUE(IsProblem(Post(port, "/api/v1/integrations/connect/ctr", lookup_key, array.dump()), 403));
  EXPECT_TRUE(IsProblem(Request(port, "POST", "/api/v1/integrations/connect/ctr",
                                {{"Authorization", "Bearer " + world.admin}, {"Content-Type", "application/json"}},
                                array.dump()),
                        401));
}

}  // namespace
}  // namespace ccrm::testing

namespace ccrm::testing {
namespace {

TEST(ConnectLookupTest, AnswersTheFlatMapAFlowReadsWhateverItIsSent) {
  LeadsWorld world = StartLeadsWorld();
  const uint16_t port = world.port;
  const std::string key = CreateIngestKey(port, world.admin, "connect:lookup");
  Json body = LeadBody("Maria", "Gonzalez");
  body["phones"] = Json::array({{{"number", "(512) 555-0134"}}});
  const std::string lead_id = CreateLead(port, world.agent1.token, body).value("id", "");
  ASSERT_EQ(CallApi(port, "POST", "/api/v1/leads/" + lead_id + "/deadlines", world.agent1.token,
                    {{"kind", "follow_up"}, {"dueAt", "2030-01-02T00:00:00Z"}})
                .status,
            201);
  const auto lookup = [&](const std::string& payload) {
    return Request(port, "POST", "/api/v1/integrations/connect/lookup",
                   {{"X-Api-Key", key}, {"Content-Type", "application/json"}}, payload);
  };
  const Json event = {{"Name", "ContactFlowEvent"},
                      {"Details",
                       {{"ContactData",
                         {{"ContactId", "c-9"},
                          {"CustomerEndpoint", {{"Address", "+15125550134"}, {"Type", "TELEPHONE_NUMBER"}}}}},
                        {"Parameters", Json::object()}}}};
  const HttpResponse found = lookup(event.dump());
  ASSERT_EQ(found.status, 200) << found.body;
  const Json answer = BodyOf(found);
  EXPECT_EQ(answer["found"], "true");
  EXPECT_EQ(answer["leadId"], lead_id);
  EXPECT_EQ(answer["status"], "new");
  EXPECT_EQ(answer["assignedAgent"], world.agent1.username);
  EXPECT_EQ(answer["openDeadline"], "2030-01-02T00:00:00.000Z");
  for (const auto& [name, value] : answer.items()) {
    ASSERT_TRUE(value.is_string()) << name;  // a flat string map, nothing else
    EXPECT_EQ(value.get<std::string>().find('\n'), std::string::npos) << name;
  }
  EXPECT_LT(found.body.size(), 32u * 1024);
  // The lookup gave the live call its number, so its lead: the agent's screen pop finds it.
  const Json live = BodyOf(CallApi(port, "GET", "/api/v1/calls?contactId=c-9", world.agent1.token));
  ASSERT_EQ(live["items"].size(), 1u) << live.dump();
  EXPECT_EQ(live["items"][0]["leadId"], lead_id);
  EXPECT_EQ(live["items"][0]["customerNumber"], "+15125550134");
  ASSERT_EQ(lookup(event.dump()).status, 200);  // again: still one call
  EXPECT_EQ(BodyOf(CallApi(port, "GET", "/api/v1/calls", world.manager.token))["items"].size(), 1u);
  Json unknown = event;
  unknown["Details"]["ContactData"]["CustomerEndpoint"]["Address"] = "+15125550999";
  EXPECT_EQ(BodyOf(lookup(unknown.dump()))["found"], "false");
  // Whatever arrives, the flow gets a map it can read.
  for (const std::string& junk : {std::string("not json"), std::string("{}"), std::string("[1,2]"),
                                  std::string("{\"Details\": {\"ContactData\": {\"CustomerEndpoint\": {\"Address\": 7}}}}")}) {
    const HttpResponse r = lookup(junk);
    EXPECT_EQ(r.status, 200) << junk;
    EXPECT_EQ(BodyOf(r)["found"], "false") << junk;
  }
}

}  // namespace
}  // namespace ccrm::testing

namespace ccrm::testing {
namespace {

TEST(ConnectRecordingsTest, ARecordingAttachesToItsCallWhicheverArrivesFirst) {
  ServerProcess server(WithAdminPassword(WithRecordingsKeys()));
  const uint16_t port = server.port();
  const std::string admin = AccessToken(port, "admin", kAdminPassword);
  const std::string key = CreateIngestKey(port, admin, "connect:ingest");
  const std::string folder = "connect/acme/CallRecordings/2026/12/01/";

  // Through S3 event notifications (real S3): the recording first, then the CTR; and the other
  // way round for a second contact. Keys come form-URL-encoded.
  const auto notify = [&](const std::string& contact) {
    const Json notification = {
        {"Records",
         {{{"eventVersion", "2.1"},
           {"eventSource", "aws:s3"},
           {"eventName", "ObjectCreated:Put"},
           {"s3",
            {{"bucket", {{"name", "recordings"}}},
             {"object", {{"key", folder + contact + "_20261201T15%3A00_UTC.wav"}, {"size", 96044}}}}}}}}};
    return Post(port, "/api/v1/integrations/s3/events", key, notification.dump());
  };
  ASSERT_EQ(notify("r-1").status, 200);
  ASSERT_EQ(Post(port, "/api/v1/integrations/connect/ctr", key,
                 Ctr("r-1", "+15125550170", "2026-12-01T15:07:00Z").dump()).status, 200);
  ASSERT_EQ(Post(port, "/api/v1/integrations/connect/ctr", key,
                 Ctr("r-2", "+15125550170", "2026-12-01T15:07:00Z").dump()).status, 200);
  ASSERT_EQ(notify("r-2").status, 200);
  Json first = CallOf(port, admin, "r-1");
  Json second = CallOf(port, admin, "r-2");
  ASSERT_FALSE(first.is_null());
  EXPECT_EQ(first["recording"]["status"], "available");
  EXPECT_EQ(first["startedAt"], "2026-12-01T15:00:00.000Z");  // the CTR's, not the arrival time
  // The CTR's location wins in both orders.
  EXPECT_EQ(first["recording"]["key"].get<std::string>().find("r-1_"), folder.size());
  EXPECT_EQ(second["recording"]["key"].get<std::string>().find("r-2_"), folder.size());
  // The test message and other keys are accepted and ignored.
  EXPECT_EQ(BodyOf(Post(port, "/api/v1/integrations/s3/events", key, R"({"Event":"s3:TestEvent"})"))["received"], 0);
  EXPECT_TRUE(IsProblem(Post(port, "/api/v1/integrations/s3/events", key, R"({"Records": 3})"), 400));

  // The embedded store: a recording PUT into the recordings bucket attaches by its trigger, and
  // plays back through the call's presigned URL with ranges.
  ASSERT_EQ(Post(port, "/api/v1/integrations/connect/events", key, Event("r-3", "INITIATED").dump()).status, 200);
  const std::string wav = "RIFF" + std::string(4000, 'w');
  ASSERT_EQ(PutRecordingsObject(port, folder + "r-3_20261201T15:00_UTC.wav", wav).status, 200);
  Json third;
  ASSERT_TRUE(WaitFor(
      [&] {
        third = CallOf(port, admin, "r-3");
        return !third.is_null() && third["recording"].is_object();
      },
      Seconds(10)));
  EXPECT_EQ(third["recording"]["sizeBytes"], wav.size());
  const std::string recording_call = CallIdOf(port, admin, "r-3");
  ASSERT_FALSE(recording_call.empty());
  const HttpResponse link = CallApi(port, "GET", "/api/v1/calls/" + recording_call + "/recording", admin);
  ASSERT_EQ(link.status, 200) << link.body;
  const std::string url = BodyOf(link).value("url", "");
  const size_t at = url.find("/s3/");
  const HttpResponse part = Request(port, "GET", url.substr(at),
                                    {{"Host", "127.0.0.1:" + std::to_string(port)}, {"Range", "bytes=0-3"}});
  EXPECT_EQ(part.status, 206) << part.body;
  EXPECT_EQ(part.body, "RIFF");
  const Json audit = BodyOf(CallApi(port, "GET", "/api/v1/audit?action=call.recording_url", admin));
  EXPECT_EQ(audit["items"].size(), 1u);
}

}  // namespace
}  // namespace ccrm::testing
