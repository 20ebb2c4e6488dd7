#include "gateway/token_buckets.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

namespace ccrm::gateway {
namespace {

double SecondsBetween(TokenBuckets::TimePoint from, TokenBuckets::TimePoint to) {
  return std::chrono::duration<double>(to - from).count();
}

}  // namespace

TokenBuckets::TokenBuckets(double rate, double burst, size_t max_buckets)
    : rate_(rate), burst_(std::max(1.0, burst)),
      max_per_shard_(std::max<size_t>(1, max_buckets / kShards)) {}

ThrottleDecision TokenBuckets::Take(std::string_view key, TimePoint now) {
  if (!enabled()) return {};
  Shard& shard = shards_[std::hash<std::string_view>{}(key) % kShards];
  std::lock_guard lock(shard.mutex);
  auto it = shard.buckets.find(std::string(key));
  if (it == shard.buckets.end()) {
    if (shard.buckets.size() >= max_per_shard_) Evict(shard, now);
    it = shard.buckets.emplace(std::string(key), Bucket{burst_, now}).first;
  }
  Bucket& b = it->second;
  if (now > b.last) {
    b.tokens = std::min(burst_, b.tokens + SecondsBetween(b.last, now) * rate_);
    b.last = now;
  }
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return {};
  }
  const double wait = (1.0 - b.tokens) / rate_;
  return {false, std::max(1, static_cast<int>(std::ceil(wait)))};
}

size_t TokenBuckets::Size() const {
  size_t n = 0;
  for (const Shard& s : shards_) {
    std::lock_guard lock(s.mutex);
    n += s.buckets.size();
  }
  return n;
}

// A bucket that has refilled completely is the same as no bucket, so dropping it loses
// nothing. When every bucket is busy (a flood of distinct sources), one is dropped anyway:
// bounded memory matters more than a fresh burst for one source. The full sweep runs at most
// once a second per shard, so a flood cannot make every request pay for it.
void TokenBuckets::Evict(Shard& shard, TimePoint now) {
  if (now - shard.last_sweep >= std::chrono::seconds(1)) {
    shard.last_sweep = now;
    std::erase_if(shard.buckets, [&](const auto& entry) {
      const Bucket& b = entry.second;
      return b.tokens + SecondsBetween(b.last, now) * rate_ >= burst_;
    });
  }
  if (shard.buckets.size() >= max_per_shard_) shard.buckets.erase(shard.buckets.begin());
}

}  // namespace ccrm::gateway
