// The rest of Amazon Connect's delivery paths against the real binary: Kinesis Data Firehose's
// HTTP endpoint protocol (plain and gzip, its reply and error shape, a redelivered request id,
// 413), Contact Lens analysis files (the redacted copy preferred, transcript and search), the
// committed fixtures of every kind of contact, and every order in which the four deliveries of
// one contact may arrive converging on the same call.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>

#include "common/base64.hpp"
#include "common/gzip.hpp"
#include "connect_client.hpp"
#include "harness.hpp"
#include "identity_client.hpp"
#include "leads_client.hpp"

namespace ccrm::testing {
namespace {

// A Firehose delivery of `records` (each its data, before base64) as Firehose sends it.
std::string FirehoseBody(const std::string& request_id, const std::vector<std::string>& records) {
  Json body = {{"requestId", request_id}, {"timestamp", 1764601200000}, {"records", Json::array()}};
  for (const std::string& data : records) {
    body["records"].push_back({{"data", Base64UrlEncode(data)}});
    // Firehose's base64 is the standard alphabet with padding.
    std::string& text = body["records"].back()["data"].get_ref<std::string&>();
    std::replace(text.begin(), text.end(), '-', '+');
    std::replace(text.begin(), text.end(), '_', '/');
    while (text.size() % 4) text += '=';
  }
  return body.dump();
}

HttpResponse Deliver(uint16_t port, const std::string& access_key, const std::string& request_id,
                     const std::string& body, bool gzip = false) {
  HeaderList headers = {{"Content-Type", "application/json"},
                        {"X-Amz-Firehose-Protocol-Version", "1.0"},
                        {"X-Amz-Firehose-Request-Id", request_id},
                        {"X-Amz-Firehose-Source-Arn", "arn:aws:firehose:us-east-1:111122223333:deliverystream/ctr"},
                        {"X-Amz-Firehose-Access-Key", access_key},
                        {"X-Amz-Firehose-Common-Attributes", R"({"commonAttributes":{}})"}};
  if (gzip) headers.push_back({"Content-Encoding", "gzip"});
  return Request(port, "POST", "/api/v1/integrations/connect/ctr", headers, gzip ? Gzip(body) : body);
}

// Firehose's reply: exactly {requestId, timestamp} (+ errorMessage), JSON, with a length.
::testing::AssertionResult IsFirehoseReply(const HttpResponse& r, int status, const std::string& id) {
  const Json body = BodyOf(r);
  if (r.status != status) return ::testing::AssertionFailure() << r.status << " " << r.body;
  if (!r.HasHeader("Content-Length")) return ::testing::AssertionFailure() << "no Content-Length";
  if (r.HeaderOr("Content-Type").rfind("application/json", 0) != 0) {
    return ::testing::AssertionFailure() << "Content-Type " << r.HeaderOr("Content-Type");
  }
  if (!body.is_object() || body.value("requestId", "") != id || !body["timestamp"].is_number_integer()) {
    return ::testing::AssertionFailure() << r.body;
  }
  if ((status == 200) == body.contains("errorMessage")) return ::testing::AssertionFailure() << r.body;
  return ::testing::AssertionSuccess();
}

TEST(FirehoseDeliveryTest, BatchesPlainAndGzipTheReplyFirehoseReadsAndRetriesChangeNothing) {
  LeadsWorld world = StartLeadsWorld();
  const uint16_t port = world.port;
  const std::string key = CreateIngestKey(port, world.admin, "connect:ingest");
  // The fixtures: inbound, outbound, abandoned, a transfer (two contacts), a callback; one
  // record may hold several CTRs, as Connect's stream writes them.
  const std::vector<std::string> records = {
      ConnectFixture("ctr-inbound.json").dump(), ConnectFixture("ctr-outbound.json").dump() + "\n",
      ConnectFixture("ctr-abandoned.json").dump(),
      ConnectFixture("ctr-transferred.json")[0].dump() + ConnectFixture("ctr-transferred.json")[1].dump(),
      ConnectFixture("ctr-callback.json").dump()};
  HttpResponse r = Deliver(port, key, "req-plain-1", FirehoseBody("req-plain-1", records));
  ASSERT_TRUE(IsFirehoseReply(r, 200, "req-plain-1"));
  Json calls = BodyOf(CallApi(port, "GET", "/api/v1/calls?limit=200", world.manager.token));
  ASSERT_EQ(calls["items"].size(), 6u) << calls.dump();
  const Json inbound = CallOf(port, world.manager.token, "11111111-aaaa-4bbb-8ccc-000000000001");
  EXPECT_EQ(inbound["queue"], "Claims intake");
  EXPECT_EQ(inbound["agent"], "intake.agent");
  EXPECT_EQ(inbound["attributes"]["policyNumber"], "HO-4471");
  EXPECT_EQ(inbound["recording"]["key"], "connect/acme/CallRecordings/2026/12/01/11111111-aaaa-4bbb-8ccc-000000000001_20261201T15:00_UTC.wav");
  EXPECT_EQ(CallOf(port, world.manager.token, "11111111-aaaa-4bbb-8ccc-000000000002")["direction"], "outbound");
  const Json abandoned = CallOf(port, world.manager.token, "11111111-aaaa-4bbb-8ccc-000000000003");
  EXPECT_FALSE(abandoned.contains("connectedAt")) << abandoned.dump();
  EXPECT_FALSE(abandoned.contains("agent"));
  const Json transferred = CallOf(port, world.manager.token, "11111111-aaaa-4bbb-8ccc-000000000004");
  EXPECT_EQ(transferred["nextContactId"], "11111111-aaaa-4bbb-8ccc-000000000005");
  const Json leg = CallOf(port, world.manager.token, "11111111-aaaa-4bbb-8ccc-000000000005");
  EXPECT_EQ(leg["previousContactId"], "11111111-aaaa-4bbb-8ccc-000000000004");
  EXPECT_EQ(leg["initialContactId"], "11111111-aaaa-4bbb-8ccc-000000000004");
  EXPECT_EQ(CallOf(port, world.manager.token, "11111111-aaaa-4bbb-8ccc-000000000006")["direction"], "outbound");

  // Gzip, a newer CTR of the inbound contact: applied.
  Json newer = ConnectFixture("ctr-inbound.json");
  newer["LastUpdateTimestamp"] = "2026-12-01T15:09:00Z";
  newer["Attributes"]["policyNumber"] = "HO-9999";
  r = Deliver(port, key, "req-gzip-1", FirehoseBody("req-gzip-1", {newer.dump()}), true);
  ASSERT_TRUE(IsFirehoseReply(r, 200, "req-gzip-1"));
  EXPECT_EQ(CallOf(port, world.manager.token, "11111111-aaaa-4bbb-8ccc-000000000001")["attributes"]["policyNumber"], "HO-9999");

  // A redelivered request id changes nothing, even with other content (Firehose's own retry
  // sends the same; this proves the id is what counts).
  Json newest = newer;
  newest["LastUpdateTimestamp"] = "2026-12-01T15:10:00Z";
  newest["Attributes"]["policyNumber"] = "HO-0000";
  r = Deliver(port, key, "req-gzip-1", FirehoseBody("req-gzip-1", {newest.dump()}), true);
  ASSERT_TRUE(IsFirehoseReply(r, 200, "req-gzip-1"));
  EXPECT_EQ(CallOf(port, world.manager.token, "11111111-aaaa-4bbb-8ccc-000000000001")["attributes"]["policyNumber"], "HO-9999");

  // Errors in Firehose's shape: a wrong key, data that is not base64, a CTR that is not one,
  // gzip that is not, a body that inflates past 64 MiB (413, final for Firehose).
  r = Deliver(port, "ccrm_key_nope_wrong", "req-bad-key", FirehoseBody("req-bad-key", records));
  EXPECT_TRUE(IsFirehoseReply(r, 401, "req-bad-key"));
  Json bad = Json::parse(FirehoseBody("req-bad-b64", records));
  bad["records"][1]["data"] = "not base64!";
  r = Deliver(port, key, "req-bad-b64", bad.dump());
  ASSERT_TRUE(IsFirehoseReply(r, 400, "req-bad-b64"));
  EXPECT_NE(BodyOf(r)["errorMessage"].get<std::string>().find("records[1].data"), std::string::npos) << r.body;
  r = Deliver(port, key, "req-bad-ctr", FirehoseBody("req-bad-ctr", {R"({"ContactId": "x-1"})"}));
  ASSERT_TRUE(IsFirehoseReply(r, 400, "req-bad-ctr"));
  EXPECT_NE(BodyOf(r)["errorMessage"].get<std::string>().find("records[0].data[0].LastUpdateTimestamp"), std::string::npos) << r.body;
  HeaderList gz = {{"X-Amz-Firehose-Request-Id", "req-bad-gz"}, {"X-Amz-Firehose-Access-Key", key},
                   {"Content-Encoding", "gzip"}, {"Content-Type", "application/json"}};
  EXPECT_TRUE(IsFirehoseReply(Request(port, "POST", "/api/v1/integrations/connect/ctr", gz, "plain"), 400, "req-bad-gz"));
  const std::string bomb = Gzip(std::string(65 * 1024 * 1024, ' '));
  gz[0].second = "req-bomb";
  EXPECT_TRUE(IsFirehoseReply(Request(port, "POST", "/api/v1/integrations/connect/ctr", gz, bomb), 413, "req-bomb"));
  // Nothing of the refused deliveries was written; a refused id is not taken: its retry, fixed, lands.
  EXPECT_EQ(BodyOf(CallApi(port, "GET", "/api/v1/calls?limit=200", world.manager.token))["items"].size(), 6u);
  r = Deliver(port, key, "req-bad-ctr", FirehoseBody("req-bad-ctr", {Ctr("x-1", "+15125550111", "2026-12-01T15:07:00Z").dump()}));
  EXPECT_TRUE(IsFirehoseReply(r, 200, "req-bad-ctr"));
  // A body over 64 MiB as sent: 413 in Firehose's shape before it is read.
  const std::string huge(64 * 1024 * 1024 + 1, ' ');
  EXPECT_TRUE(IsFirehoseReply(Deliver(port, key, "req-huge", huge), 413, "req-huge"));
  // Without Firehose's headers the route answers as the rest of the API does.
  EXPECT_TRUE(IsProblem(Post(port, "/api/v1/integrations/connect/ctr", key, "{\"ContactId\": 1}"), 400));
}

TEST(ConnectHostileTest, HostileBodiesAreRefusedByNameAndWriteNothing) {
  LeadsWorld world = StartLeadsWorld();
  const uint16_t port = world.port;
  const std::string key = CreateIngestKey(port, world.admin, "connect:ingest");
  const std::string deep = std::string(5000, '[') + std::string(5000, ']');
  for (const char* route : {"/api/v1/integrations/connect/ctr", "/api/v1/integrations/connect/events",
                                   "/api/v1/integrations/s3/events"}) {
    EXPECT_TRUE(IsProblem(Post(port, route, key, deep), 400)) << route;
    EXPECT_TRUE(IsProblem(Post(port, route, key, "{\"ContactId\": \"\xff\xfe\"}"), 400)) << route;  // not UTF-8
  }
  // Wrong types, named.
  Json ctr = Ctr("h-1", "+15125550101", "2026-12-01T15:07:00Z");
  ctr["LastUpdateTimestamp"] = 12;
  HttpResponse r = Post(port, "/api/v1/integrations/connect/ctr", key, ctr.dump());
  EXPECT_EQ(ErrorFields(r), std::set<std::string>{"[0].LastUpdateTimestamp"}) << r.body;
  r = Post(port, "/api/v1/integrations/connect/events", key, Json::array({Json::array({1})}).dump());
  EXPECT_TRUE(IsProblem(r, 400));
  // Over the events route's body limit (10 MiB): 413 before it is read.
  EXPECT_TRUE(IsProblem(Post(port, "/api/v1/integrations/connect/events", key, std::string(11 * 1024 * 1024, ' ')), 413));
  EXPECT_EQ(BodyOf(CallApi(port, "GET", "/api/v1/calls", world.manager.token))["items"].size(), 0u);
}

constexpr char kFolder[] = "connect/acme/";

std::string AnalysisKey(const std::string& contact, bool redacted) {
  return std::string(kFolder) + (redacted ? "Analysis/Voice/Redacted/2026/12/01/" : "Analysis/Voice/2026/12/01/") +
         contact + (redacted ? "_analysis_redacted_2026-12-01T15:07:30Z.json" : "_analysis_2026-12-01T15:07:30Z.json");
}

TEST(ContactLensTest, TheRedactedTranscriptWinsAndIsSearchableFromTheCall) {
  LeadsWorld world = StartLeadsWorld(WithRecordingsKeys());
  const uint16_t port = world.port;
  const std::string key = CreateIngestKey(port, world.admin, "connect:ingest");
  Json lead = LeadBody("Hail", "Roof");
  lead["phones"] = Json::array({{{"number", "+15125550134"}}});
  const std::string lead_id = CreateLead(port, world.agent1.token, lead).value("id", "");
  const std::string contact = "33333333-cccc-4ddd-8eee-000000000001";
  Json ctr = ConnectFixture("ctr-inbound.json");
  ctr["ContactId"] = contact;
  ASSERT_EQ(Post(port, "/api/v1/integrations/connect/ctr", key, ctr.dump()).status, 200);
  const std::string call_id = CallIdOf(port, world.manager.token, contact);
  ASSERT_FALSE(call_id.empty());

  // The original first, through the embedded store's trigger; then the redacted copy.
  ASSERT_EQ(PutRecordingsObject(port, AnalysisKey(contact, false), ConnectFixture("contact-lens-analysis.json").dump()).status, 200);
  ASSERT_TRUE(WaitFor([&] { return CallOf(port, world.manager.token, contact).contains("analysis"); }, Seconds(10)));
  ASSERT_EQ(PutRecordingsObject(port, AnalysisKey(contact, true), ConnectFixture("contact-lens-analysis-redacted.json").dump()).status, 200);
  ASSERT_TRUE(WaitFor([&] { return CallOf(port, world.manager.token, contact)["analysis"].value("redacted", false); }, Seconds(10)));
  // The original announced again (an S3 notification) does not replace it.
  const Json notification = {
      {"Records", {{{"eventName", "ObjectCreated:Put"}, {"eventSource", "aws:s3"},
                    {"s3", {{"bucket", {{"name", "recordings"}}},
                            {"object", {{"key", AnalysisKey(contact, false)}}}}}}}}};
  ASSERT_EQ(Post(port, "/api/v1/integrations/s3/events", key, notification.dump()).status, 200);
  const Json call = CallOf(port, world.manager.token, contact);
  EXPECT_EQ(call["analysis"]["redacted"], true);
  EXPECT_EQ(call["analysis"]["categories"], Json::array({"RoofDamage"}));
  EXPECT_EQ(call["analysis"]["sentiment"]["CUSTOMER"], 1.2);
  EXPECT_EQ(call["analysis"]["turns"], 6);

  // The transcript, for whoever sees the call: turns by participant with offsets.
  HttpResponse r = CallApi(port, "GET", "/api/v1/calls/" + call_id + "/transcript", world.agent1.token);
  ASSERT_EQ(r.status, 200) << r.body;
  const Json transcript = BodyOf(r);
  ASSERT_EQ(transcript["turns"].size(), 6u);
  EXPECT_EQ(transcript["turns"][0]["participant"], "AGENT");
  EXPECT_EQ(transcript["turns"][1]["participant"], "CUSTOMER");
  EXPECT_EQ(transcript["turns"][1]["sentiment"], "NEGATIVE");
  EXPECT_EQ(transcript["turns"][3]["content"], "It is [PII].");
  EXPECT_EQ(transcript["turns"][3]["redactions"][0]["beginMs"], 15000);
  EXPECT_EQ(transcript["summary"], "Customer reported hail damage to the roof; inspection booked for Thursday.");
  EXPECT_EQ(r.body.find("4242"), std::string::npos);  // the original's PII is nowhere
  EXPECT_EQ(BodyOf(CallApi(port, "GET", "/api/v1/calls/" + call_id + "/transcript?q=ROOF", world.agent1.token))["matches"],
            Json::array({1, 4}));
  // Another agent: the call does not exist for them.
  EXPECT_TRUE(IsProblem(CallApi(port, "GET", "/api/v1/calls/" + call_id + "/transcript", world.agent2.token), 404));
  // In the lead's calls.
  EXPECT_EQ(BodyOf(CallApi(port, "GET", "/api/v1/leads/" + lead_id + "/calls", world.agent1.token))["items"][0]["analysis"]["redacted"], true);

  // A file that is not an analysis: named and refused through the notification route; the
  // trigger leaves it (logged), and a missing one is a conflict to retry.
  const std::string broken = AnalysisKey("44444444-0000-4000-8000-000000000001", false);
  ASSERT_EQ(PutRecordingsObject(port, broken, R"({"Transcript": [{"Content": 7}]})").status, 200);
  Json bad = notification;
  bad["Records"][0]["s3"]["object"]["key"] = broken;
  r = Post(port, "/api/v1/integrations/s3/events", key, bad.dump());
  EXPECT_TRUE(IsProblem(r, 400));
  EXPECT_EQ(ErrorFields(r), std::set<std::string>{"Transcript[0].Content"});
  bad["Records"][0]["s3"]["object"]["key"] = AnalysisKey("55555555-0000-4000-8000-000000000001", false);
  EXPECT_TRUE(IsProblem(Post(port, "/api/v1/integrations/s3/events", key, bad.dump()), 409));
  EXPECT_EQ(CallIdOf(port, world.manager.token, "44444444-0000-4000-8000-000000000001"), "");
}

// One contact's four deliveries (its events, its CTR, its recording, its analysis) in each of
// the 24 orders, each order a contact of its own: every call ends the same.
TEST(ConnectConvergenceTest, EveryArrivalOrderOfOneContactEndsInTheSameCall) {
  LeadsWorld world = StartLeadsWorld(WithRecordingsKeys());
  const uint16_t port = world.port;
  const std::string key = CreateIngestKey(port, world.admin, "connect:ingest");
  Json lead = LeadBody("Order", "Test");
  lead["phones"] = Json::array({{{"number", "+15125550134"}}});
  CreateLead(port, world.agent1.token, lead);
  const Json events = ConnectFixture("contact-events.json");
  const std::string analysis = ConnectFixture("contact-lens-analysis-redacted.json").dump();

  std::array<int, 4> order = {0, 1, 2, 3};
  std::vector<std::string> contacts;
  int n = 0;
  do {
    const std::string contact = fmt::format("66666666-0000-4000-8000-{:012}", n++);
    contacts.push_back(contact);
    for (const int step : order) {
      switch (step) {
        case 0: {  // the events, each once and COMPLETED twice
          Json mine = events;
          for (Json& event : mine) event["detail"]["contactId"] = contact;
          mine.push_back(mine.back());
          ASSERT_EQ(Post(port, "/api/v1/integrations/connect/events", key, mine.dump()).status, 200);
          break;
        }
        case 1: {
          Json ctr = ConnectFixture("ctr-inbound.json");
          ctr["ContactId"] = contact;
          ctr["Recording"]["Location"] = "recordings/connect/acme/CallRecordings/2026/12/01/" + contact + "_20261201T15:00_UTC.wav";
          ASSERT_EQ(Post(port, "/api/v1/integrations/connect/ctr", key, ctr.dump()).status, 200);
          break;
        }
        case 2: {  // the recording, through the trigger: waited for, so the order holds
          ASSERT_EQ(PutRecordingsObject(port, std::string(kFolder) + "CallRecordings/2026/12/01/" + contact + "_20261201T15:00_UTC.wav",
                                        "RIFF....WAVE").status, 200);
          ASSERT_TRUE(WaitFor([&] { return CallOf(port, world.manager.token, contact)["recording"].contains("sizeBytes"); }, Seconds(10)));
          break;
        }
        case 3: {
          ASSERT_EQ(PutRecordingsObject(port, AnalysisKey(contact, true), analysis).status, 200);
          ASSERT_TRUE(WaitFor([&] { return CallOf(port, world.manager.token, contact)["analysis"].is_object(); }, Seconds(10)));
          break;
        }
      }
    }
  } while (std::next_permutation(order.begin(), order.end()));
  ASSERT_EQ(contacts.size(), 24u);

  // The same call, once each contact's own id is taken out of it.
  const auto normalized = [&](const std::string& contact) {
    std::string text = CallOf(port, world.manager.token, contact).dump();
    for (size_t at; (at = text.find(contact)) != std::string::npos;) text.replace(at, contact.size(), "CONTACT");
    return text;
  };
  const std::string first = normalized(contacts[0]);
  const Json call = Json::parse(first);
  EXPECT_EQ(call["agent"], "intake.agent");
  EXPECT_EQ(call["analysis"]["redacted"], true);
  EXPECT_EQ(call["recording"]["status"], "available");
  EXPECT_EQ(call["recording"]["sizeBytes"], 12);  // the object's size, whichever came first
  EXPECT_FALSE(call["leadId"].get<std::string>().empty());
  for (size_t i = 1; i < contacts.size(); ++i) EXPECT_EQ(normalized(contacts[i]), first) << i;
}

}  // namespace
}  // namespace ccrm::testing
