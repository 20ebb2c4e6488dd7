#include "auth/record_access.hpp"

#include <gtest/gtest.h>

#include "common/problem.hpp"

namespace ccrm::auth {
namespace {

Principal User(std::string id, std::vector<std::string> groups) {
  return {.id = std::move(id), .name = "someone", .groups = std::move(groups), .is_api_key = false};
}

Principal Key(std::vector<std::string> scopes) {
  return {.id = "key_1", .name = "connect", .groups = std::move(scopes), .is_api_key = true};
}

TEST(RecordAccessTest, AdminAndManagerSeeEveryRecord) {
  for (const char* group : {"admin", "manager"}) {
    const auto who = User("usr_a", {group});
    EXPECT_TRUE(CanSeeRecord(who, "usr_other")) << group;
    EXPECT_TRUE(CanSeeRecord(who, "")) << group;
    EXPECT_NO_THROW(RequireVisible(who, "usr_other"));
    EXPECT_EQ(AssigneeRestrictionFor(who), std::nullopt);
    EXPECT_TRUE(AssigneeFilterFor(who).unrestricted);
  }
}

TEST(RecordAccessTest, AgentSeesOnlyOwnRecords) {
  const auto agent = User("usr_agent", {"agent"});
  EXPECT_TRUE(CanSeeRecord(agent, "usr_agent"));
  EXPECT_FALSE(CanSeeRecord(agent, "usr_other"));
  EXPECT_FALSE(CanSeeRecord(agent, ""));  // unassigned is not theirs
  EXPECT_FALSE(CanSeeRecord(agent, "usr_agen"));
  EXPECT_FALSE(CanSeeRecord(agent, "usr_agent2"));
  EXPECT_EQ(AssigneeRestrictionFor(agent), std::optional<std::string>("usr_agent"));
  const AssigneeFilter filter = AssigneeFilterFor(agent);
  EXPECT_FALSE(filter.unrestricted);
  EXPECT_FALSE(filter.Nothing());
  EXPECT_EQ(filter.assignee, "usr_agent");
}

TEST(RecordAccessTest, HiddenRecordIsNotFound) {
  const auto agent = User("usr_agent", {"agent"});
  try {
    RequireVisible(agent, "usr_other");
    FAIL() << "expected a 404 problem";
  } catch (const ProblemException& e) {
    EXPECT_EQ(e.problem().status, 404);
  }
}

TEST(RecordAccessTest, StrongestGroupWins) {
  const auto both = User("usr_x", {"agent", "manager"});
  EXPECT_TRUE(CanSeeRecord(both, "usr_other"));
  EXPECT_EQ(AssigneeRestrictionFor(both), std::nullopt);
}

TEST(RecordAccessTest, AnonymousAndUnknownGroupsSeeNothing) {
  const Principal anonymous;
  EXPECT_FALSE(CanSeeRecord(anonymous, ""));
  EXPECT_FALSE(CanSeeRecord(anonymous, "usr_a"));
  EXPECT_THROW(RequireVisible(anonymous, "usr_a"), ProblemException);
  const auto stranger = User("usr_s", {"auditor"});
  EXPECT_FALSE(CanSeeRecord(stranger, "usr_s"));
  EXPECT_TRUE(AssigneeFilterFor(stranger).Nothing());
  // A restriction no record matches, so a caller that forgets Nothing() still lists nothing.
  EXPECT_EQ(AssigneeRestrictionFor(stranger), std::optional<std::string>("-"));
  EXPECT_EQ(AssigneeRestrictionFor(anonymous), std::optional<std::string>("-"));
}

TEST(RecordAccessTest, ApiKeyWithScopeSeesEveryRecord) {
  EXPECT_TRUE(CanSeeRecord(Key({"connect:lookup"}), "usr_a"));
  EXPECT_TRUE(CanSeeRecord(Key({"leads:read"}), ""));
  EXPECT_EQ(AssigneeRestrictionFor(Key({"leads:read"})), std::nullopt);
  EXPECT_FALSE(CanSeeRecord(Key({}), "usr_a"));
}

TEST(RecordAccessTest, ApiKeyScopesAreNotGroups) {
  // A key whose id happens to equal an assignee, or a scope spelled like a group, gains nothing.
  Principal key = Key({"admin"});
  EXPECT_FALSE(InGroup(key, "admin"));
  key.groups.clear();
  key.id = "usr_a";
  EXPECT_FALSE(CanSeeRecord(key, "usr_a"));
}

}  // namespace
}  // namespace ccrm::auth
