#include "gateway/metrics.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

namespace ccrm::gateway {
namespace {

using namespace std::chrono_literals;

struct Sample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

// A strict reader of text format 0.0.4: fails the test on any line Prometheus would reject.
std::vector<Sample> Parse(const std::string& text) {
  std::vector<Sample> samples;
  std::set<std::string> typed;
  std::istringstream in(text);
  std::string line;
  auto is_name_char = [](char c, bool first) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
           (!first && c >= '0' && c <= '9');
  };
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    if (line.starts_with("# TYPE ")) {
      std::istringstream parts(line.substr(7));
      std::string name, type;
      parts >> name >> type;
      EXPECT_TRUE(type == "counter" || type == "gauge" || type == "histogram") << line;
      EXPECT_TRUE(typed.insert(name).second) << "TYPE twice: " << line;
      continue;
    }
    if (line.starts_with("# HELP ")) continue;
    EXPECT_NE(line[0], '#') << line;
    Sample s;
    size_t i = 0;
    while (i < line.size() && is_name_char(line[i], i == 0)) ++i;
    s.name = line.substr(0, i);
    EXPECT_FALSE(s.name.empty()) << line;
    if (i < line.size() && line[i] == '{') {
      ++i;
      while (i < line.size() && line[i] != '}') {
        const size_t eq = line.find('=', i);
        EXPECT_NE(eq, std::string::npos) << line;
        if (eq == std::string::npos) return samples;
        const std::string key = line.substr(i, eq - i);
        EXPECT_EQ(line[eq + 1], '"') << line;
        std::string value;
        size_t j = eq + 2;
        for (; j < line.size() && line[j] != '"'; ++j) {
          if (line[j] == '\\') {
            ++j;
            EXPECT_TRUE(line[j] == '\\' || line[j] == '"' || line[j] == 'n') << line;
            value += line[j] == 'n' ? '\n' : line[j];
          } else {
            value += line[j];
          }
        }
        s.labels[key] = value;
        i = j + 1;
        if (i < line.size() && line[i] == ',') ++i;
      }
      ++i;  // '}'
    }
    EXPECT_EQ(line[i], ' ') << line;
    const std::string value = line.substr(i + 1);
    char* end = nullptr;
    s.value = value == "+Inf" ? 1e308 : std::strtod(value.c_str(), &end);
    if (value != "+Inf" && value != "NaN") {
      EXPECT_EQ(*end, '\0') << line;
    }
    // Every sample belongs to a family announced by a TYPE line before it.
    bool announced = typed.contains(s.name);
    for (const char* suffix : {"_bucket", "_sum", "_count"}) {
      if (s.name.ends_with(suffix)) {
        announced = announced ||
                    typed.contains(s.name.substr(0, s.name.size() - std::strlen(suffix)));
      }
    }
    EXPECT_TRUE(announced) << "no TYPE for " << line;
    samples.push_back(std::move(s));
  }
  return samples;
}

double Find(const std::vector<Sample>& samples, const std::string& name,
            const std::map<std::string, std::string>& labels) {
  for (const Sample& s : samples) {
    if (s.name != name) continue;
    bool match = true;
    for (const auto& [k, v] : labels) {
      auto it = s.labels.find(k);
      if (it == s.labels.end() || it->second != v) match = false;
    }
    if (match) return s.value;
  }
  return -1;
}

TEST(MetricsTest, EmptyRegistryIsValid) {
  Metrics m;
  const auto samples = Parse(m.RenderPrometheus());
  EXPECT_EQ(Find(samples, "ccrm_http_requests_in_flight", {}), 0);
}

TEST(MetricsTest, CountersMove) {
  Metrics m;
  m.RecordRequest("GET", "/api/v1/leads/{id}", 200, 3ms, 120);
  m.RecordRequest("GET", "/api/v1/leads/{id}", 200, 30ms, 80);
  m.RecordRequest("GET", "/api/v1/leads/{id}", 404, 1ms, 50);
  m.RecordRequest("BREW", "unmatched", 404, 1ms, 50);
  const auto s = Parse(m.RenderPrometheus());
  const std::map<std::string, std::string> route{{"method", "GET"},
                                                 {"route", "/api/v1/leads/{id}"}};
  auto with = [&](std::map<std::string, std::string> extra) {
    extra.insert(route.begin(), route.end());
    return extra;
  };
  EXPECT_EQ(Find(s, "ccrm_http_requests_total", with({{"status", "200"}})), 2);
  EXPECT_EQ(Find(s, "ccrm_http_requests_total", with({{"status", "404"}})), 1);
  EXPECT_EQ(Find(s, "ccrm_http_requests_total",
                 {{"method", "OTHER"}, {"route", "unmatched"}, {"status", "404"}}),
            1);
  EXPECT_EQ(Find(s, "ccrm_http_request_duration_seconds_count", route), 3);
  EXPECT_EQ(Find(s, "ccrm_http_request_duration_seconds_bucket", with({{"le", "0.001"}})), 1);
  EXPECT_EQ(Find(s, "ccrm_http_request_duration_seconds_bucket", with({{"le", "0.005"}})), 2);
  EXPECT_EQ(Find(s, "ccrm_http_request_duration_seconds_bucket", with({{"le", "+Inf"}})), 3);
  EXPECT_NEAR(Find(s, "ccrm_http_request_duration_seconds_sum", route), 0.034, 1e-9);
  EXPECT_EQ(Find(s, "ccrm_http_response_body_bytes_total", route), 250);
}

TEST(MetricsTest, SlowRequestsLandInInf) {
  Metrics m;
  m.RecordRequest("GET", "/slow", 200, 20s, 0);
  const auto s = Parse(m.RenderPrometheus());
  EXPECT_EQ(Find(s, "ccrm_http_request_duration_seconds_bucket", {{"le", "10"}}), 0);
  EXPECT_EQ(Find(s, "ccrm_http_request_duration_seconds_bucket", {{"le", "+Inf"}}), 1);
}

TEST(MetricsTest, InFlightAndStorageAndGauges) {
  Metrics m;
  m.AddInFlight(1);
  m.AddInFlight(1);
  m.AddInFlight(-1);
  m.ObserveStorage("records.get", 200us);
  m.ObserveStorage("records.get", 2ms);
  m.SetGauge("trigger_queue_depth", "Jobs waiting.\nSecond line", 7);
  m.SetGauge("trigger_queue_depth", "ignored", 9);
  EXPECT_THROW(m.SetGauge("bad-name", "x", 1), std::invalid_argument);
  const std::string text = m.RenderPrometheus();
  const auto s = Parse(text);
  EXPECT_EQ(Find(s, "ccrm_http_requests_in_flight", {}), 1);
  EXPECT_EQ(Find(s, "ccrm_storage_operation_duration_seconds_count",
                 {{"operation", "records.get"}}),
            2);
  EXPECT_EQ(Find(s, "ccrm_trigger_queue_depth", {}), 9);
  EXPECT_NE(text.find("# HELP ccrm_trigger_queue_depth Jobs waiting.\\nSecond line\n"),
            std::string::npos);
}

TEST(MetricsTest, LabelValuesAreEscaped) {
  EXPECT_EQ(EscapeLabelValue("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
  Metrics m;
  m.ObserveStorage("odd \"op\"\\\n", 1ms);
  const auto s = Parse(m.RenderPrometheus());
  EXPECT_EQ(Find(s, "ccrm_storage_operation_duration_seconds_count",
                 {{"operation", "odd \"op\"\\\n"}}),
            1);
}

TEST(MetricsTest, ConcurrentRecordingLosesNothing) {
  Metrics m;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&m, t] {
      for (int i = 0; i < 5000; ++i) {
        m.RecordRequest("GET", "/r" + std::to_string(i % 3), 200 + t, 1ms, 1);
      }
    });
  }
  for (auto& t : threads) t.join();
  const auto s = Parse(m.RenderPrometheus());
  double total = 0;
  for (const Sample& x : s) {
    if (x.name == "ccrm_http_requests_total") total += x.value;
  }
  EXPECT_EQ(total, 20000);
}

}  // namespace
}  // namespace ccrm::gateway
