// Import jobs (POST /api/v1/lead-imports, GET /api/v1/lead-imports/{id}) and the export of a
// selection (GET /api/v1/leads/export?ids=) against the real binary.
#include <gtest/gtest.h>

#include <string>

#include "leads_client.hpp"

namespace ccrm::testing {
namespace {

HttpResponse StartImport(uint16_t port, const std::string& token, const std::string& query,
                         const std::string& csv, const std::string& type = "text/csv") {
  return Request(port, "POST", "/api/v1/lead-imports" + query,
                 {{"Authorization", "Bearer " + token}, {"Content-Type", type}}, csv);
}

// Polls the job until it ends; the last state seen.
Json WaitForJob(uint16_t port, const std::string& token, const std::string& location) {
  Json job;
  const bool ended = WaitFor(
      [&] {
        const auto reply = CallApi(port, "GET", location, token);
        EXPECT_EQ(reply.status, 200) << reply.body;
        job = BodyOf(reply);
        return job.value("status", "") == "done" || job.value("status", "") == "failed";
      },
      Seconds(60));
  EXPECT_TRUE(ended) << job;
  return job;
}

std::string Rows(int count, const std::string& prefix) {
  std::string csv = "firstName,lastName,email,lossType\n";
  for (int i = 0; i < count; ++i) {
    csv += prefix + std::to_string(i) + ",Row," + prefix + std::to_string(i) + "@example.com," +
           (i % 100 == 7 ? "meteor" : "hail") + "\n";
  }
  return csv;
}

TEST(LeadImportJobsTest, RunsInTheBackgroundAndReportsProgressThenEveryError) {
  LeadsWorld world = StartLeadsWorld();
  const auto started = StartImport(world.port, world.agent1.token, "", Rows(1200, "job"));
  ASSERT_EQ(started.status, 202) << started.body;
  const Json queued = BodyOf(started);
  const std::string location = started.HeaderOr("Location");
  EXPECT_EQ(location, "/api/v1/lead-imports/" + queued["id"].get<std::string>());
  EXPECT_TRUE(queued["status"] == "queued" || queued["status"] == "running") << queued;
  EXPECT_FALSE(queued["dryRun"].get<bool>());

  // Only the submitter sees the job.
  EXPECT_TRUE(IsProblem(CallApi(world.port, "GET", location, world.agent2.token), 404));
  EXPECT_TRUE(IsProblem(CallApi(world.port, "GET", location, world.admin), 404));
  EXPECT_TRUE(IsProblem(CallApi(world.port, "GET", "/api/v1/lead-imports/imp_nope",
                                world.agent1.token),
                        404));

  const Json done = WaitForJob(world.port, world.agent1.token, location);
  EXPECT_EQ(done["status"], "done") << done;
  EXPECT_EQ(done["totalRows"], 1200);
  EXPECT_EQ(done["rowsDone"], 1200);
  EXPECT_EQ(done["errorCount"], 12);
  EXPECT_EQ(done["created"], 1188);
  ASSERT_EQ(done["errors"].size(), 12u);
  EXPECT_EQ(done["errors"][0]["row"], 9);  // row 7 of the data is line 9 (header is 1)
  EXPECT_EQ(done["errors"][0]["field"], "lossType");
  EXPECT_FALSE(done["finishedAt"].is_null());
  // Written and visible to the agent (an agent's import is assigned to them).
  EXPECT_EQ(BodyOf(CallApi(world.port, "GET", "/api/v1/leads/summary", world.agent1.token))["total"],
            1188);
}

TEST(LeadImportJobsTest, DryRunsWriteNothingAndUnreadableFilesFailTheJob) {
  LeadsWorld world = StartLeadsWorld();
  const auto dry = StartImport(world.port, world.admin, "?dryRun=true", Rows(300, "dry"));
  ASSERT_EQ(dry.status, 202) << dry.body;
  const Json counted = WaitForJob(world.port, world.admin, dry.HeaderOr("Location"));
  EXPECT_EQ(counted["status"], "done");
  EXPECT_TRUE(counted["dryRun"].get<bool>());
  EXPECT_EQ(counted["created"], 297);
  EXPECT_EQ(BodyOf(CallApi(world.port, "GET", "/api/v1/leads/summary", world.admin))["total"], 0);

  const auto bad = StartImport(world.port, world.admin, "", "city,city\nAustin,Dallas\n");
  ASSERT_EQ(bad.status, 202);
  const Json failed = WaitForJob(world.port, world.admin, bad.HeaderOr("Location"));
  EXPECT_EQ(failed["status"], "failed") << failed;
  EXPECT_EQ(failed["problem"]["status"], 400) << failed;

  EXPECT_TRUE(IsProblem(StartImport(world.port, world.admin, "", "{}", "application/json"), 415));
  EXPECT_TRUE(IsProblem(StartImport(world.port, world.admin, "?onDuplicate=merge", "a\n"), 400));
  EXPECT_TRUE(IsProblem(StartImport(world.port, "", "", Rows(1, "x")), 401));
}

TEST(LeadExportSelectionTest, ExportsExactlyTheVisibleLeadsOfASelectionInOrder) {
  LeadsWorld world = StartLeadsWorld();
  const std::string a1 = CreateLead(world.port, world.agent1.token, LeadBody("Ada", "One"))["id"];
  const std::string a2 = CreateLead(world.port, world.agent1.token, LeadBody("Al", "Two"))["id"];
  const std::string b1 = CreateLead(world.port, world.agent2.token, LeadBody("Bo", "Three"))["id"];
  const std::string ids = a2 + "," + b1 + "," + a1;
  const auto mine = CallApi(world.port, "GET", "/api/v1/leads/export?ids=" + ids, world.agent1.token);
  ASSERT_EQ(mine.status, 200) << mine.body;
  // Header, then agent 1's two leads in the order asked; agent 2's is left out.
  const size_t two = mine.body.find(a2);
  const size_t one = mine.body.find(a1);
  EXPECT_NE(two, std::string::npos);
  EXPECT_NE(one, std::string::npos);
  EXPECT_LT(two, one);
  EXPECT_EQ(mine.body.find(b1), std::string::npos);
  const auto all = CallApi(world.port, "GET", "/api/v1/leads/export?ids=" + ids, world.admin);
  EXPECT_NE(all.body.find(b1), std::string::npos);

  EXPECT_TRUE(IsProblem(
      CallApi(world.port, "GET", "/api/v1/leads/export?ids=" + a1 + "," + a1, world.admin), 400));
  EXPECT_TRUE(IsProblem(CallApi(world.port, "GET", "/api/v1/leads/export?ids=,", world.admin), 400));
  std::string many;
  for (int i = 0; i < 201; ++i) many += (i ? "," : "") + a1.substr(0, a1.size() - 3) + std::to_string(100 + i);
  EXPECT_TRUE(IsProblem(CallApi(world.port, "GET", "/api/v1/leads/export?ids=" + many, world.admin),
                        400));

  // Every export that went out is on the audit trail: who, and which ids or filter; the
  // refused ones are not.
  const Json trail = BodyOf(
      CallApi(world.port, "GET", "/api/v1/audit?action=lead.export&limit=50", world.admin));
  ASSERT_EQ(trail["items"].size(), 2u) << trail;
  EXPECT_EQ(trail["items"][1]["actor"], world.agent1.id);  // newest first
  EXPECT_EQ(trail["items"][1]["changes"]["export"]["new"]["ids"], 3) << trail;
  const auto filtered = CallApi(world.port, "GET", "/api/v1/leads/export?status=new", world.manager.token);
  ASSERT_EQ(filtered.status, 200);
  const Json again = BodyOf(
      CallApi(world.port, "GET", "/api/v1/audit?action=lead.export&limit=1", world.admin));
  EXPECT_EQ(again["items"][0]["actor"], world.manager.id);
  EXPECT_EQ(again["items"][0]["changes"]["export"]["new"]["filter"]["status"], "new") << again;
}

}  // namespace
}  // namespace ccrm::testing
