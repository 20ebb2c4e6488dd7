// GET /api/v1/leads/summary against the real binary: counts by status, new leads per week,
// deadlines overdue and due today, and the record-level rule (an agent counts only theirs).
#include <gtest/gtest.h>

#include "leads_client.hpp"

namespace ccrm::testing {
namespace {

class LeadsSummaryTest : public ::testing::Test {
 protected:
  Json Summary(const std::string& token, const std::string& query = "") {
    const auto response = CallApi(world_.port, "GET", "/api/v1/leads/summary" + query, token);
    EXPECT_EQ(response.status, 200) << response.Describe() << response.body;
    return BodyOf(response);
  }
  void Deadline(const std::string& token, const std::string& lead_id,
                std::chrono::milliseconds from_now) {
    const auto response =
        CallApi(world_.port, "POST", "/api/v1/leads/" + lead_id + "/deadlines", token,
                {{"kind", "follow_up"}, {"dueAt", TimeFromNow(from_now)}});
    ASSERT_EQ(response.status, 201) << response.body;
  }

  LeadsWorld world_ = StartLeadsWorld();
};

TEST_F(LeadsSummaryTest, CountsWhatEachCallerMaySee) {
  using std::chrono::hours;
  using std::chrono::minutes;
  const Json a1 = CreateLead(world_.port, world_.agent1.token, LeadBody("Ann", "One"));
  const Json a2 = CreateLead(world_.port, world_.agent1.token, LeadBody("Abe", "Two"));
  const Json b1 = CreateLead(world_.port, world_.agent2.token, LeadBody("Bea", "Three"));
  const Json gone = CreateLead(world_.port, world_.admin, LeadBody("Del", "Eted"));
  ASSERT_EQ(PatchLead(world_.port, world_.agent1.token, a2["id"], {{"status", "contacted"}})
                .status,
            200);
  ASSERT_EQ(PatchLead(world_.port, world_.agent2.token, b1["id"], {{"status", "lost"}}).status,
            200);
  ASSERT_EQ(CallApi(world_.port, "DELETE", "/api/v1/leads/" + gone["id"].get<std::string>(),
                    world_.admin)
                .status,
            204);
  Deadline(world_.agent1.token, a1["id"], -hours(2));   // overdue
  Deadline(world_.agent1.token, a2["id"], minutes(1));  // due today (unless at midnight)
  Deadline(world_.agent2.token, b1["id"], -hours(1));   // overdue, agent 2's

  const Json all = Summary(world_.manager.token);
  EXPECT_EQ(all["scope"], "all");
  EXPECT_EQ(all["total"], 3) << all;  // the deleted lead is not counted
  EXPECT_EQ(all["byStatus"]["new"], 1);
  EXPECT_EQ(all["byStatus"]["contacted"], 1);
  EXPECT_EQ(all["byStatus"]["lost"], 1);
  EXPECT_EQ(all["byStatus"].size(), 9u);
  EXPECT_EQ(all["deadlines"]["overdue"], 2);
  ASSERT_EQ(all["newPerWeek"].size(), 12u);
  EXPECT_EQ(all["newPerWeek"].back()["count"], 3) << all;  // created this week, live
  EXPECT_EQ(all["myOpenLeads"], 0);

  const Json mine = Summary(world_.agent1.token);
  EXPECT_EQ(mine["scope"], "mine");
  EXPECT_EQ(mine["total"], 2) << mine;
  EXPECT_EQ(mine["byStatus"]["new"], 1);
  EXPECT_EQ(mine["byStatus"]["contacted"], 1);
  EXPECT_EQ(mine["byStatus"]["lost"], 0);
  EXPECT_EQ(mine["deadlines"]["overdue"], 1);
  EXPECT_EQ(mine["myOpenLeads"], 2);
  EXPECT_EQ(mine["newPerWeek"].back()["count"], 2);

  const Json other = Summary(world_.agent2.token);
  EXPECT_EQ(other["total"], 1);
  EXPECT_EQ(other["myOpenLeads"], 0);  // their only lead is lost
  EXPECT_EQ(other["deadlines"]["overdue"], 1);

  // Reassigning moves the counts with the lead.
  ASSERT_EQ(PatchLead(world_.port, world_.manager.token, a1["id"],
                      {{"assignedTo", world_.agent2.id}})
                .status,
            200);
  EXPECT_EQ(Summary(world_.agent1.token)["total"], 1);
  EXPECT_EQ(Summary(world_.agent2.token)["total"], 2);
  EXPECT_EQ(Summary(world_.agent2.token)["deadlines"]["overdue"], 2);
}

TEST_F(LeadsSummaryTest, WeeksStartOnMondayInTheCallersOffset) {
  const Json summary = Summary(world_.admin, "?utcOffsetMinutes=-300");
  const auto& weeks = summary["newPerWeek"];
  ASSERT_EQ(weeks.size(), 12u);
  for (const Json& week : weeks) {
    std::tm tm{};
    ASSERT_NE(strptime(week["weekStart"].get<std::string>().c_str(), "%Y-%m-%d", &tm), nullptr);
    const time_t t = timegm(&tm);
    std::tm out{};
    gmtime_r(&t, &out);
    EXPECT_EQ(out.tm_wday, 1) << week;  // Monday
  }
  const auto bad = CallApi(world_.port, "GET", "/api/v1/leads/summary?utcOffsetMinutes=9999",
                           world_.admin);
  EXPECT_TRUE(IsProblem(bad, 400));
  EXPECT_TRUE(IsProblem(CallApi(world_.port, "GET", "/api/v1/leads/summary", ""), 401));
}

}  // namespace
}  // namespace ccrm::testing
