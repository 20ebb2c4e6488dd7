// A route's reshape_error: every error reply of that route, whoever made it (the handler, the
// access check, the transport), reaches the peer in the peer's shape; successes and other
// routes are left alone.
#include <gtest/gtest.h>

#include "gateway/dispatcher.hpp"

namespace ccrm::gateway {
namespace {

class DispatcherReshapeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto router = std::make_shared<Router>();
    RouteOptions shaped{.access = Access::ApiKey("feed")};
    shaped.reshape_error = [](const Request&, Response& response) {
      const Json problem = Json::parse(response.body);
      response.body = Json{{"errorMessage", problem.value("title", "")}}.dump();
      response.headers.Set("Content-Type", "application/json");
    };
    router->Add("POST", "/feed", [](Request& r) {
      if (r.body == "bad") throw ProblemException(Problem::BadRequest("Bad feed."));
      return Response::WithText(200, "ok");
    }, shaped);
    router->Add("POST", "/plain", [](Request&) -> Response {
      throw ProblemException(Problem::BadRequest("Bad."));
    }, {.access = Access::Public()});
    dispatcher_ = std::make_unique<Dispatcher>(
        router, DispatcherOptions{.throttle = {.enabled = false}}, nullptr, nullptr);
    dispatcher_->AddBeforeHook([](const Route&, Request& r) -> std::optional<Response> {
      if (r.Header("X-Key")) r.principal = Principal{.id = "key_1", .groups = {"feed"}, .is_api_key = true};
      return std::nullopt;
    });
  }

  static Request Req(std::string path, std::string body, bool with_key = true) {
    Request r;
    r.method = "POST";
    r.path = std::move(path);
    r.target = r.path;
    r.body = std::move(body);
    r.remote_ip = "192.0.2.1";
    if (with_key) r.headers.Add("X-Key", "k");
    return r;
  }

  std::unique_ptr<Dispatcher> dispatcher_;
};

TEST_F(DispatcherReshapeTest, TheRoutesErrorsComeInItsShapeWhoeverMadeThem) {
  Request bad = Req("/feed", "bad");
  Response r = dispatcher_->Handle(bad);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Json::parse(r.body), (Json{{"errorMessage", "Bad Request"}}));
  EXPECT_EQ(*r.headers.Find("Content-Type"), "application/json");

  Request anonymous = Req("/feed", "x", false);
  r = dispatcher_->Handle(anonymous);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(Json::parse(r.body), (Json{{"errorMessage", "Unauthorized"}}));

  Request big = Req("/feed", "");
  r = dispatcher_->Reject(big, Problem{.status = 413, .title = "Content Too Large"},
                          std::chrono::steady_clock::now());
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(Json::parse(r.body), (Json{{"errorMessage", "Content Too Large"}}));
}

TEST_F(DispatcherReshapeTest, SuccessesAndOtherRoutesAreLeftAlone) {
  Request good = Req("/feed", "fine");
  Response r = dispatcher_->Handle(good);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "ok");
  Request plain = Req("/plain", "x");
  r = dispatcher_->Handle(plain);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(*r.headers.Find("Content-Type"), "application/problem+json");
  Request elsewhere = Req("/plain", "");
  r = dispatcher_->Reject(elsewhere, Problem{.status = 413, .title = "Content Too Large"},
                          std::chrono::steady_clock::now());
  EXPECT_EQ(Json::parse(r.body)["status"], 413);
}

}  // namespace
}  // namespace ccrm::gateway
