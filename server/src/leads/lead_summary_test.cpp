// The dashboard's figures over a real SQLite store: what each caller counts, and when cached
// figures are served (exact at once for a quick scope; for a slow one the last figures while a
// background count catches up).
#include "leads/lead_summary.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "leads/lead_store_test_fixture.hpp"

namespace ccrm::leads {
namespace {

using namespace std::chrono_literals;

class LeadSummaryTest : public LeadServiceStoreTest {
 protected:
  Json Create(const std::string& last_name, const std::string& assignee = "") {
    Json body = {{"firstName", "Ann"}, {"lastName", last_name}};
    if (!assignee.empty()) body["assignedTo"] = assignee;
    return service_->Create(body, admin_);
  }
  static LeadCaller Agent(const std::string& id) {
    return {.principal = {.id = id, .name = id, .groups = {"agent"}}, .ip = "", .request_id = ""};
  }
};

TEST_F(LeadSummaryTest, AnAgentCountsTheirOwnLeadsByStatus) {
  LeadSummary summary(repository_, SystemClock());
  const Json mine = Create("Mine", "usr_amy");
  Create("Also", "usr_amy");
  Create("Theirs", "usr_bo");
  service_->Patch(mine.at("id"), {{"status", "contacted"}}, std::nullopt, admin_);

  const Json amy = summary.For(Agent("usr_amy"), 0);
  EXPECT_EQ(amy.at("scope"), "mine");
  EXPECT_EQ(amy.at("total"), 2) << amy;
  EXPECT_EQ(amy.at("byStatus").at("new"), 1);
  EXPECT_EQ(amy.at("byStatus").at("contacted"), 1);
  EXPECT_EQ(amy.at("myOpenLeads"), 2);
  EXPECT_FALSE(amy.contains("partial"));
  EXPECT_EQ(summary.For(admin_, 0).at("total"), 3);
}

TEST_F(LeadSummaryTest, AQuickScopeIsCountedAgainAfterAWrite) {
  LeadSummary summary(repository_, SystemClock(), {.slow_count = 1h});
  Create("One");
  EXPECT_EQ(summary.For(admin_, 0).at("total"), 1);
  Create("Two");
  EXPECT_EQ(summary.For(admin_, 0).at("total"), 2);
}

TEST_F(LeadSummaryTest, ASlowScopeIsAnsweredFromItsLastFiguresWhileTheyAreCountedAgain) {
  // Every count is "slow": after a write the next answer is the cached one, and a background
  // count brings the figures up to date.
  LeadSummary summary(repository_, SystemClock(), {.slow_count = 0ns});
  Create("One");
  const Json first = summary.For(admin_, 0);
  EXPECT_EQ(first.at("total"), 1);
  Create("Two");
  EXPECT_EQ(summary.For(admin_, 0).at("total"), 1);  // the last figures, at once
  Json later;
  for (int i = 0; i < 200; ++i) {
    later = summary.For(admin_, 0);
    if (later.at("total") == 2) break;
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(later.at("total"), 2) << "the background count never landed";
  EXPECT_GE(later.at("generatedAt").get<std::string>(), first.at("generatedAt").get<std::string>());
}

TEST_F(LeadSummaryTest, FiguresOlderThanMaxStaleAreNeverServed) {
  LeadSummary summary(repository_, SystemClock(), {.slow_count = 0ns, .max_stale = 0ns});
  Create("One");
  EXPECT_EQ(summary.For(admin_, 0).at("total"), 1);
  Create("Two");
  EXPECT_EQ(summary.For(admin_, 0).at("total"), 2);
}

}  // namespace
}  // namespace ccrm::leads
