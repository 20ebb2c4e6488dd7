// The operational routes of the real binary: /healthz, /readyz, /metrics, /openapi.json.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "common/json.hpp"
#include "harness.hpp"

namespace ccrm::testing {
namespace {

class OpsRoutesTest : public ::testing::Test {
 protected:
  ServerProcess server_;

  std::vector<MetricSample> ScrapeMetrics() {
    const auto response = Get(server_.port(), "/metrics");
    EXPECT_EQ(response.status, 200) << response.Describe();
    std::string bad_line;
    auto samples = ParseMetrics(response.body, &bad_line);
    EXPECT_TRUE(samples.has_value()) << "unparsable metrics line: " << bad_line;
    return samples.value_or(std::vector<MetricSample>{});
  }
};

TEST_F(OpsRoutesTest, HealthzAnswersOk) {
  const auto response = Get(server_.port(), "/healthz");
  ASSERT_EQ(response.status, 200) << response.Describe();
  EXPECT_EQ(response.HeaderOr("Content-Type").rfind("application/json", 0), 0u)
      << response.Describe();
  const Json body = Json::parse(response.body, nullptr, false);
  ASSERT_TRUE(body.is_object()) << response.body;
  EXPECT_EQ(body, Json({{"status", "ok"}}));
}

TEST_F(OpsRoutesTest, ProbesAreNotThrottledWithTheApi) {
  // A load balancer polling from the address that also carries an office's API traffic: far
  // more probes than the per-IP burst (400), pipelined on one connection, all answered.
  constexpr int kProbes = 1000;
  Connection connection(server_.port());
  std::string burst;
  for (int i = 0; i < kProbes; ++i) {
    burst += BuildRequest("GET", i % 3 == 0 ? "/healthz" : (i % 3 == 1 ? "/metrics" : "/readyz"));
  }
  ASSERT_TRUE(connection.Write(burst, Seconds(30)));
  for (int i = 0; i < kProbes; ++i) {
    const auto response = connection.ReadResponse();
    ASSERT_TRUE(response.has_value()) << i << ": " << connection.error();
    ASSERT_EQ(response->status, 200) << i << ": " << response->Describe();
  }
}

TEST_F(OpsRoutesTest, ReadyzReportsReadyWithChecks) {
  const auto response = Get(server_.port(), "/readyz");
  ASSERT_EQ(response.status, 200) << response.Describe();
  EXPECT_EQ(response.HeaderOr("Content-Type").rfind("application/json", 0), 0u);
  const Json body = Json::parse(response.body, nullptr, false);
  ASSERT_TRUE(body.is_object()) << response.body;
  EXPECT_EQ(body.value("status", ""), "ready") << response.body;
  ASSERT_TRUE(body.contains("checks")) << response.body;
  EXPECT_TRUE(body["checks"].is_object()) << response.body;
  EXPECT_FALSE(body["checks"].empty()) << "readiness that checks nothing: " << response.body;
}

TEST_F(OpsRoutesTest, MetricsIsPrometheusTextWithTheDocumentedFamilies) {
  // Something to count before the scrape.
  ASSERT_EQ(Get(server_.port(), "/healthz").status, 200);
  const auto response = Get(server_.port(), "/metrics");
  ASSERT_EQ(response.status, 200) << response.Describe();
  EXPECT_EQ(response.HeaderOr("Content-Type").rfind("text/plain", 0), 0u) << response.Describe();

  std::string bad_line;
  const auto samples = ParseMetrics(response.body, &bad_line);
  ASSERT_TRUE(samples.has_value()) << "unparsable line: \"" << bad_line << "\" in\n"
                                   << response.body;
  ASSERT_FALSE(samples->empty());
  for (const auto& s : *samples) {
    EXPECT_EQ(s.name.rfind("ccrm_", 0), 0u) << "metric without the ccrm_ prefix: " << s.name;
    EXPECT_FALSE(std::isnan(s.value)) << s.name;
  }
  for (const char* family : {"# TYPE ccrm_http_requests_total counter",
                             "# TYPE ccrm_http_request_duration_seconds histogram",
                             "# TYPE ccrm_http_requests_in_flight gauge",
                             "# TYPE ccrm_storage_operation_duration_seconds histogram"}) {
    EXPECT_NE(response.body.find(family), std::string::npos) << "missing \"" << family << "\" in\n"
                                                             << response.body;
  }
  for (const auto& s : *samples) {
    if (s.name != "ccrm_http_requests_total") continue;
    EXPECT_TRUE(s.labels.contains("method") && s.labels.contains("route") &&
                s.labels.contains("status"))
        << "ccrm_http_requests_total without method/route/status labels";
  }
  EXPECT_GE(SumMetric(*samples, "ccrm_http_requests_total",
                      {{"method", "GET"}, {"route", "/healthz"}, {"status", "200"}}),
            1);
  EXPECT_GE(SumMetric(*samples, "ccrm_http_requests_in_flight"), 0);
}

TEST_F(OpsRoutesTest, LatencyHistogramIsCumulativeAndConsistent) {
  for (int i = 0; i < 3; ++i) ASSERT_EQ(Get(server_.port(), "/healthz").status, 200);
  std::vector<MetricSample> samples;
  // Requests may be recorded after their reply is written; wait until all three show.
  const std::map<std::string, std::string> healthz = {{"method", "GET"}, {"route", "/healthz"}};
  ASSERT_TRUE(WaitFor(
      [&] {
        samples = ScrapeMetrics();
        return SumMetric(samples, "ccrm_http_request_duration_seconds_count", healthz) >= 3;
      },
      Seconds(10)));
  std::vector<std::pair<double, double>> buckets;  // (le, count)
  for (const auto& s : samples) {
    if (s.name != "ccrm_http_request_duration_seconds_bucket") continue;
    if (s.labels.count("route") == 0 || s.labels.at("route") != "/healthz") continue;
    ASSERT_TRUE(s.labels.contains("le"));
    const std::string& le = s.labels.at("le");
    buckets.emplace_back(le == "+Inf" ? HUGE_VAL : std::stod(le), s.value);
  }
  ASSERT_GE(buckets.size(), 2u);
  std::sort(buckets.begin(), buckets.end());
  for (size_t i = 1; i < buckets.size(); ++i) {
    EXPECT_LE(buckets[i - 1].second, buckets[i].second) << "buckets are not cumulative";
  }
  EXPECT_TRUE(std::isinf(buckets.back().first)) << "no le=\"+Inf\" bucket";
  EXPECT_EQ(buckets.back().second,
            SumMetric(samples, "ccrm_http_request_duration_seconds_count", healthz));
  EXPECT_GT(SumMetric(samples, "ccrm_http_request_duration_seconds_sum", healthz), 0);
}

TEST_F(OpsRoutesTest, RequestCounterMovesAndLabelsTheRouteTemplate) {
  const std::map<std::string, std::string> healthz = {
      {"method", "GET"}, {"route", "/healthz"}, {"status", "200"}};
  const std::map<std::string, std::string> unmatched = {{"route", "unmatched"}, {"status", "404"}};
  const auto before = ScrapeMetrics();
  const double healthz_before = SumMetric(before, "ccrm_http_requests_total", healthz);
  const double unmatched_before = SumMetric(before, "ccrm_http_requests_total", unmatched);

  for (int i = 0; i < 3; ++i) ASSERT_EQ(Get(server_.port(), "/healthz").status, 200);
  // Under /api/: elsewhere an unknown GET path is the web app's (labelled "/{web}").
  ASSERT_EQ(Get(server_.port(), "/api/v1/no/such/x1").status, 404);
  ASSERT_EQ(Get(server_.port(), "/api/v1/no/such/x2").status, 404);

  std::vector<MetricSample> after;
  const bool settled = WaitFor(
      [&] {
        after = ScrapeMetrics();
        return SumMetric(after, "ccrm_http_requests_total", healthz) >= healthz_before + 3 &&
               SumMetric(after, "ccrm_http_requests_total", unmatched) >= unmatched_before + 2;
      },
      Seconds(10));
  EXPECT_TRUE(settled);
  // Nothing else talks to this server, so the counts are exact.
  EXPECT_EQ(SumMetric(after, "ccrm_http_requests_total", healthz), healthz_before + 3);
  EXPECT_EQ(SumMetric(after, "ccrm_http_requests_total", unmatched), unmatched_before + 2);
  for (const auto& s : after) {
    const auto it = s.labels.find("route");
    if (it == s.labels.end()) continue;
    EXPECT_EQ(it->second.find("no/such"), std::string::npos)
        << "a raw path became a label value (unbounded cardinality): " << s.name;
  }
}

TEST_F(OpsRoutesTest, OpenApiDocumentIs31WithTheOpsPaths) {
  const auto response = Get(server_.port(), "/openapi.json");
  ASSERT_EQ(response.status, 200) << response.Describe();
  EXPECT_EQ(response.HeaderOr("Content-Type").rfind("application/json", 0), 0u)
      << response.Describe();
  const Json doc = Json::parse(response.body, nullptr, false);
  ASSERT_TRUE(doc.is_object()) << "not JSON: " << response.body.substr(0, 200);
  ASSERT_TRUE(doc.contains("openapi") && doc["openapi"].is_string());
  EXPECT_EQ(doc["openapi"].get<std::string>().rfind("3.1.", 0), 0u) << doc["openapi"];
  ASSERT_TRUE(doc.contains("paths") && doc["paths"].is_object());
  for (const char* path : {"/healthz", "/readyz", "/metrics", "/openapi.json"}) {
    EXPECT_TRUE(doc["paths"].contains(path)) << "paths lacks " << path;
  }
}

}  // namespace
}  // namespace ccrm::testing
