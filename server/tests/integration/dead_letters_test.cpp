// Dead letters end to end: jobs no handler knows fail into dead letters (through the real
// queue and dispatcher, before the server starts), admins list, read, retry and discard them
// over HTTP, everyone else gets 404 (401 without credentials), a retried job runs again in the
// server's own dispatcher, and both changes are in the audit trail.
#include <gtest/gtest.h>

#include <chrono>
#include <sstream>
#include <thread>

#include "harness.hpp"
#include "identity_client.hpp"
#include "leads_client.hpp"

namespace ccrm::testing {
namespace {

std::string JobWriter() {
  const auto beside =
      std::filesystem::path(RequiredEnvPath("CCRM_BINARY")).parent_path() / "job_writer";
  if (!std::filesystem::exists(beside)) throw std::runtime_error("job_writer not built");
  return beside.string();
}

// The job ids job_writer printed (the log lines of opening a data dir go to stdout too).
std::vector<std::string> JobIds(const std::string& text) {
  std::vector<std::string> ids;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("job_")) ids.push_back(line);
  }
  return ids;
}

TEST(DeadLettersTest, AdminsRetryAndDiscardWhatKeptFailingAndNobodyElseSeesIt) {
  TempDir dir;
  const Environment one_attempt = {{"CCRM_QUEUE_MAX_ATTEMPTS", "1"}};
  const CommandResult written =
      RunCommand({JobWriter(), dir.path(), "test.unknown", "2"}, one_attempt, Seconds(60));
  ASSERT_EQ(written.exit_status, 0) << written.err;
  const std::vector<std::string> ids = JobIds(written.out);
  ASSERT_EQ(ids.size(), 2u) << written.out;

  ServerProcess::Options options{.env = one_attempt, .data_dir = dir.path()};
  options.env["CCRM_QUEUE_POLL_INTERVAL_MS"] = "20";
  ServerProcess server(WithAdminPassword(options));
  const uint16_t port = server.port();
  const std::string admin = AccessToken(port, "admin", kAdminPassword);
  const TestUser manager = CreateUser(port, admin, "dead.manager", "manager");
  const TestUser agent = CreateUser(port, admin, "dead.agent", "agent");

  const std::string list = "/api/v1/admin/dead-letters";
  const HttpResponse listed = CallApi(port, "GET", list, admin);
  ASSERT_EQ(listed.status, 200) << listed.body;
  const Json items = BodyOf(listed)["items"];
  ASSERT_EQ(items.size(), 2u) << listed.body;
  for (const Json& item : items) {
    EXPECT_EQ(item["kind"], "test.unknown");
    EXPECT_EQ(item["attempts"], 1);
    EXPECT_EQ(item["lastError"], "no handler for test.unknown");
  }
  const HttpResponse one = CallApi(port, "GET", list + "/" + ids[0], admin);
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(BodyOf(one)["payload"], (Json{{"n", 0}}));

  // Nobody but admins: not the list, not one, not retry or discard.
  for (const std::string& token : {manager.token, agent.token}) {
    EXPECT_TRUE(IsProblem(CallApi(port, "GET", list, token), 404));
    EXPECT_TRUE(IsProblem(CallApi(port, "GET", list + "/" + ids[0], token), 404));
    EXPECT_TRUE(IsProblem(CallApi(port, "POST", list + "/" + ids[0] + "/retry", token), 404));
    EXPECT_TRUE(IsProblem(CallApi(port, "DELETE", list + "/" + ids[1], token), 404));
  }
  EXPECT_TRUE(IsProblem(CallApi(port, "GET", list, ""), 401));

  // Retry: a new job, which the server's dispatcher runs (and, knowing no handler for it
  // either, parks again under the new id).
  const HttpResponse retried = CallApi(port, "POST", list + "/" + ids[0] + "/retry", admin);
  ASSERT_EQ(retried.status, 202) << retried.body;
  const std::string job = BodyOf(retried)["jobId"];
  EXPECT_NE(job, ids[0]);
  EXPECT_TRUE(IsProblem(CallApi(port, "GET", list + "/" + ids[0], admin), 404));
  HttpResponse again;
  for (int i = 0; i < 200; ++i) {
    again = CallApi(port, "GET", list + "/" + job, admin);
    if (again.status == 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  EXPECT_EQ(again.status, 200) << "the retried job never ran: " << again.body;

  EXPECT_EQ(CallApi(port, "DELETE", list + "/" + ids[1], admin).status, 204);
  EXPECT_TRUE(IsProblem(CallApi(port, "DELETE", list + "/" + ids[1], admin), 404));
  EXPECT_TRUE(IsProblem(CallApi(port, "POST", list + "/" + ids[1] + "/retry", admin), 404));

  const Json trail = BodyOf(CallApi(port, "GET", "/api/v1/audit?entity=dead_letter", admin));
  std::multiset<std::string> actions;
  for (const Json& record : trail["items"]) actions.insert(record.value("action", ""));
  EXPECT_EQ(actions, (std::multiset<std::string>{"queue.dead_letter_discard",
                                                  "queue.dead_letter_retry"}))
      << trail;
}

}  // namespace
}  // namespace ccrm::testing
