// kill -9 while upload triggers are queued and running: after each restart every acknowledged
// upload's document ends available exactly once (one timeline entry, one audit record), none
// stays pending, and nothing waits in dead letters. A trigger that ran before the crash and
// runs again after it (its job was claimed when the process died: due again when the lease
// ends) must change nothing.
#include <gtest/gtest.h>

#include <map>

#include "documents_client.hpp"
#include "harness.hpp"
#include "identity_client.hpp"
#include "leads_client.hpp"

namespace ccrm::testing {
namespace {

TEST(DocumentsCrashTest, TriggersCutByKill9RunOnceAfterTheRestart) {
  TempDir dir;
  ServerProcess::Options options;
  options.data_dir = dir.path() + "/data";
  // A job claimed by the killed process is due again when its lease ends: the shortest lease
  // keeps the test short.
  options.env = {{"CCRM_QUEUE_POLL_INTERVAL_MS", "10"}, {"CCRM_QUEUE_LEASE_SECONDS", "5"}};
  options = WithAdminPassword(options);
  auto server = std::make_unique<ServerProcess>(options);
  std::string admin = AccessToken(server->port(), "admin", kAdminPassword);
  const TestUser agent = CreateUser(server->port(), admin, "crash.agent", "agent");
  const std::string lead_id =
      CreateLead(server->port(), agent.token, LeadBody("Kai", "Crash")).value("id", "");

  std::map<std::string, std::string> uploaded;  // document id -> bytes
  constexpr int kCycles = 3;
  constexpr int kPerCycle = 12;
  for (int cycle = 0; cycle < kCycles; ++cycle) {
    const uint16_t port = server->port();
    const std::string token = AccessToken(port, agent.username, agent.password);
    for (int i = 0; i < kPerCycle; ++i) {
      const std::string bytes = PdfBytes("cycle " + std::to_string(cycle) + " file " + std::to_string(i));
      const Created created = CreateDocument(port, token, lead_id, "scan.pdf", "application/pdf",
                                             bytes.size(), "photo");
      if (Upload(port, created.upload, bytes, "application/pdf").status == 200) {
        uploaded[created.id] = bytes;
      }
    }
    server->Kill9();  // the last uploads' triggers are queued or running now
    server = std::make_unique<ServerProcess>(options);
  }
  ASSERT_EQ(uploaded.size(), static_cast<size_t>(kCycles * kPerCycle));

  const uint16_t port = server->port();
  const std::string token = AccessToken(port, agent.username, agent.password);
  admin = AccessToken(port, "admin", kAdminPassword);
  for (const auto& [id, bytes] : uploaded) {
    Json document;
    WaitFor(
        [&] {
          document = BodyOf(CallApi(port, "GET", "/api/v1/documents/" + id, token));
          return document.value("status", "") != "pending";
        },
        Seconds(30));
    EXPECT_EQ(document.value("status", ""), "available") << document.dump();
    EXPECT_EQ(document.value("sizeBytes", size_t{0}), bytes.size());
  }
  // Exactly one "available" per document, in the timeline and in the audit trail.
  std::map<std::string, int> timeline;
  Json page = BodyOf(CallApi(port, "GET", "/api/v1/leads/" + lead_id + "/activity?limit=100", token));
  std::string cursor;
  do {
    for (const Json& entry : page["items"]) {
      if (entry.value("type", "") == "document" && entry.value("event", "") == "available") {
        ++timeline[entry.value("documentId", "")];
      }
    }
    cursor = page["nextCursor"].is_string() ? page["nextCursor"].get<std::string>() : "";
    if (!cursor.empty()) {
      page = BodyOf(CallApi(port, "GET",
                            "/api/v1/leads/" + lead_id + "/activity?limit=100&cursor=" + UrlEncode(cursor),
                            token));
    }
  } while (!cursor.empty());
  std::map<std::string, int> audited;
  std::string audit_cursor;
  do {
    const Json records = BodyOf(CallApi(
        port, "GET",
        "/api/v1/audit?action=document.available&limit=200" +
            (audit_cursor.empty() ? std::string() : "&cursor=" + UrlEncode(audit_cursor)),
        admin));
    for (const Json& record : records["items"]) ++audited[record.value("entityId", "")];
    audit_cursor =
        records["nextCursor"].is_string() ? records["nextCursor"].get<std::string>() : "";
  } while (!audit_cursor.empty());
  for (const auto& [id, bytes] : uploaded) {
    EXPECT_EQ(timeline[id], 1) << id;
    EXPECT_EQ(audited[id], 1) << id;
  }
  const Json dead = BodyOf(CallApi(port, "GET", "/api/v1/admin/dead-letters", admin));
  EXPECT_EQ(dead["items"].size(), 0u) << dead.dump();
}

}  // namespace
}  // namespace ccrm::testing
