// Lifecycle rules on the real binary: `ccrm lifecycle --dry-run` lists and changes nothing; a run
// moves old documents to the cold tier, where downloads (ranges too) read the same bytes; an
// expiry removes a document with its file and tells the lead's timeline and the audit trail,
// but never a document of a lead under legal hold; and the server queues its daily run itself.
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>

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

}  // namespace
}  // namespace ccrm::testing
