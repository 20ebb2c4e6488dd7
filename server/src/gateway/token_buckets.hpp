// Token buckets by key (API Gateway's throttling model): each key may spend `burst` at once and
// earns `rate` tokens a second back. What the gateway's throttle and the sign-in limits count
// with.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace ccrm::gateway {

struct ThrottleDecision {
  bool allowed = true;
  int retry_after_seconds = 0;  // when refused: whole seconds until a token is back, >= 1
};

// Sharded so concurrent requests rarely share a mutex; memory bounded by `max_buckets` under a
// flood of distinct keys. Thread-safe.
class TokenBuckets {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  // A rate <= 0 turns the buckets off: every Take is allowed.
  TokenBuckets(double rate, double burst, size_t max_buckets = 100'000);

  bool enabled() const { return rate_ > 0; }
  // Spends one token of `key`'s bucket, or says how long until one is back. `now` is a
  // parameter so tests step time without sleeping.
  ThrottleDecision Take(std::string_view key, TimePoint now);
  ThrottleDecision Take(std::string_view key) { return Take(key, std::chrono::steady_clock::now()); }
  size_t Size() const;

 private:
  static constexpr size_t kShards = 16;
  struct Bucket {
    double tokens;
    TimePoint last;
  };
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, Bucket> buckets;
    TimePoint last_sweep{};
  };

  void Evict(Shard& shard, TimePoint now);

  double rate_;
  double burst_;
  size_t max_per_shard_;
  std::array<Shard, kShards> shards_;
};

}  // namespace ccrm::gateway
