// `ccrm backup` while a server keeps serving (and writing), `ccrm restore` into a new data
// directory, and a server on the restored copy: the same leads, field for field; the same
// documents, byte for byte; search rebuilt; the audit chain intact.
#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <thread>

#include "documents_client.hpp"
#include "harness.hpp"
#include "identity_client.hpp"
#include "leads_client.hpp"

namespace ccrm::testing {
namespace {

// A PDF of `size` bytes: several 64 KiB chunks, the last one partial.
std::string BigPdf(size_t size) {
  std::string pdf = PdfBytes("a scanned estimate");
  std::string filler;
  for (size_t i = 0; pdf.size() + filler.size() < size; ++i) filler += static_cast<char>('a' + i * 7 % 26);
  return pdf.substr(0, pdf.size() - 6) + "% " + filler.substr(0, size - pdf.size() - 2) + "%%EOF\n";
}

TEST(BackupTest, AnOnlineBackupRestoresTheSameLeadsAndDocumentsByteForByte) {
  TempDir dir;
  const std::string data = dir.path() + "/data";
  const std::string backup = dir.path() + "/backup";
  const std::string restored = dir.path() + "/restored";
  auto server = StartServerOn(data);
  const uint16_t port = server->port();
  const std::string admin = AccessToken(port, "admin", kAdminPassword);
  const TestUser agent = CreateUser(port, admin, "backup.agent", "agent");

  std::vector<std::string> lead_ids;
  for (int i = 0; i < 20; ++i) {
    lead_ids.push_back(
        CreateLead(port, agent.token, LeadBody("Bea" + std::to_string(i), "Backup")).value("id", ""));
  }
  std::map<std::string, std::string> documents;  // id -> bytes
  for (const size_t size : {size_t{900}, size_t{200'000}}) {
    const std::string bytes = BigPdf(size);
    const Created created = CreateDocument(port, agent.token, lead_ids[0], "estimate.pdf",
                                           "application/pdf", bytes.size(), "estimate");
    ASSERT_EQ(Upload(port, created.upload, bytes, "application/pdf").status, 200);
    ASSERT_EQ(WaitForStatus(port, agent.token, created.id)["status"], "available");
    documents[created.id] = bytes;
  }
  // One more that is deleted while the backup runs: the backup has it or not, whole either way.
  const std::string doomed_bytes = BigPdf(150'000);
  const std::string doomed_lead =
      CreateLead(port, agent.token, LeadBody("Dee", "Deleted")).value("id", "");
  const Created doomed = CreateDocument(port, agent.token, doomed_lead, "old.pdf",
                                        "application/pdf", doomed_bytes.size(), "other");
  ASSERT_EQ(Upload(port, doomed.upload, doomed_bytes, "application/pdf").status, 200);
  ASSERT_EQ(WaitForStatus(port, agent.token, doomed.id)["status"], "available");
  // id -> the lead as served before the backup (not the doomed document's, which the delete changes)
  std::map<std::string, std::string> before;
  for (const std::string& id : lead_ids) before[id] = GetLead(port, agent.token, id).body;

  // Writers keep writing during the backup.
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::thread writer([&] {
    for (int i = 0; !stop; ++i) {
      if (CreateLead(port, agent.token, LeadBody("During" + std::to_string(i), "Backup")).contains("id")) {
        ++written;
      }
      if (i == 3) CallApi(port, "DELETE", "/api/v1/documents/" + doomed.id, agent.token);
    }
  });
  WaitFor([&] { return written >= 2; }, Seconds(10));
  const CommandResult backed_up = RunCcrm({"backup", backup, "--data-dir", data});
  stop = true;
  writer.join();
  ASSERT_EQ(backed_up.exit_status, 0) << backed_up.out << backed_up.err;
  EXPECT_NE(backed_up.out.find("master.key not included"), std::string::npos) << backed_up.out;
  EXPECT_TRUE(std::filesystem::exists(backup + "/manifest.json"));
  EXPECT_FALSE(std::filesystem::exists(backup + "/master.key"));
  // Not into a directory with something in it.
  EXPECT_NE(RunCcrm({"backup", backup, "--data-dir", data}).exit_status, 0);
  server->Signal(SIGTERM);
  ASSERT_EQ(server->WaitExit(Seconds(20)), 0);

  // Without the key the backup does not hold, restore says what it needs.
  const CommandResult keyless = RunCcrm({"restore", backup, "--data-dir", restored});
  EXPECT_NE(keyless.exit_status, 0);
  EXPECT_NE(keyless.err.find("--master-key"), std::string::npos) << keyless.err;
  const CommandResult restore =
      RunCcrm({"restore", backup, "--data-dir", restored, "--master-key", data + "/master.key"});
  ASSERT_EQ(restore.exit_status, 0) << restore.out << restore.err;
  EXPECT_NE(restore.out.find("leads indexed"), std::string::npos) << restore.out;
  // Not over a data directory in use or with data in it.
  EXPECT_NE(RunCcrm({"restore", backup, "--data-dir", data, "--master-key", data + "/master.key"})
                .exit_status,
            0);

  const CommandResult verified = RunCcrm({"audit", "verify", "--data-dir", restored});
  EXPECT_EQ(verified.exit_status, 0) << verified.out << verified.err;
  auto copy = StartServerOn(restored);
  const uint16_t copy_port = copy->port();
  const std::string token = AccessToken(copy_port, agent.username, agent.password);
  for (const auto& [id, body] : before) EXPECT_EQ(GetLead(copy_port, token, id).body, body) << id;
  for (const auto& [id, bytes] : documents) {
    const HttpResponse link = CallApi(copy_port, "GET", "/api/v1/documents/" + id + "/download", token);
    ASSERT_EQ(link.status, 200) << link.body;
    const HttpResponse file = Fetch(copy_port, BodyOf(link).value("url", ""));
    EXPECT_EQ(file.status, 200);
    EXPECT_TRUE(file.body == bytes) << id << ": " << file.body.size() << " bytes";
  }
  // The deleted one: whole if the snapshot came before the delete, else gone, never broken.
  const HttpResponse doomed_link =
      CallApi(copy_port, "GET", "/api/v1/documents/" + doomed.id + "/download", token);
  if (doomed_link.status == 200) {
    EXPECT_TRUE(Fetch(copy_port, BodyOf(doomed_link).value("url", "")).body == doomed_bytes);
  } else {
    EXPECT_EQ(doomed_link.status, 404) << doomed_link.body;
  }
  // Every lead the backup holds is searchable again, and counted once.
  const std::vector<std::string> all = AllIds(copy_port, token, "/api/v1/leads?limit=100");
  EXPECT_GE(all.size(), lead_ids.size() + 3);
  const Json found = BodyOf(CallApi(copy_port, "GET", "/api/v1/leads?q=Bea7", token));
  ASSERT_EQ(found["items"].size(), 1u) << found.dump();
  EXPECT_EQ(found["items"][0]["id"], lead_ids[7]);
}

}  // namespace
}  // namespace ccrm::testing
