#include "gateway/dispatcher.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace ccrm::gateway {
namespace {

constexpr const char* kApp = "https://crm.example.com";
const RouteOptions kPublic{.access = Access::Public()};

class DispatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto router = std::make_shared<Router>();
    router->Add("GET", "/things/{id}", [](Request& r) {
      return Response::WithJson(200, {{"id", std::string(r.PathParam("id"))}});
    }, kPublic);
    router->Add("PATCH", "/things/{id}", [](Request&) { return Response::NoContent(); }, kPublic);
    router->Add("GET", "/healthz", [](Request&) { return Response::WithText(200, "ok"); },
                {.offload = false, .quiet = true, .unthrottled = true, .access = Access::Public()});
    router->Add("POST", "/problem", [](Request&) -> Response {
      throw ProblemException(Problem::Conflict("Already there."));
    }, kPublic);
    router->Add("POST", "/invalid", [](Request&) -> Response {
      throw std::invalid_argument("limit must be between 1 and 200");
    }, kPublic);
    router->Add("POST", "/json", [](Request& r) {
      return Response::WithJson(200, Json::parse(r.body));
    }, kPublic);
    router->Add("POST", "/json-type", [](Request&) {
      const Json j = Json::parse(R"({"n":"x"})");
      return Response::WithJson(200, {{"n", j.at("n").get<int>()}});
    }, kPublic);
    router->Add("GET", "/boom", [](Request&) -> Response {
      throw std::runtime_error("connection to db:5432 failed, password=hunter2");
    }, kPublic);
    router->Add("GET", "/boom-int", [](Request&) -> Response { throw 42; }, kPublic);
    router_ = router;
    log_sink_ = std::make_shared<std::ostringstream>();
  }

  Dispatcher& Make(DispatcherOptions options = {}) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(*log_sink_);
    auto logger = std::make_shared<spdlog::logger>("test-access", sink);
    logger->set_pattern("%v");
    dispatcher_ = std::make_unique<Dispatcher>(router_, std::move(options),
                                               std::make_shared<Metrics>(),
                                               std::make_shared<AccessLog>(logger));
    return *dispatcher_;
  }

  static Request Req(std::string method, std::string path) {
    Request r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.target = r.path;
    r.remote_ip = "192.0.2.1";
    return r;
  }

  Response Call(Request r) { return dispatcher_->Handle(r); }

  std::vector<Json> LogLines() const {
    std::vector<Json> lines;
    std::istringstream in(log_sink_->str());
    std::string line;
    while (std::getline(in, line)) lines.push_back(Json::parse(line));
    return lines;
  }

  static std::string H(const Response& r, std::string_view name) {
    const std::string* v = r.headers.Find(name);
    return v ? *v : std::string("<none>");
  }

  std::shared_ptr<Router> router_;
  std::shared_ptr<std::ostringstream> log_sink_;
  std::unique_ptr<Dispatcher> dispatcher_;
};

TEST_F(DispatcherTest, RoutesWithParameters) {
  Make();
  const Response r = Call(Req("GET", "/things/t1"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(Json::parse(r.body)["id"], "t1");
}

TEST_F(DispatcherTest, UnknownPathIs404Problem) {
  Make();
  const Response r = Call(Req("GET", "/nope"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(H(r, "Content-Type"), "application/problem+json");
  EXPECT_EQ(Json::parse(r.body)["status"], 404);
}

TEST_F(DispatcherTest, WrongMethodIs405WithAllow) {
  Make();
  const Response r = Call(Req("DELETE", "/things/t1"));
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(H(r, "Allow"), "GET, HEAD, PATCH");
  EXPECT_EQ(H(r, "Content-Type"), "application/problem+json");
  EXPECT_EQ(Json::parse(r.body)["title"], "Method Not Allowed");
}

TEST_F(DispatcherTest, PlainOptionsListsMethods) {
  Make();
  const Response r = Call(Req("OPTIONS", "/things/t1"));
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(H(r, "Allow"), "GET, HEAD, PATCH, OPTIONS");
}

TEST_F(DispatcherTest, ProblemExceptionBecomesItsProblem) {
  Make();
  const Response r = Call(Req("POST", "/problem"));
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(Json::parse(r.body)["detail"], "Already there.");
}

TEST_F(DispatcherTest, InvalidArgumentIs400) {
  Make();
  const Response r = Call(Req("POST", "/invalid"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Json::parse(r.body)["detail"], "limit must be between 1 and 200");
}

TEST_F(DispatcherTest, MalformedJsonIs400SayingWhere) {
  Make();
  Request req = Req("POST", "/json");
  req.body = "{\n  \"a\": 1,\n  oops\n}";
  const Response r = Call(req);
  EXPECT_EQ(r.status, 400);
  const Json body = Json::parse(r.body);
  EXPECT_NE(body["detail"].get<std::string>().find("line 3"), std::string::npos) << body;
  EXPECT_EQ(body["line"], 3);
  EXPECT_EQ(body["column"], 3);
}

TEST_F(DispatcherTest, JsonTypeErrorIs400) {
  Make();
  const Response r = Call(Req("POST", "/json-type"));
  EXPECT_EQ(r.status, 400);
  const std::string detail = Json::parse(r.body)["detail"];
  EXPECT_EQ(detail.find("[json.exception"), std::string::npos);
}

TEST_F(DispatcherTest, UnexpectedExceptionIs500WithoutLeak) {
  Make();
  Request req = Req("GET", "/boom");
  req.headers.Add("X-Request-Id", "trace-500");
  const Response r = Call(req);
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("hunter2"), std::string::npos);
  EXPECT_EQ(r.body.find("db:5432"), std::string::npos);
  const auto lines = LogLines();
  ASSERT_EQ(lines.size(), 2u);  // the failure, then the request
  EXPECT_EQ(lines[0]["msg"], "handler failed");
  EXPECT_EQ(lines[0]["requestId"], "trace-500");
  EXPECT_EQ(lines[1]["status"], 500);
  EXPECT_EQ(lines[1]["level"], "error");

  EXPECT_EQ(Call(Req("GET", "/boom-int")).status, 500);
}

TEST_F(DispatcherTest, RequestIdEchoedOrMade) {
  Make();
  Request given = Req("GET", "/things/1");
  given.headers.Add("X-Request-Id", "abc-123_X.y");
  EXPECT_EQ(H(Call(given), "X-Request-Id"), "abc-123_X.y");

  const std::string made = H(Call(Req("GET", "/things/1")), "X-Request-Id");
  EXPECT_TRUE(made.starts_with("req_")) << made;

  for (const std::string& bad : {std::string("has space"), std::string("quote\"d"),
                                std::string(129, 'a'), std::string("line\nbreak")}) {
    Request r = Req("GET", "/things/1");
    r.headers.Add("X-Request-Id", bad);
    const std::string id = H(Call(r), "X-Request-Id");
    EXPECT_NE(id, bad);
    EXPECT_TRUE(id.starts_with("req_")) << id;
  }
  // Errors carry it too.
  EXPECT_TRUE(H(Call(Req("GET", "/nope")), "X-Request-Id").starts_with("req_"));
}

TEST_F(DispatcherTest, SecurityHeaders) {
  Make();
  const Response r = Call(Req("GET", "/things/1"));
  EXPECT_EQ(H(r, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(H(r, "X-Frame-Options"), "DENY");
  EXPECT_EQ(H(r, "Referrer-Policy"), "no-referrer");
  EXPECT_EQ(H(r, "Cache-Control"), "no-store");
  EXPECT_NE(H(r, "Content-Security-Policy").find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(H(r, "Strict-Transport-Security"), "<none>");

  Request tls = Req("GET", "/things/1");
  tls.secure = true;
  EXPECT_EQ(H(Call(tls), "Strict-Transport-Security"), "max-age=31536000; includeSubDomains");
  // Problems get them as well.
  EXPECT_EQ(H(Call(Req("GET", "/nope")), "X-Content-Type-Options"), "nosniff");
}

TEST_F(DispatcherTest, PreflightAnsweredBeforeRoutingAndHooks) {
  Make({.cors = {.allowed_origins = {kApp}}});
  int hook_calls = 0;
  dispatcher_->AddBeforeHook([&](const Route&, Request&) -> std::optional<Response> {
    ++hook_calls;
    return Response::WithProblem(Problem{.status = 401, .title = "Unauthorized"});
  });
  Request pre = Req("OPTIONS", "/things/1");
  pre.headers.Add("Origin", kApp);
  pre.headers.Add("Access-Control-Request-Method", "PATCH");
  const Response r = Call(pre);
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(H(r, "Access-Control-Allow-Origin"), kApp);
  EXPECT_EQ(hook_calls, 0);

  Request get = Req("GET", "/things/1");
  get.headers.Add("Origin", kApp);
  const Response g = Call(get);
  EXPECT_EQ(g.status, 401);
  EXPECT_EQ(hook_calls, 1);
  EXPECT_EQ(H(g, "Access-Control-Allow-Origin"), kApp);
  EXPECT_NE(H(g, "Access-Control-Expose-Headers").find("X-Request-Id"), std::string::npos);
}

TEST_F(DispatcherTest, IpThrottleAnswers429WithRetryAfter) {
  Make({.throttle = {.per_ip_rate = 0.01, .per_ip_burst = 2}});
  EXPECT_EQ(Call(Req("GET", "/things/1")).status, 200);
  EXPECT_EQ(Call(Req("GET", "/things/1")).status, 200);
  const Response r = Call(Req("GET", "/things/1"));
  EXPECT_EQ(r.status, 429);
  EXPECT_GE(std::stoi(H(r, "Retry-After")), 1);
  EXPECT_EQ(H(r, "Content-Type"), "application/problem+json");
  EXPECT_EQ(Json::parse(r.body)["retryAfter"], std::stoi(H(r, "Retry-After")));
  Request other = Req("GET", "/things/1");
  other.remote_ip = "192.0.2.2";
  EXPECT_EQ(Call(other).status, 200);
  // The probes a load balancer polls from the same address still answer, and take nothing
  // from the API's budget.
  for (int i = 0; i < 100; ++i) ASSERT_EQ(Call(Req("GET", "/healthz")).status, 200) << i;
}

TEST_F(DispatcherTest, PrincipalThrottleRunsAfterHooks) {
  Make({.throttle = {.rate_per_second = 0.01, .burst = 1, .per_ip_rate = 0}});
  dispatcher_->AddBeforeHook([](const Route&, Request& r) -> std::optional<Response> {
    if (const std::string* who = r.Header("X-Test-User")) r.principal.id = *who;
    return std::nullopt;
  });
  auto as = [&](const char* user) {
    Request r = Req("GET", "/things/1");
    r.headers.Add("X-Test-User", user);
    return Call(r).status;
  };
  EXPECT_EQ(as("usr_a"), 200);
  EXPECT_EQ(as("usr_a"), 429);
  EXPECT_EQ(as("usr_b"), 200);
  EXPECT_EQ(Call(Req("GET", "/things/1")).status, 200);  // anonymous: IP throttle only (off)
}

TEST_F(DispatcherTest, HooksRunInOrderAndCanAnswer) {
  Make();
  std::string order;
  dispatcher_->AddBeforeHook([&](const Route&, Request&) -> std::optional<Response> {
    order += "1";
    return std::nullopt;
  });
  dispatcher_->AddBeforeHook([&](const Route&, Request& r) -> std::optional<Response> {
    order += "2";
    if (r.path == "/things/denied") throw ProblemException(Problem{.status = 403});
    return std::nullopt;
  });
  EXPECT_EQ(Call(Req("GET", "/things/1")).status, 200);
  EXPECT_EQ(order, "12");
  EXPECT_EQ(Call(Req("GET", "/things/denied")).status, 403);
}

TEST_F(DispatcherTest, InlineRoutesRunInlineOnlyWhenEveryHookCanWorkFromMemory) {
  Make();
  const Route& healthz = *router_->Match("GET", "/healthz").route;
  const Route& things = *router_->Match("GET", "/things/{id}").route;
  Request r = Req("GET", "/healthz");
  EXPECT_TRUE(dispatcher_->CanRunInline(healthz, r));  // no checks yet
  EXPECT_FALSE(dispatcher_->CanRunInline(things, r));  // offloaded routes never are
  dispatcher_->AddBeforeHook([](const Route&, Request&) { return std::optional<Response>(); });
  dispatcher_->AddBeforeHook(
      [](const Route&, Request&) { return std::optional<Response>(); },
      [](const Route&, const Request& request) { return request.Header("X-Slow") == nullptr; });
  EXPECT_TRUE(dispatcher_->CanRunInline(healthz, r));
  r.headers.Add("X-Slow", "1");
  EXPECT_FALSE(dispatcher_->CanRunInline(healthz, r));
}

TEST_F(DispatcherTest, AnInlineRouteMayKeepSomeRequestsOffTheIoThread) {
  router_->Add("GET", "/cached/{id}", [](Request&) { return Response::NoContent(); },
               {.offload = false,
                .inline_if = [](const Request& r) { return r.PathParam("id") == "hot"; },
                .access = Access::Public()});
  Make();
  for (const auto& [path, inline_expected] :
       std::vector<std::pair<std::string, bool>>{{"/cached/hot", true}, {"/cached/cold", false}}) {
    Request r = Req("GET", path);
    const auto match = router_->Match("GET", path);
    r.path_params = match.params;
    EXPECT_EQ(dispatcher_->CanRunInline(*match.route, r), inline_expected) << path;
  }
}

TEST_F(DispatcherTest, HeadAnswersLikeGetWithoutBody) {
  Make();
  const Response get = Call(Req("GET", "/things/t1"));
  const Response head = Call(Req("HEAD", "/things/t1"));
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(H(head, "Content-Length"), std::to_string(get.body.size()));
  EXPECT_EQ(H(head, "Content-Type"), "application/json");
}

TEST_F(DispatcherTest, AccessLogHasTheFieldsAndNoSecrets) {
  Make();
  Request req = Req("GET", "/things/lead_secret_path");
  req.target = "/things/lead_secret_path?token=abc123";
  req.query = "token=abc123";
  req.headers.Add("Authorization", "Bearer eyJhbGciOi.secret.sig");
  req.headers.Add("Cookie", "session=cookie-secret");
  req.headers.Add("X-Api-Key", "key-secret");
  req.headers.Add("User-Agent", std::string(500, 'u') + "\"\n");
  req.body = "password=pw-secret";
  Call(req);
  Call(Req("GET", "/healthz"));  // quiet: not logged
  Call(Req("GET", "/nope"));

  const std::string raw = log_sink_->str();
  for (const char* secret : {"abc123", "eyJhbGciOi", "cookie-secret", "key-secret", "pw-secret",
                             "lead_secret_path"}) {
    EXPECT_EQ(raw.find(secret), std::string::npos) << secret;
  }
  const auto lines = LogLines();
  ASSERT_EQ(lines.size(), 2u);
  const Json& l = lines[0];
  EXPECT_EQ(l["msg"], "request");
  EXPECT_EQ(l["level"], "info");
  EXPECT_EQ(l["method"], "GET");
  EXPECT_EQ(l["route"], "/things/{id}");
  EXPECT_EQ(l["status"], 200);
  EXPECT_GT(l["bytes"].get<int>(), 0);
  EXPECT_GE(l["us"].get<int>(), 0);
  EXPECT_TRUE(l["requestId"].get<std::string>().starts_with("req_"));
  EXPECT_EQ(l["ip"], "192.0.2.1");
  EXPECT_EQ(l["userAgent"].get<std::string>().size(), AccessLog::kMaxUserAgent);
  EXPECT_TRUE(l["ts"].get<std::string>().ends_with("Z"));
  EXPECT_TRUE(l["principal"].is_null());
  EXPECT_EQ(lines[1]["route"], "unmatched");
}

TEST_F(DispatcherTest, AccessLogNamesThePrincipalById) {
  Make();
  dispatcher_->AddBeforeHook([](const Route&, Request& r) -> std::optional<Response> {
    r.principal.id = "usr_01abc";
    r.principal.name = "alice@example.com";
    return std::nullopt;
  });
  Call(Req("GET", "/things/1"));
  const auto lines = LogLines();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["principal"], "usr_01abc");
  EXPECT_EQ(log_sink_->str().find("alice"), std::string::npos);
}

TEST_F(DispatcherTest, MetricsUseTemplatesAndUnmatched) {
  Make();
  Call(Req("GET", "/things/1"));
  Call(Req("GET", "/things/2"));
  Call(Req("GET", "/random/path/123"));
  const std::string text = dispatcher_->metrics().RenderPrometheus();
  EXPECT_NE(text.find(R"(ccrm_http_requests_total{method="GET",route="/things/{id}",status="200"} 2)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(route="unmatched",status="404"} 1)"), std::string::npos);
  EXPECT_EQ(text.find("/random"), std::string::npos);
  EXPECT_NE(text.find("ccrm_http_requests_in_flight 0"), std::string::npos);
}

TEST_F(DispatcherTest, RejectGoesThroughHeadersMetricsAndLog) {
  Make();
  Request req;
  req.remote_ip = "192.0.2.9";
  const Response r = dispatcher_->Reject(
      req, Problem{.status = 431, .title = "Request Header Fields Too Large"},
      std::chrono::steady_clock::now());
  EXPECT_EQ(r.status, 431);
  EXPECT_EQ(H(r, "X-Content-Type-Options"), "nosniff");
  EXPECT_TRUE(H(r, "X-Request-Id").starts_with("req_"));
  ASSERT_EQ(LogLines().size(), 1u);
  EXPECT_EQ(LogLines()[0]["status"], 431);
}

TEST_F(DispatcherTest, EachRouteRunsOnlyTheHooksOfItsKindOfAuthentication) {
  router_->Add("GET", "/signed/{key+}", [](Request& r) { return Response::WithText(200, r.principal.id); },
               {.access = Access::Users(), .authentication = "sigv4"});
  router_->Add("GET", "/open", [](Request& r) { return Response::WithText(200, r.principal.id); },
               {.access = Access::Public(), .authentication = kNoAuthentication});
  Dispatcher& dispatcher = Make();
  std::string ran;
  dispatcher.AddBeforeHook([&](const Route&, Request& r) -> std::optional<Response> {
    ran += "bearer ";
    r.principal.id = "usr_bearer";
    return std::nullopt;
  });
  dispatcher.AddBeforeHook(
      [&](const Route&, Request& r) -> std::optional<Response> {
        ran += "sigv4 ";
        r.principal.id = "usr_signed";
        return std::nullopt;
      },
      nullptr, "sigv4");
  EXPECT_NO_THROW(dispatcher.RequireAuthentications());
  EXPECT_EQ(Call(Req("GET", "/signed/a/b")).body, "usr_signed");
  EXPECT_EQ(ran, "sigv4 ");
  ran.clear();
  EXPECT_EQ(Call(Req("GET", "/things/t1")).status, 200);
  EXPECT_EQ(ran, "bearer ");
  ran.clear();
  EXPECT_EQ(Call(Req("GET", "/open")).body, "");  // nobody established
  EXPECT_EQ(ran, "");
}

TEST_F(DispatcherTest, ARouteWhoseAuthenticationHasNoHookIsRefusedAtStartAndAtRuntime) {
  router_->Add("GET", "/typo", [](Request&) { return Response::WithText(200, "reached"); },
               {.access = Access::Users(), .authentication = "sigv5"});
  Dispatcher& dispatcher = Make();
  dispatcher.AddBeforeHook([](const Route&, Request& r) -> std::optional<Response> {
    r.principal.id = "usr_any";
    return std::nullopt;
  });
  EXPECT_THROW(dispatcher.RequireAuthentications(), std::logic_error);
  EXPECT_EQ(Call(Req("GET", "/typo")).status, 401);  // no hook established anyone
  EXPECT_THROW(dispatcher.AddBeforeHook([](const Route&, Request&) { return std::optional<Response>(); },
                                        nullptr, kNoAuthentication),
               std::invalid_argument);
}

// The socket server calls Prepare, Invoke and Finish from its io threads and worker pool at
// once: routing, throttling, the lazily filled per-route metrics series and the access log must
// lose nothing and answer every request as if it were alone (make test-tsan runs this).
TEST_F(DispatcherTest, ConcurrentRequestsAreEachAnsweredAndCounted) {
  DispatcherOptions options;
  options.throttle.per_ip_rate = 1e6;
  options.throttle.per_ip_burst = 1e6;
  Dispatcher& dispatcher = Make(std::move(options));
  constexpr int kThreads = 4, kEach = 400;
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const std::string id = "t" + std::to_string(t) + "-" + std::to_string(i);
        Request request = Req(i % 4 == 3 ? "POST" : "GET", i % 4 == 3 ? "/problem" : "/things/" + id);
        request.remote_ip = "192.0.2." + std::to_string(1 + (i % 8));
        const Response response = dispatcher.Handle(request);
        const bool right = i % 4 == 3 ? response.status == 409
                                      : response.status == 200 && Json::parse(response.body)["id"] == id;
        if (!right || response.headers.Find("X-Request-Id") == nullptr) ++wrong;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(LogLines().size(), size_t{kThreads * kEach});
  const std::string metrics = dispatcher.metrics().RenderPrometheus();
  double counted = 0;
  std::istringstream lines(metrics);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("ccrm_http_requests_total{", 0) == 0) counted += std::stod(line.substr(line.rfind(' ') + 1));
  }
  EXPECT_EQ(counted, kThreads * kEach) << metrics;
}

}  // namespace
}  // namespace ccrm::gateway
