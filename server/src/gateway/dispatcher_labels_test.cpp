// The dispatcher's view of who called and what they reached: metrics and log labels of
// preflights and 405s, and the client address and scheme behind a trusted proxy.
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>

#include "gateway/dispatcher.hpp"

namespace ccrm::gateway {
namespace {

constexpr const char* kApp = "https://crm.example.com";
constexpr const char* kHsts = "max-age=31536000; includeSubDomains";

class DispatcherLabelsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto router = std::make_shared<Router>();
    const RouteOptions open{.access = Access::Public()};
    router->Add("GET", "/things/{id}", [](Request&) { return Response::WithText(200, "t"); },
                open);
    router->Add("PATCH", "/things/{id}", [](Request&) { return Response::NoContent(); }, open);
    router_ = router;
  }

  Dispatcher& Make(DispatcherOptions options) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(log_);
    auto logger = std::make_shared<spdlog::logger>("labels-access", sink);
    logger->set_pattern("%v");
    dispatcher_ = std::make_unique<Dispatcher>(router_, std::move(options),
                                               std::make_shared<Metrics>(),
                                               std::make_shared<AccessLog>(logger));
    return *dispatcher_;
  }

  static Request Req(std::string method, std::string path, std::string peer = "192.0.2.1") {
    Request r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.target = r.path;
    r.remote_ip = std::move(peer);
    return r;
  }

  static Request Preflight(std::string path) {
    Request r = Req("OPTIONS", std::move(path));
    r.headers.Add("Origin", kApp);
    r.headers.Add("Access-Control-Request-Method", "PATCH");
    return r;
  }

  Response Call(Request r) { return dispatcher_->Handle(r); }

  std::vector<Json> LogLines() const {
    std::vector<Json> lines;
    std::istringstream in(log_.str());
    std::string line;
    while (std::getline(in, line)) lines.push_back(Json::parse(line));
    return lines;
  }

  static std::string H(const Response& r, std::string_view name) {
    const std::string* v = r.headers.Find(name);
    return v ? *v : std::string("<none>");
  }

  bool HasSample(std::string_view sample) const {
    return dispatcher_->metrics().RenderPrometheus().find(sample) != std::string::npos;
  }

  std::shared_ptr<Router> router_;
  std::ostringstream log_;  // before dispatcher_: its logger writes here until destroyed
  std::unique_ptr<Dispatcher> dispatcher_;
};

TEST_F(DispatcherLabelsTest, PreflightIsLabelledWithTheMatchedTemplate) {
  Make({.cors = {.allowed_origins = {kApp}}});
  EXPECT_EQ(Call(Preflight("/things/1")).status, 204);
  EXPECT_EQ(Call(Preflight("/no/such/thing")).status, 204);
  EXPECT_TRUE(HasSample(
      R"(ccrm_http_requests_total{method="OPTIONS",route="/things/{id}",status="204"} 1)"))
      << dispatcher_->metrics().RenderPrometheus();
  EXPECT_TRUE(HasSample(
      R"(ccrm_http_requests_total{method="OPTIONS",route="unmatched",status="204"} 1)"));
  const auto lines = LogLines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["route"], "/things/{id}");
  EXPECT_EQ(lines[1]["route"], "unmatched");
}

TEST_F(DispatcherLabelsTest, MethodNotAllowedIsLabelledWithThePathsTemplate) {
  Make({});
  EXPECT_EQ(Call(Req("DELETE", "/things/1")).status, 405);
  EXPECT_EQ(Call(Req("DELETE", "/things/2")).status, 405);
  EXPECT_TRUE(HasSample(
      R"(ccrm_http_requests_total{method="DELETE",route="/things/{id}",status="405"} 2)"))
      << dispatcher_->metrics().RenderPrometheus();
  EXPECT_FALSE(HasSample(R"(route="unmatched")"));
  EXPECT_EQ(LogLines().at(0)["route"], "/things/{id}");
}

TEST_F(DispatcherLabelsTest, CachedSeriesKeepMethodsApart) {
  Make({});
  EXPECT_EQ(Call(Req("GET", "/things/1")).status, 200);
  EXPECT_EQ(Call(Req("HEAD", "/things/1")).status, 200);
  EXPECT_EQ(Call(Req("GET", "/things/2")).status, 200);
  EXPECT_TRUE(HasSample(
      R"(ccrm_http_requests_total{method="GET",route="/things/{id}",status="200"} 2)"));
  EXPECT_TRUE(HasSample(
      R"(ccrm_http_requests_total{method="HEAD",route="/things/{id}",status="200"} 1)"));
}

TEST_F(DispatcherLabelsTest, TrustedProxyGivesTheClientAddressAndScheme) {
  Make({.throttle = {.per_ip_rate = 0.01, .per_ip_burst = 1},
        .trusted_proxies = {"192.0.2.0/24"}});
  auto via_proxy = [](const char* client) {
    Request r = Req("GET", "/things/1");
    r.headers.Add("X-Forwarded-For", client);
    r.headers.Add("X-Forwarded-Proto", "https");
    return r;
  };
  const Response first = Call(via_proxy("198.51.100.1"));
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(H(first, "Strict-Transport-Security"), kHsts);
  // Throttled per client, not per proxy: another client through it is still served.
  EXPECT_EQ(Call(via_proxy("198.51.100.2")).status, 200);
  EXPECT_EQ(Call(via_proxy("198.51.100.1")).status, 429);
  const auto lines = LogLines();
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0]["ip"], "198.51.100.1");
  EXPECT_EQ(lines[1]["ip"], "198.51.100.2");
}

TEST_F(DispatcherLabelsTest, ForwardedHeadersFromOtherPeersAreIgnored) {
  Make({.trusted_proxies = {"10.0.0.0/8"}});
  Request r = Req("GET", "/things/1", "203.0.113.5");
  r.headers.Add("X-Forwarded-For", "198.51.100.3");
  r.headers.Add("X-Forwarded-Proto", "https");
  const Response response = Call(r);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(H(response, "Strict-Transport-Security"), "<none>");
  EXPECT_EQ(LogLines().at(0)["ip"], "203.0.113.5");
}

TEST_F(DispatcherLabelsTest, NoTrustedProxiesMeansNoForwardedHeadersBelieved) {
  Make({});
  Request r = Req("GET", "/things/1", "127.0.0.1");
  r.headers.Add("X-Forwarded-For", "198.51.100.4");
  r.headers.Add("X-Forwarded-Proto", "https");
  EXPECT_EQ(H(Call(r), "Strict-Transport-Security"), "<none>");
  EXPECT_EQ(LogLines().at(0)["ip"], "127.0.0.1");
}

TEST_F(DispatcherLabelsTest, ABadTrustedProxyIsRefused) {
  EXPECT_THROW(Make({.trusted_proxies = {"10.0.0.0/40"}}), std::invalid_argument);
}

}  // namespace
}  // namespace ccrm::gateway
