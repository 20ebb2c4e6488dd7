// Lifecycle rules on the real binary: `ccrm lifecycle --dry-run` lists and changes nothing; a run
// moves old documents to the cold tier, where downloads (ranges too) read the same bytes; an
// expiry removes a document with its file and tells the lead's timeline and the audit trail,
// but never a document of a lead under legal hold; and the server queues its daily run itself.
// Call recordings and Contact Lens files follow the same rules, held the same way.
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>

#include "connect_client.hpp"
#include "documents_client.hpp"
#include "harness.hpp"
#include "identity_client.hpp"
#include "leads_client.hpp"

namespace ccrm::testing {
namespace {

CommandResult Lifecycle(const std::string& data, const std::string& rules, bool dry_run) {
  std::vector<std::string> args = {"lifecycle", "--data-dir", data};
  if (dry_run) args.push_back("--dry-run");
  return RunCcrm(args, {{"CCRM_LIFECYCLE_RULES", rules}}, Seconds(60));
}

size_t FilesUnder(const std::string& dir) {
  size_t n = 0;
  std::error_code ec;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir, ec)) {
    n += e.is_regular_file() && e.path().extension() == ".blob";
  }
  return n;
}

TEST(LifecycleTest, MovesExpiresAndHoldsDocumentsAuditingEachAction) {
  TempDir dir;
  const std::string data = dir.path() + "/data";
  ServerProcess::Options options;
  options.data_dir = data;
  options.env = {{"CCRM_LIFECYCLE_RULES", "recordings/ expire=3650"},
                 {"CCRM_LIFECYCLE_RUN_HOUR_UTC", "0"}};
  ServerProcess server(WithAdminPassword(options));
  const uint16_t port = server.port();
  // The server queued today's run at start, and one process ran it.
  ASSERT_TRUE(WaitFor([&] { return server.Stderr().find("lifecycle: 0 objects examined") != std::string::npos; },
                      Seconds(15)))
      << server.Stderr();
  const std::string admin = AccessToken(port, "admin", kAdminPassword);
  const TestUser manager = CreateUser(port, admin, "life.manager", "manager");
  const TestUser agent = CreateUser(port, admin, "life.agent", "agent");

  struct Stored {
    std::string lead;
    std::string document;
    std::string bytes;
  };
  auto store = [&](const std::string& name) {
    Stored s;
    s.lead = CreateLead(port, agent.token, LeadBody(name, "Lifecycle")).value("id", "");
    s.bytes = PdfBytes(std::string(3000, 'q') + name);
    const Created created = CreateDocument(port, agent.token, s.lead, name + ".pdf",
                                           "application/pdf", s.bytes.size(), "policy");
    EXPECT_EQ(Upload(port, created.upload, s.bytes, "application/pdf").status, 200);
    EXPECT_EQ(WaitForStatus(port, agent.token, created.id)["status"], "available");
    s.document = created.id;
    return s;
  };
  const Stored kept = store("Kept");
  const Stored held = store("Held");
  ASSERT_EQ(PatchLead(port, manager.token, held.lead, {{"legalHold", true}}).status, 200);

  // A dry run lists, changes nothing.
  const CommandResult preview = Lifecycle(data, "documents/leads/ transition=0", true);
  ASSERT_EQ(preview.exit_status, 0) << preview.out << preview.err;
  EXPECT_NE(preview.out.find("would transition\tdocuments/leads/" + kept.lead), std::string::npos)
      << preview.out;
  EXPECT_NE(preview.out.find("dry run: 2 objects examined, 2 would move"), std::string::npos);
  EXPECT_EQ(FilesUnder(data + "/blobs-cold"), 0u);

  // To the cold tier (legal hold does not stop that: nothing is lost), read the same.
  const CommandResult moved = Lifecycle(data, "documents/leads/ transition=0", false);
  ASSERT_EQ(moved.exit_status, 0) << moved.out << moved.err;
  EXPECT_NE(moved.out.find("2 moved to the cold tier"), std::string::npos) << moved.out;
  EXPECT_EQ(FilesUnder(data + "/blobs-cold"), 2u);
  EXPECT_EQ(FilesUnder(data + "/blobs"), 0u);
  const HttpResponse link =
      CallApi(port, "GET", "/api/v1/documents/" + kept.document + "/download", agent.token);
  ASSERT_EQ(link.status, 200) << link.body;
  EXPECT_TRUE(Fetch(port, BodyOf(link).value("url", "")).body == kept.bytes);
  const HttpResponse part = Fetch(port, BodyOf(link).value("url", ""), {{"Range", "bytes=100-199"}});
  EXPECT_EQ(part.status, 206);
  EXPECT_EQ(part.body, kept.bytes.substr(100, 100));
  const Json transitions = BodyOf(CallApi(port, "GET", "/api/v1/audit?action=blob.transition", admin));
  EXPECT_EQ(transitions["items"].size(), 2u) << transitions.dump();

  // Expiry: the unheld document goes with its file; the held one stays.
  const CommandResult expired = Lifecycle(data, "documents/leads/ expire=0", false);
  ASSERT_EQ(expired.exit_status, 0) << expired.out << expired.err;
  EXPECT_NE(expired.out.find("1 expired, 1 kept for legal hold"), std::string::npos) << expired.out;
  EXPECT_NE(expired.out.find("held (legal hold)\tdocuments/leads/" + held.lead), std::string::npos);
  EXPECT_EQ(CallApi(port, "GET", "/api/v1/documents/" + kept.document, agent.token).status, 404);
  EXPECT_EQ(CallApi(port, "GET", "/api/v1/documents/" + held.document, agent.token).status, 200);
  // The server's queue removes the expired file.
  EXPECT_TRUE(WaitFor([&] { return FilesUnder(data + "/blobs-cold") == 1; }, Seconds(15)));
  const Json activity = BodyOf(CallApi(port, "GET", "/api/v1/leads/" + kept.lead + "/activity", agent.token));
  bool timeline_says = false;
  for (const Json& entry : activity["items"]) {
    timeline_says |= entry.value("type", "") == "document" && entry.value("event", "") == "expired";
  }
  EXPECT_TRUE(timeline_says) << activity.dump();
  const Json expiries = BodyOf(CallApi(port, "GET", "/api/v1/audit?action=document.expire", admin));
  ASSERT_EQ(expiries["items"].size(), 1u) << expiries.dump();
  EXPECT_EQ(expiries["items"][0]["entityId"], kept.document);

  // Bad rules are refused by name before anything runs.
  const CommandResult bad = Lifecycle(data, "documents/ expire=soon", false);
  EXPECT_EQ(bad.exit_status, 2);
  EXPECT_NE(bad.err.find("lifecycle.rules"), std::string::npos) << bad.err;
  server.Signal(SIGTERM);
  EXPECT_EQ(server.WaitExit(Seconds(20)), 0);
}

TEST(LifecycleTest, RecordingsAndAnalysesExpireWithTheirCallsRecordUnlessTheLeadIsHeld) {
  TempDir dir;
  const std::string data = dir.path() + "/data";
  ServerProcess::Options options;
  options.data_dir = data;
  LeadsWorld world = StartLeadsWorld(WithRecordingsKeys(options));
  const uint16_t port = world.port;
  const std::string key = CreateIngestKey(port, world.admin, "connect:ingest");
  struct Contact {
    std::string contact;
    std::string lead;
    std::string call;
  };
  auto make = [&](const std::string& contact, const std::string& number) {
    Contact c{.contact = contact, .lead = "", .call = ""};
    Json lead = LeadBody("Rec", contact);
    lead["phones"] = Json::array({{{"number", number}}});
    c.lead = CreateLead(port, world.agent1.token, lead).value("id", "");
    Json ctr = ConnectFixture("ctr-inbound.json");
    ctr["ContactId"] = contact;
    ctr["CustomerEndpoint"]["Address"] = number;
    ctr["Recording"]["Location"] = "recordings/connect/acme/CallRecordings/2026/12/01/" + contact + "_20261201T15:00_UTC.wav";
    EXPECT_EQ(Post(port, "/api/v1/integrations/connect/ctr", key, ctr.dump()).status, 200);
    EXPECT_EQ(PutRecordingsObject(port, "connect/acme/CallRecordings/2026/12/01/" + contact + "_20261201T15:00_UTC.wav",
                                  "RIFF" + std::string(2000, 'r')).status, 200);
    EXPECT_EQ(PutRecordingsObject(port, "connect/acme/Analysis/Voice/Redacted/2026/12/01/" + contact +
                                            "_analysis_redacted_2026-12-01T15:07:30Z.json",
                                  ConnectFixture("contact-lens-analysis-redacted.json").dump()).status, 200);
    c.call = CallIdOf(port, world.manager.token, contact);
    EXPECT_TRUE(WaitFor([&] {
      const Json call = CallOf(port, world.manager.token, contact);
      return call["analysis"].is_object() && call["recording"].value("sizeBytes", 0) > 0;
    }, Seconds(10)));
    return c;
  };
  const Contact gone = make("77777777-0000-4000-8000-000000000001", "+15125550161");
  const Contact held = make("77777777-0000-4000-8000-000000000002", "+15125550162");
  ASSERT_EQ(PatchLead(port, world.manager.token, held.lead, {{"legalHold", true}}).status, 200);

  const CommandResult run = Lifecycle(data, "recordings/connect/ expire=0", false);
  ASSERT_EQ(run.exit_status, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("2 expired, 2 kept for legal hold"), std::string::npos) << run.out;
  // The unheld call keeps its record of what it had, marked expired; URL and transcript are gone.
  const Json call = CallOf(port, world.manager.token, gone.contact);
  EXPECT_EQ(call["recording"]["status"], "expired") << call.dump();
  EXPECT_EQ(call["analysis"]["status"], "expired");
  EXPECT_TRUE(IsProblem(CallApi(port, "GET", "/api/v1/calls/" + gone.call + "/recording", world.manager.token), 409));
  EXPECT_TRUE(IsProblem(CallApi(port, "GET", "/api/v1/calls/" + gone.call + "/transcript", world.manager.token), 409));
  // The held one is as it was.
  EXPECT_EQ(CallApi(port, "GET", "/api/v1/calls/" + held.call + "/recording", world.manager.token).status, 200);
  EXPECT_EQ(CallApi(port, "GET", "/api/v1/calls/" + held.call + "/transcript", world.manager.token).status, 200);
  // In the lead's timeline and the audit trail.
  const Json activity = BodyOf(CallApi(port, "GET", "/api/v1/leads/" + gone.lead + "/activity", world.agent1.token));
  int updates = 0;
  for (const Json& entry : activity["items"]) {
    updates += entry.value("type", "") == "call" && entry.value("event", "") == "updated";
  }
  EXPECT_EQ(updates, 2) << activity.dump();
  EXPECT_EQ(BodyOf(CallApi(port, "GET", "/api/v1/audit?action=call.recording_expire", world.admin))["items"].size(), 1u);
  EXPECT_EQ(BodyOf(CallApi(port, "GET", "/api/v1/audit?action=call.transcript_expire", world.admin))["items"].size(), 1u);
  // A second run finds nothing more to expire: only the held files remain.
  const CommandResult again = Lifecycle(data, "recordings/connect/ expire=0", false);
  EXPECT_NE(again.out.find("0 expired, 2 kept for legal hold"), std::string::npos) << again.out;
}

}  // namespace
}  // namespace ccrm::testing
