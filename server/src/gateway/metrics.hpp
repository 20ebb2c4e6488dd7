// Process metrics (requests, latency, in-flight, storage timings, gauges) in Prometheus text format.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace ccrm::gateway {

// Thread-safe and cheap on the request path: once a series exists, recording is a shared lock
// plus a few relaxed atomic increments; the exclusive lock is only taken to create a series.
class Metrics {
 public:
  // Upper bounds of the latency histograms, 50 µs … 10 s (then +Inf).
  static constexpr size_t kBucketCount = 17;

  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // The counters of one method and route; stable for the lifetime of the Metrics.
  struct RouteSeries;
  // Methods are counted as one of these many labels (the known ones and "OTHER").
  static constexpr size_t kMethodSlots = 8;
  static size_t MethodSlot(std::string_view method);

  // `route` is the matched template, or "unmatched": never a raw path, whose cardinality a
  // client controls. Unknown methods are counted as "OTHER" for the same reason.
  void RecordRequest(std::string_view method, std::string_view route, int status,
                     std::chrono::nanoseconds duration, size_t response_bytes);
  // The same in two steps, for a caller that keeps the series of a route it sees again and
  // again (the dispatcher, per route and method): no key to build, no lock, no lookup.
  RouteSeries& Series(std::string_view method, std::string_view route);
  void Record(RouteSeries& series, int status, std::chrono::nanoseconds duration,
              size_t response_bytes);
  void AddInFlight(int delta);
  // One storage call ("records.get", "records.query", ...), from the app's timing decorator.
  void ObserveStorage(std::string_view operation, std::chrono::nanoseconds duration);
  // A gauge set from outside (e.g. "trigger_queue_depth"); "ccrm_" is prefixed when missing.
  // Throws std::invalid_argument on a name Prometheus would reject.
  void SetGauge(std::string_view name, std::string_view help, double value);

  // Text exposition format 0.0.4.
  std::string RenderPrometheus() const;

 private:
  struct Histogram {
    std::array<std::atomic<uint64_t>, kBucketCount + 1> buckets{};  // last one is +Inf
    std::atomic<uint64_t> sum_ns{0};
    std::atomic<uint64_t> count{0};
    void Observe(std::chrono::nanoseconds duration);
  };
  struct StorageSeries;
  struct Gauge;

  static void RenderHistogram(std::string& out, std::string_view name, std::string_view labels,
                              const Histogram& h);

  std::atomic<int64_t> in_flight_{0};
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, std::unique_ptr<RouteSeries>> routes_;
  std::unordered_map<std::string, std::unique_ptr<StorageSeries>> storage_;
  std::unordered_map<std::string, std::unique_ptr<Gauge>> gauges_;
};

// Escapes a Prometheus label value: backslash, double quote and newline.
std::string EscapeLabelValue(std::string_view value);

}  // namespace ccrm::gateway
