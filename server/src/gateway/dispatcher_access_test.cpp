// The dispatcher's access rules: declared with each route, enforced after the hooks, deny by
// default; outsiders of a group see 404, API keys and user tokens never stand for each other.
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "gateway/dispatcher.hpp"

namespace ccrm::gateway {
namespace {

// Access is declared with the route and enforced after the hooks, deny by default.
class DispatcherAccessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto router = std::make_shared<Router>();
    auto ok = [](Request&) { return Response::WithText(200, "ok"); };
    router->Add("GET", "/default", ok);
    router->Add("GET", "/any-user", ok, {.access = Access::Users()});
    router->Add("GET", "/admins", ok, {.access = Access::Users({"admin"})});
    router->Add("GET", "/staff", ok, {.access = Access::Users({"admin", "manager"})});
    router->Add("POST", "/ingest", ok, {.access = Access::ApiKey("connect:ingest")});
    router->Add("GET", "/open", ok, {.access = Access::Public()});
    dispatcher_ = std::make_unique<Dispatcher>(router, DispatcherOptions{.throttle = {.enabled = false}},
                                               nullptr, nullptr);
    // A stand-in authorizer: the test headers say who is calling.
    dispatcher_->AddBeforeHook([](const Route&, Request& r) -> std::optional<Response> {
      if (const std::string* user = r.Header("X-Test-User")) {
        r.principal.id = "usr_test";
        r.principal.groups = {*user};
      } else if (const std::string* scope = r.Header("X-Test-Key")) {
        r.principal.id = "key_test";
        r.principal.is_api_key = true;
        r.principal.groups = {*scope};
      }
      return std::nullopt;
    });
  }

  int Status(const std::string& method, const std::string& path, const char* header = nullptr,
             const char* value = nullptr, Response* out = nullptr) {
    Request r;
    r.method = method;
    r.target = r.path = path;
    r.remote_ip = "127.0.0.1";
    if (header) r.headers.Add(header, value);
    Response response = dispatcher_->Handle(r);
    if (out) *out = response;
    return response.status;
  }

  std::unique_ptr<Dispatcher> dispatcher_;
};

TEST_F(DispatcherAccessTest, RoutesAreClosedUnlessDeclaredPublic) {
  Response r;
  EXPECT_EQ(Status("GET", "/default", nullptr, nullptr, &r), 401);
  EXPECT_NE(r.headers.Find("WWW-Authenticate"), nullptr);
  EXPECT_EQ(r.headers.Find("Content-Type") ? *r.headers.Find("Content-Type") : "",
            "application/problem+json");
  EXPECT_EQ(Status("GET", "/open"), 200);
  EXPECT_EQ(Status("GET", "/default", "X-Test-User", "agent"), 200);
}

TEST_F(DispatcherAccessTest, GroupsDecideAndOutsidersSeeNotFound) {
  EXPECT_EQ(Status("GET", "/any-user", "X-Test-User", "agent"), 200);
  EXPECT_EQ(Status("GET", "/admins", "X-Test-User", "admin"), 200);
  EXPECT_EQ(Status("GET", "/admins", "X-Test-User", "agent"), 404);
  EXPECT_EQ(Status("GET", "/staff", "X-Test-User", "manager"), 200);
  EXPECT_EQ(Status("GET", "/staff", "X-Test-User", "agent"), 404);
  EXPECT_EQ(Status("GET", "/admins"), 401);
}

TEST_F(DispatcherAccessTest, KeysAndUserTokensNeverCross) {
  Response r;
  EXPECT_EQ(Status("POST", "/ingest", "X-Test-Key", "connect:ingest"), 200);
  EXPECT_EQ(Status("POST", "/ingest", "X-Test-Key", "other:scope"), 403);
  EXPECT_EQ(Status("POST", "/ingest", "X-Test-User", "admin", &r), 401);
  EXPECT_NE(r.headers.Find("WWW-Authenticate")->find("X-Api-Key"), std::string::npos);
  EXPECT_EQ(Status("GET", "/any-user", "X-Test-Key", "connect:ingest"), 401);
  EXPECT_EQ(Status("GET", "/admins", "X-Test-Key", "admin"), 401);
  EXPECT_EQ(Status("POST", "/ingest"), 401);
}

}  // namespace
}  // namespace ccrm::gateway
