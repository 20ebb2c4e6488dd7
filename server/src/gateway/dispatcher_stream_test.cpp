// The dispatcher's side of streamed replies: Handle() drains them, the listener's steps
// (StartStream, Pull, EndStream) map errors and defer the metrics and log to the stream's end.
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <sstream>
#include <stdexcept>

#include "gateway/dispatcher.hpp"

namespace ccrm::gateway {
namespace {

// A producer of `n` chunks "0", "1", ... that throws `failure` at call `fail_at` (if any).
Response::Producer Counting(int n, int fail_at = -1, bool problem = false) {
  auto calls = std::make_shared<int>(0);
  return [=](std::string& out) {
    const int call = (*calls)++;
    if (call == fail_at) {
      if (problem) throw ProblemException(Problem::BadRequest("bad filter"));
      throw std::runtime_error("disk on fire");
    }
    out += std::to_string(call);
    return call + 1 < n;
  };
}

class DispatcherStreamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto router = std::make_shared<Router>();
    const RouteOptions open{.access = Access::Public()};
    router->Add(
        "GET", "/five", [](Request&) { return Response::Streaming(200, "text/csv", Counting(5)); },
        open);
    router->Add(
        "GET", "/bad-filter",
        [](Request&) { return Response::Streaming(200, "text/csv", Counting(5, 0, true)); }, open);
    router->Add(
        "GET", "/cut",
        [](Request&) { return Response::Streaming(200, "text/csv", Counting(5, 3)); }, open);
    log_ = std::make_shared<std::ostringstream>();
    auto logger = std::make_shared<spdlog::logger>(
        "stream-test", std::make_shared<spdlog::sinks::ostream_sink_mt>(*log_));
    logger->set_pattern("%v");
    dispatcher_ =
        std::make_unique<Dispatcher>(router, DispatcherOptions{}, std::make_shared<Metrics>(),
                                     std::make_shared<AccessLog>(logger));
  }

  static Request Req(std::string method, std::string path) {
    Request r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.target = r.path;
    r.remote_ip = "192.0.2.1";
    return r;
  }

  bool InFlight(int n) const {
    return dispatcher_->metrics().RenderPrometheus().find(
               "ccrm_http_requests_in_flight " + std::to_string(n) + "\n") != std::string::npos;
  }

  std::shared_ptr<std::ostringstream> log_;
  std::unique_ptr<Dispatcher> dispatcher_;
};

TEST_F(DispatcherStreamTest, HandleDrainsAStreamIntoTheBody) {
  Request r = Req("GET", "/five");
  const Response response = dispatcher_->Handle(r);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "01234");
  EXPECT_FALSE(response.stream);
  EXPECT_TRUE(InFlight(0));
}

TEST_F(DispatcherStreamTest, AFirstChunkFailureIsTheHandlersProblem) {
  Request r = Req("GET", "/bad-filter");
  EXPECT_EQ(dispatcher_->Handle(r).status, 400);
  Request cut = Req("GET", "/cut");
  EXPECT_EQ(dispatcher_->Handle(cut).status, 500);
  EXPECT_NE(log_->str().find("stream cut short: disk on fire"), std::string::npos) << log_->str();
}

TEST_F(DispatcherStreamTest, TheListenersStepsRecordTheStreamWhenItEnds) {
  Request r = Req("GET", "/cut");
  const auto start = std::chrono::steady_clock::now();
  Dispatcher::Prepared prepared = dispatcher_->Prepare(r);
  ASSERT_TRUE(prepared.route);
  Response response = dispatcher_->Invoke(*prepared.route, r);
  dispatcher_->StartStream(r, response);
  ASSERT_TRUE(response.stream);
  EXPECT_EQ(response.body, "0");
  dispatcher_->Finish(r, response, start, prepared.route);
  EXPECT_NE(response.headers.Find("X-Request-Id"), nullptr);
  EXPECT_TRUE(InFlight(1));  // under way until EndStream
  EXPECT_EQ(log_->str(), "");
  size_t bytes = response.body.size();
  EXPECT_EQ(dispatcher_->Pull(r, response), Dispatcher::StreamStep::kMore);
  bytes += response.body.size();
  EXPECT_EQ(response.body, "1");
  EXPECT_EQ(dispatcher_->Pull(r, response), Dispatcher::StreamStep::kMore);
  bytes += response.body.size();
  EXPECT_EQ(dispatcher_->Pull(r, response), Dispatcher::StreamStep::kFailed);
  dispatcher_->EndStream(r, response.status, bytes, start, prepared.route);
  EXPECT_TRUE(InFlight(0));
  EXPECT_NE(log_->str().find("\"bytes\":3"), std::string::npos) << log_->str();
  EXPECT_NE(log_->str().find("\"status\":200"), std::string::npos) << log_->str();
}

TEST_F(DispatcherStreamTest, HeadIsRecordedAtOnceAndNeverProduces) {
  Request r = Req("HEAD", "/five");
  const Response response = dispatcher_->Handle(r);
  EXPECT_EQ(response.status, 200);
  EXPECT_TRUE(response.body.empty());
  EXPECT_EQ(response.headers.Find("Content-Length"), nullptr);
  EXPECT_TRUE(InFlight(0));
}

}  // namespace
}  // namespace ccrm::gateway
