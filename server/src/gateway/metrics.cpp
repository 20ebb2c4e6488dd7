#include "gateway/metrics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <stdexcept>
#include <tuple>
#include <vector>

namespace ccrm::gateway {
namespace {

using std::chrono::nanoseconds;

struct Bucket {
  int64_t upper_ns;
  const char* le;  // spelled out once so the exposition never prints "5e-05"
};
constexpr std::array<Bucket, Metrics::kBucketCount> kBuckets{{
    {50'000, "0.00005"},        {100'000, "0.0001"},       {250'000, "0.00025"},
    {500'000, "0.0005"},        {1'000'000, "0.001"},      {2'500'000, "0.0025"},
    {5'000'000, "0.005"},       {10'000'000, "0.01"},      {25'000'000, "0.025"},
    {50'000'000, "0.05"},       {100'000'000, "0.1"},      {250'000'000, "0.25"},
    {500'000'000, "0.5"},       {1'000'000'000, "1"},      {2'500'000'000, "2.5"},
    {5'000'000'000, "5"},       {10'000'000'000, "10"},
}};

// Status codes 100..599 index a flat array, so counting a status never takes a lock.
constexpr int kMinStatus = 100;
constexpr int kStatusSlots = 500;

constexpr std::array<std::string_view, Metrics::kMethodSlots> kMethodLabels{
    "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "OTHER"};

std::string_view NormalizeMethod(std::string_view method) {
  return kMethodLabels[Metrics::MethodSlot(method)];
}

bool IsValidMetricName(std::string_view name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    if (!alpha && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

std::string EscapeHelp(std::string_view help) {
  std::string out;
  out.reserve(help.size());
  for (char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string FormatDouble(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", v);
}

std::string Seconds(uint64_t ns) { return FormatDouble(static_cast<double>(ns) / 1e9); }

void Header(std::string& out, std::string_view name, std::string_view type,
            std::string_view help) {
  fmt::format_to(std::back_inserter(out), "# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

}  // namespace

struct Metrics::RouteSeries {
  std::string method;
  std::string route;
  Histogram latency;
  std::atomic<uint64_t> bytes{0};
  std::array<std::atomic<uint64_t>, kStatusSlots> statuses{};
};

struct Metrics::StorageSeries {
  std::string operation;
  Histogram latency;
};

struct Metrics::Gauge {
  std::string name;
  std::string help;
  std::atomic<double> value{0};
};

void Metrics::Histogram::Observe(nanoseconds duration) {
  const int64_t ns = std::max<int64_t>(0, duration.count());
  size_t i = 0;
  while (i < kBucketCount && ns > kBuckets[i].upper_ns) ++i;
  buckets[i].fetch_add(1, std::memory_order_relaxed);
  sum_ns.fetch_add(static_cast<uint64_t>(ns), std::memory_order_relaxed);
  count.fetch_add(1, std::memory_order_relaxed);
}

Metrics::Metrics() = default;
Metrics::~Metrics() = default;

size_t Metrics::MethodSlot(std::string_view method) {
  for (size_t i = 0; i + 1 < kMethodLabels.size(); ++i) {
    if (method == kMethodLabels[i]) return i;
  }
  return kMethodLabels.size() - 1;
}

Metrics::RouteSeries& Metrics::Series(std::string_view raw_method, std::string_view route) {
  const std::string_view method = NormalizeMethod(raw_method);
  // A reused per-thread key keeps the lookup free of allocations once warmed up.
  thread_local std::string key;
  key.assign(method);
  key += ' ';
  key += route;
  {
    std::shared_lock lock(mutex_);
    if (auto it = routes_.find(key); it != routes_.end()) return *it->second;
  }
  std::unique_lock lock(mutex_);
  auto& slot = routes_[key];
  if (!slot) {
    slot = std::make_unique<RouteSeries>();
    slot->method = std::string(method);
    slot->route = std::string(route);
  }
  return *slot;
}

void Metrics::RecordRequest(std::string_view method, std::string_view route, int status,
                            nanoseconds duration, size_t response_bytes) {
  Record(Series(method, route), status, duration, response_bytes);
}

void Metrics::Record(RouteSeries& series, int status, nanoseconds duration,
                     size_t response_bytes) {
  const int index = std::clamp(status, kMinStatus, kMinStatus + kStatusSlots - 1) - kMinStatus;
  series.statuses[static_cast<size_t>(index)].fetch_add(1, std::memory_order_relaxed);
  series.bytes.fetch_add(response_bytes, std::memory_order_relaxed);
  series.latency.Observe(duration);
}

void Metrics::AddInFlight(int delta) { in_flight_.fetch_add(delta, std::memory_order_relaxed); }

void Metrics::ObserveStorage(std::string_view operation, nanoseconds duration) {
  thread_local std::string key;
  key.assign(operation);
  {
    std::shared_lock lock(mutex_);
    if (auto it = storage_.find(key); it != storage_.end()) {
      it->second->latency.Observe(duration);
      return;
    }
  }
  std::unique_lock lock(mutex_);
  auto& slot = storage_[key];
  if (!slot) {
    slot = std::make_unique<StorageSeries>();
    slot->operation = key;
  }
  slot->latency.Observe(duration);
}

void Metrics::SetGauge(std::string_view name, std::string_view help, double value) {
  std::string full = name.starts_with("ccrm_") ? std::string(name) : "ccrm_" + std::string(name);
  if (!IsValidMetricName(full)) throw std::invalid_argument("invalid metric name: " + full);
  {
    std::shared_lock lock(mutex_);
    if (auto it = gauges_.find(full); it != gauges_.end()) {
      it->second->value.store(value, std::memory_order_relaxed);
      return;
    }
  }
  std::unique_lock lock(mutex_);
  auto& slot = gauges_[full];
  if (!slot) {
    slot = std::make_unique<Gauge>();
    slot->name = full;
    slot->help = EscapeHelp(help);
  }
  slot->value.store(value, std::memory_order_relaxed);
}

void Metrics::RenderHistogram(std::string& out, std::string_view name, std::string_view labels,
                              const Histogram& h) {
  uint64_t cumulative = 0;
  for (size_t i = 0; i <= kBucketCount; ++i) {
    cumulative += h.buckets[i].load(std::memory_order_relaxed);
    fmt::format_to(std::back_inserter(out), "{}_bucket{{{},le=\"{}\"}} {}\n", name, labels,
                   i < kBucketCount ? kBuckets[i].le : "+Inf", cumulative);
  }
  // _count repeats the +Inf bucket rather than reading `count`, so a scrape racing an
  // Observe() never shows a count that disagrees with its own buckets.
  fmt::format_to(std::back_inserter(out), "{}_sum{{{}}} {}\n{}_count{{{}}} {}\n", name, labels,
                 Seconds(h.sum_ns.load(std::memory_order_relaxed)), name, labels, cumulative);
}

std::string Metrics::RenderPrometheus() const {
  std::string out;
  out.reserve(16 * 1024);
  std::shared_lock lock(mutex_);

  std::vector<const RouteSeries*> routes;
  routes.reserve(routes_.size());
  for (const auto& [key, series] : routes_) routes.push_back(series.get());
  std::sort(routes.begin(), routes.end(), [](const RouteSeries* a, const RouteSeries* b) {
    return std::tie(a->route, a->method) < std::tie(b->route, b->method);
  });

  Header(out, "ccrm_http_requests_total", "counter",
         "HTTP requests answered, by method, route template and status.");
  for (const RouteSeries* s : routes) {
    const std::string route = EscapeLabelValue(s->route);
    for (int i = 0; i < kStatusSlots; ++i) {
      const uint64_t n = s->statuses[static_cast<size_t>(i)].load(std::memory_order_relaxed);
      if (n == 0) continue;
      fmt::format_to(std::back_inserter(out),
                     "ccrm_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n",
                     s->method, route, i + kMinStatus, n);
    }
  }

  Header(out, "ccrm_http_request_duration_seconds", "histogram",
         "Time from a parsed request to its response being ready, by method and route.");
  for (const RouteSeries* s : routes) {
    const std::string labels =
        fmt::format("method=\"{}\",route=\"{}\"", s->method, EscapeLabelValue(s->route));
    RenderHistogram(out, "ccrm_http_request_duration_seconds", labels, s->latency);
  }

  Header(out, "ccrm_http_response_body_bytes_total", "counter",
         "Response body bytes, by method and route.");
  for (const RouteSeries* s : routes) {
    fmt::format_to(std::back_inserter(out),
                   "ccrm_http_response_body_bytes_total{{method=\"{}\",route=\"{}\"}} {}\n",
                   s->method, EscapeLabelValue(s->route),
                   s->bytes.load(std::memory_order_relaxed));
  }

  Header(out, "ccrm_http_requests_in_flight", "gauge", "Requests being handled right now.");
  fmt::format_to(std::back_inserter(out), "ccrm_http_requests_in_flight {}\n",
                 in_flight_.load(std::memory_order_relaxed));

  std::vector<const StorageSeries*> storage;
  for (const auto& [key, series] : storage_) storage.push_back(series.get());
  std::sort(storage.begin(), storage.end(), [](const StorageSeries* a, const StorageSeries* b) {
    return a->operation < b->operation;
  });
  Header(out, "ccrm_storage_operation_duration_seconds", "histogram",
         "Storage calls, by operation.");
  for (const StorageSeries* s : storage) {
    RenderHistogram(out, "ccrm_storage_operation_duration_seconds",
                    "operation=\"" + EscapeLabelValue(s->operation) + "\"", s->latency);
  }

  std::vector<const Gauge*> gauges;
  for (const auto& [key, gauge] : gauges_) gauges.push_back(gauge.get());
  std::sort(gauges.begin(), gauges.end(),
            [](const Gauge* a, const Gauge* b) { return a->name < b->name; });
  for (const Gauge* g : gauges) {
    Header(out, g->name, "gauge", g->help);
    fmt::format_to(std::back_inserter(out), "{} {}\n", g->name,
                   FormatDouble(g->value.load(std::memory_order_relaxed)));
  }
  return out;
}

std::string EscapeLabelValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace ccrm::gateway
