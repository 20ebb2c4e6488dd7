// GET /api/v1/users/directory: managers see who they may assign to, without user
// administration's details; agents get 404.
#include <gtest/gtest.h>

#include "leads_client.hpp"

namespace ccrm::testing {
namespace {

TEST(UsersDirectoryTest, ManagersSeeNamesAndGroupsOnly) {
  LeadsWorld world = StartLeadsWorld();
  const auto reply = CallApi(world.port, "GET", "/api/v1/users/directory?limit=200",
                             world.manager.token);
  ASSERT_EQ(reply.status, 200) << reply.body;
  const Json body = BodyOf(reply);
  std::set<std::string> names;
  for (const Json& user : body["items"]) {
    names.insert(user["username"].get<std::string>());
    EXPECT_EQ(user.size(), 4u) << user;  // id, username, groups, enabled: no email
    EXPECT_FALSE(user.contains("email"));
  }
  EXPECT_TRUE(names.contains(world.agent1.username));
  EXPECT_TRUE(names.contains("admin"));
  EXPECT_TRUE(IsProblem(CallApi(world.port, "GET", "/api/v1/users/directory", world.agent1.token),
                        404));
  EXPECT_EQ(CallApi(world.port, "GET", "/api/v1/users/directory", world.admin).status, 200);
  // User administration itself stays with admins.
  EXPECT_TRUE(IsProblem(CallApi(world.port, "GET", "/api/v1/users", world.manager.token), 404));
}

}  // namespace
}  // namespace ccrm::testing
