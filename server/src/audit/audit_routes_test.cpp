// GET /api/v1/audit: the route's declaration, its reply and its 400s.
#include "audit/audit_routes.hpp"

#include <gtest/gtest.h>

#include "audit/audit_test_fixture.hpp"

namespace ccrm::audit {
namespace {

using testing::AuditStoreTest;
using testing::Time;

class AuditRoutesTest : public AuditStoreTest {
 protected:
  void SetUp() override {
    AuditStoreTest::SetUp();
    AddAuditRoutes(router_, log_);
  }

  const gateway::Route& Route() {
    const auto match = router_.Match("GET", "/api/v1/audit");
    EXPECT_EQ(match.outcome, gateway::RouteMatch::Outcome::kFound);
    return *match.route;
  }

  gateway::Response Call(const std::string& query) {
    gateway::Request request;
    request.method = "GET";
    request.path = "/api/v1/audit";
    request.query = query;
    request.principal = {.id = "usr_admin", .name = "admin", .groups = {"admin"}};
    return Route().handler(request);
  }

  // The fields a 400 names, or a failure when the call did not throw one.
  std::vector<std::string> BadFields(const std::string& query) {
    try {
      Call(query);
    } catch (const ProblemException& e) {
      EXPECT_EQ(e.problem().status, 400);
      std::vector<std::string> fields;
      for (const auto& error : e.problem().errors) fields.push_back(error.field);
      return fields;
    }
    ADD_FAILURE() << "no 400 for " << query;
    return {};
  }

  gateway::Router router_;
};

TEST_F(AuditRoutesTest, IsForAdminsOnlyAndOffloaded) {
  const auto& options = Route().options;
  EXPECT_EQ(options.access.kind, gateway::Access::Kind::kUser);
  EXPECT_EQ(options.access.groups, std::vector<std::string>{"admin"});
  EXPECT_TRUE(options.offload);
}

TEST_F(AuditRoutesTest, AnswersPagesWithANextCursor) {
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(log_->Append(Event("user.update", "user", "usr_" + std::to_string(i))).committed);
  }
  auto response = Call("limit=2");
  ASSERT_EQ(response.status, 200);
  Json body = Json::parse(response.body);
  ASSERT_EQ(body["items"].size(), 2u);
  EXPECT_EQ(body["items"][0]["seq"], 3);
  EXPECT_EQ(body["items"][0]["entityId"], "usr_2");
  ASSERT_TRUE(body["nextCursor"].is_string());

  body = Json::parse(Call("limit=2&cursor=" + body["nextCursor"].get<std::string>()).body);
  ASSERT_EQ(body["items"].size(), 1u);
  EXPECT_EQ(body["items"][0]["seq"], 1);
  EXPECT_TRUE(body["nextCursor"].is_null());

  body = Json::parse(Call("entity=user&entityId=usr_1").body);
  ASSERT_EQ(body["items"].size(), 1u);
  EXPECT_EQ(body["items"][0]["seq"], 2);
}

TEST_F(AuditRoutesTest, TimeParametersAcceptOffsetsEvenWithAnUnencodedPlus) {
  clock_->Set(Time("2026-01-15T10:00:00Z"));
  ASSERT_TRUE(log_->Append(Event("user.update")).committed);
  // "+" in a query string reads as a space; "%2B" is the proper spelling.
  EXPECT_EQ(Json::parse(Call("from=2026-01-15T11:00:00+01:00").body)["items"].size(), 1u);
  EXPECT_EQ(Json::parse(Call("from=2026-01-15T11:00:01%2B01:00").body)["items"].size(), 0u);
  EXPECT_EQ(Json::parse(Call("to=2026-01-15T09:59:59.999Z").body)["items"].size(), 0u);
}

TEST_F(AuditRoutesTest, BadParametersAre400sNamingTheField) {
  using V = std::vector<std::string>;
  EXPECT_EQ(BadFields("limit=0"), V{"limit"});
  EXPECT_EQ(BadFields("limit=201"), V{"limit"});
  EXPECT_EQ(BadFields("limit=ten"), V{"limit"});
  EXPECT_EQ(BadFields("limit=5x"), V{"limit"});
  EXPECT_EQ(BadFields("from=yesterday"), V{"from"});
  EXPECT_EQ(BadFields("to=2026-13-01T00:00:00Z"), V{"to"});
  EXPECT_EQ(BadFields("cursor=bm90LWEtY3Vyc29y"), V{"cursor"});
  EXPECT_EQ(BadFields("from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z"), V{"from"});
  EXPECT_EQ(BadFields("limit=0&from=x&cursor=%21"), (V{"limit", "from", "cursor"}));
  EXPECT_EQ(Call("limit=200").status, 200);
}

}  // namespace
}  // namespace ccrm::audit
