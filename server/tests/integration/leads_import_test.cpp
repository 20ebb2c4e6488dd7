// CSV import and export over HTTP: POST /api/v1/leads/import (dry run, duplicates, row errors,
// the record-level rule, refused bodies, a 100,000-row file) and GET /api/v1/leads/export
// streaming back what imports unchanged.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <thread>

#include "leads_client.hpp"

namespace ccrm::testing {
namespace {

HttpResponse PostCsv(uint16_t port, const std::string& token, const std::string& query,
                     const std::string& csv, const std::string& type = "text/csv") {
  // A 100,000-row import takes a while on a loaded 2-core CI machine.
  return Send(port,
              BuildRequest("POST", "/api/v1/leads/import" + query,
                           {{"Authorization", "Bearer " + token}, {"Content-Type", type}}, csv),
              Seconds(240));
}

const char* kHeader = "firstName,lastName,email,phone,city,lossType,tags,assignedTo\r\n";

TEST(LeadsImportIntegration, DryRunDuplicatesErrorsAndRerunsChangeNothing) {
  LeadsWorld world = StartLeadsWorld();
  const std::string csv = std::string("\xEF\xBB\xBF") + kHeader +
                          "Ann,Smith,ann@example.com,(512) 555-0134,Austin,hail,roof;vip,\r\n"
                          "Bob,\"Jones, Jr.\",bob@example.com,512-555-0177,Dallas,wind,,\r\n"
                          ",Nobody,x@,555,Nowhere,meteor,,\r\n";
  const auto dry = PostCsv(world.port, world.admin, "?dryRun=true", csv);
  ASSERT_EQ(dry.status, 200) << dry.body;
  const Json report = BodyOf(dry);
  EXPECT_EQ(report["created"], 2);
  EXPECT_EQ(report["dryRun"], true);
  std::set<std::string> fields;
  for (const auto& e : report["errors"]) {
    EXPECT_EQ(e["row"], 4);
    fields.insert(e["field"].get<std::string>());
  }
  EXPECT_EQ(fields, (std::set<std::string>{"firstName", "email", "phone", "lossType"}));
  EXPECT_TRUE(BodyOf(CallApi(world.port, "GET", "/api/v1/leads", world.admin))["items"].empty());

  const Json first = BodyOf(PostCsv(world.port, world.admin, "", csv));
  EXPECT_EQ(first["created"], 2);
  const Json again = BodyOf(PostCsv(world.port, world.admin, "", csv));
  EXPECT_EQ(again["created"], 0);
  EXPECT_EQ(again["skipped"], 2);
  const Json update = BodyOf(PostCsv(world.port, world.admin, "?onDuplicate=update", csv));
  EXPECT_EQ(update["unchanged"], 2);
  // The same person by phone in another format, with a new city: updated.
  const Json moved =
      BodyOf(PostCsv(world.port, world.admin, "?onDuplicate=update",
                     "lastName,firstName,phone,city\nSmith,Ann,+15125550134,Waco\n"));
  EXPECT_EQ(moved["updated"], 1) << moved;
  const auto found =
      BodyOf(CallApi(world.port, "GET", "/api/v1/leads/lookup?phone=5125550134", world.admin));
  ASSERT_EQ(found["items"].size(), 1u);
  EXPECT_EQ(found["items"][0]["address"]["city"], "Waco");
  // Audited as imports.
  const Json audit =
      BodyOf(CallApi(world.port, "GET", "/api/v1/audit?action=lead.import", world.admin));
  EXPECT_EQ(audit["items"].size(), 2u) << audit;
}

TEST(LeadsImportIntegration, AgentsImportForThemselvesAndSeeOnlyTheirOwnDuplicates) {
  LeadsWorld world = StartLeadsWorld();
  const Json other = CreateLead(
      world.port, world.agent2.token,
      {{"firstName", "Cy"}, {"lastName", "Other"}, {"phones", {{{"number", "(512) 555-0199"}}}}});
  ASSERT_TRUE(other.contains("id"));
  const Json report = BodyOf(PostCsv(world.port, world.agent1.token, "?onDuplicate=update",
                                     std::string(kHeader) +
                                         "Cy,Mine,,(512) 555-0199,,,,\r\n"
                                         "Di,Else,,,,,," +
                                         world.agent2.username + "\r\n"));
  // The other agent's lead with that phone is invisible: a new lead, not an update of theirs.
  EXPECT_EQ(report["created"], 1) << report;
  EXPECT_EQ(report["updated"], 0);
  ASSERT_EQ(report["errors"].size(), 1u) << report;
  EXPECT_EQ(report["errors"][0]["field"], "assignedTo");
  const Json theirs = BodyOf(GetLead(world.port, world.agent2.token, other["id"]));
  EXPECT_EQ(theirs["lastName"], "Other");
  EXPECT_EQ(theirs["version"], 1);
}

TEST(LeadsImportIntegration, RefusedBodies) {
  LeadsWorld world = StartLeadsWorld();
  EXPECT_TRUE(
      IsProblem(PostCsv(world.port, world.admin, "", "a,b\n1,2\n", "application/json"), 415));
  EXPECT_TRUE(IsProblem(PostCsv(world.port, world.admin, "", ""), 400));
  EXPECT_TRUE(IsProblem(PostCsv(world.port, world.admin, "", "color,size\nred,1\n"), 400));
  EXPECT_TRUE(IsProblem(PostCsv(world.port, world.admin, "", "firstName,FirstName\na,b\n"), 400));
  EXPECT_TRUE(IsProblem(PostCsv(world.port, world.admin, "?onDuplicate=merge", kHeader), 400));
  EXPECT_TRUE(IsProblem(PostCsv(world.port, world.admin, "?dryRun=yes", kHeader), 400));
  EXPECT_TRUE(IsProblem(
      Request(world.port, "POST", "/api/v1/leads/import", {{"Content-Type", "text/csv"}}, kHeader),
      401));
}

TEST(LeadsImportIntegration, AHundredThousandRowsGoInAndTheirCountIsRight) {
  LeadsWorld world = StartLeadsWorld();
  std::string csv = "firstName,lastName,email,phone\n";
  csv.reserve(100001 * 60);
  for (int i = 0; i < 100000; ++i) {
    const int exchange = 200 + i / 10000;
    const int line = i % 10000;
    char row[128];
    std::snprintf(row, sizeof row, "Name%d,Family%d,p%d@example.com,(512) %03d-%04d\n", i, i % 997,
                  i, exchange, line);
    csv += row;
  }
  const auto reply = PostCsv(world.port, world.admin, "", csv);
  ASSERT_EQ(reply.status, 200) << reply.body.substr(0, 500);
  const Json report = BodyOf(reply);
  EXPECT_EQ(report["created"], 100000);
  EXPECT_TRUE(report["errors"].empty()) << report["errors"][0];
  // One row beyond the limit: 413, nothing written.
  csv += "One,Toomany,over@example.com,(512) 999-0000\n";
  EXPECT_TRUE(IsProblem(PostCsv(world.port, world.admin, "", csv), 413));
  const auto lookup =
      BodyOf(CallApi(world.port, "GET", "/api/v1/leads/lookup?phone=512-209-9999", world.admin));
  ASSERT_EQ(lookup["items"].size(), 1u);
  EXPECT_EQ(lookup["items"][0]["firstName"], "Name99999");
  const auto search = BodyOf(CallApi(world.port, "GET", "/api/v1/leads?q=Name12345", world.admin));
  ASSERT_FALSE(search["items"].empty());
  EXPECT_EQ(search["items"][0]["lastName"], "Family" + std::to_string(12345 % 997));
}

TEST(LeadsImportIntegration, ExportStreamsWhatImportsBackUnchanged) {
  LeadsWorld world = StartLeadsWorld();
  // 450 leads (several pages of the export), one with a formula-looking value.
  std::string csv = "firstName,lastName,email,phone,city,tags,lossType,feePercent,assignedTo\n";
  for (int i = 0; i < 450; ++i) {
    csv += "Pat" + std::to_string(i) + ",\"O'Neil, " + std::to_string(i) + "\",pat" +
           std::to_string(i) + "@example.com,(214) 300-" + std::to_string(1000 + i) +
           ",Dallas,roof;vip,hail,12.5," + (i % 2 ? world.agent1.username : "") + "\n";
  }
  csv += "\"=HYPERLINK(\"\"http://x\"\")\",Formula,f@example.com,,,,,,\n";
  ASSERT_EQ(BodyOf(PostCsv(world.port, world.admin, "", csv))["created"], 451);

  const auto exported = Send(world.port,
                             BuildRequest("GET", "/api/v1/leads/export?sort=createdAt",
                                          {{"Authorization", "Bearer " + world.admin}}),
                             Seconds(60));
  ASSERT_EQ(exported.status, 200) << exported.body.substr(0, 300);
  EXPECT_TRUE(exported.HeaderOr("Content-Type").starts_with("text/csv"));
  EXPECT_EQ(exported.HeaderOr("Transfer-Encoding"), "chunked");
  EXPECT_NE(exported.body.find("'=HYPERLINK"), std::string::npos) << "formulas are neutralised";
  EXPECT_EQ(std::count(exported.body.begin(), exported.body.end(), '\n'), 452);

  // An agent's export holds only their leads.
  const auto mine = Send(world.port,
                         BuildRequest("GET", "/api/v1/leads/export",
                                      {{"Authorization", "Bearer " + world.agent1.token}}),
                         Seconds(60));
  EXPECT_EQ(std::count(mine.body.begin(), mine.body.end(), '\n'), 226);
  EXPECT_TRUE(
      IsProblem(CallApi(world.port, "GET", "/api/v1/leads/export?status=bogus", world.admin), 400));

  // Into an empty server: the same leads, ids and times included.
  LeadsWorld other = StartLeadsWorld();
  // Usernames are the same in both worlds, so assignments carry over by name.
  const Json report = BodyOf(PostCsv(other.port, other.admin, "", exported.body));
  EXPECT_EQ(report["created"], 451) << report;
  const auto again = Send(other.port,
                          BuildRequest("GET", "/api/v1/leads/export?sort=createdAt",
                                       {{"Authorization", "Bearer " + other.admin}}),
                          Seconds(60));
  // Byte for byte but the last column: updatedAt is the time of the import's write.
  const auto without_updated_at = [](const std::string& csv) {
    std::string out;
    for (size_t start = 0; start < csv.size();) {
      const size_t end = csv.find('\n', start);
      const std::string line = csv.substr(start, end - start);
      out += line.substr(0, line.rfind(',')) + "\n";
      start = end == std::string::npos ? csv.size() : end + 1;
    }
    return out;
  };
  EXPECT_EQ(without_updated_at(again.body), without_updated_at(exported.body));
  EXPECT_NE(again.body, exported.body);
}

// A client reading slowly but steadily (a 4 KB receive buffer drained 4 KB at a time, about
// 100 KB/s) gets the whole export although each 200-row chunk takes it longer than the write
// timeout (1 s here): the timeout bounds time without progress, not time per chunk.
TEST(LeadsImportIntegration, ASlowSteadyReaderGetsTheWholeExport) {
  ServerProcess server(WithAdminPassword({.env = {{"CCRM_SERVER_WRITE_TIMEOUT_SECONDS", "1"}}}));
  const std::string admin = AccessToken(server.port(), "admin", kAdminPassword);
  std::string csv = "firstName,lastName,lossDescription\n";
  const std::string description(400, 'x');
  for (int i = 0; i < 1000; ++i) csv += "Slow" + std::to_string(i) + ",Reader," + description + "\n";
  ASSERT_EQ(BodyOf(PostCsv(server.port(), admin, "", csv))["created"], 1000);

  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  const int small = 4096;
  ASSERT_EQ(setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small), 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(server.port());
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  const std::string request =
      BuildRequest("GET", "/api/v1/leads/export", {{"Authorization", "Bearer " + admin}});
  ASSERT_EQ(send(fd, request.data(), request.size(), 0), static_cast<ssize_t>(request.size()));
  std::string received;
  const auto deadline = DeadlineAfter(Seconds(90));
  char buffer[4096];
  while (!received.ends_with("\r\n0\r\n\r\n") && RemainingMs(deadline) > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(40));
    const ssize_t n = recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
    if (n == 0) break;  // the server closed: the export was cut
    if (n > 0) received.append(buffer, static_cast<size_t>(n));
  }
  close(fd);
  ASSERT_TRUE(received.ends_with("\r\n0\r\n\r\n"))
      << received.size() << " bytes, then the connection closed; server log: "
      << Tail(server.Stderr(), 2000);
  EXPECT_GT(received.size(), 400000u);
  EXPECT_EQ(server.Stderr().find("cut after"), std::string::npos);
}

}  // namespace
}  // namespace ccrm::testing
