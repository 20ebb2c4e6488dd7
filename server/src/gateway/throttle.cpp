#include "gateway/throttle.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cmath>
#include <functional>

namespace ccrm::gateway {
namespace {

constexpr size_t kShards = 16;

double SecondsBetween(Throttle::TimePoint from, Throttle::TimePoint to) {
  return std::chrono::duration<double>(to - from).count();
}

}  // namespace

// One kind of key (IPs or principals): sharded so concurrent requests rarely share a mutex.
class Throttle::Table {
 public:
  Table(double rate, double burst, size_t max_buckets)
      : rate_(rate), burst_(std::max(1.0, burst)),
        max_per_shard_(std::max<size_t>(1, max_buckets / kShards)) {}

  bool enabled() const { return rate_ > 0; }

  ThrottleDecision Take(std::string_view key, TimePoint now) {
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

  size_t Size() const {
    size_t n = 0;
    for (const Shard& s : shards_) {
      std::lock_guard lock(s.mutex);
      n += s.buckets.size();
    }
    return n;
  }

 private:
  struct Bucket {
    double tokens;
    TimePoint last;
  };
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, Bucket> buckets;
    TimePoint last_sweep{};
  };

  // A bucket that has refilled completely is the same as no bucket, so dropping it loses
  // nothing. When every bucket is busy (a flood of distinct sources), one is dropped anyway:
  // bounded memory matters more than a fresh burst for one source. The full sweep runs at most
  // once a second per shard, so a flood cannot make every request pay for it.
  void Evict(Shard& shard, TimePoint now) {
    if (now - shard.last_sweep >= std::chrono::seconds(1)) {
      shard.last_sweep = now;
      std::erase_if(shard.buckets, [&](const auto& entry) {
        const Bucket& b = entry.second;
        return b.tokens + SecondsBetween(b.last, now) * rate_ >= burst_;
      });
    }
    if (shard.buckets.size() >= max_per_shard_) shard.buckets.erase(shard.buckets.begin());
  }

  double rate_;
  double burst_;
  size_t max_per_shard_;
  std::array<Shard, kShards> shards_;
};

Throttle::Throttle(ThrottleOptions options)
    : options_(options),
      by_ip_(std::make_unique<Table>(options.per_ip_rate, options.per_ip_burst,
                                     options.max_buckets)),
      by_principal_(std::make_unique<Table>(options.rate_per_second, options.burst,
                                            options.max_buckets)) {}

Throttle::~Throttle() = default;

ThrottleDecision Throttle::CheckIp(std::string_view ip, TimePoint now) {
  if (!options_.enabled || !by_ip_->enabled()) return {};
  return by_ip_->Take(IpKey(ip), now);
}

ThrottleDecision Throttle::CheckPrincipal(std::string_view principal_id, TimePoint now) {
  if (!options_.enabled || !by_principal_->enabled() || principal_id.empty()) return {};
  return by_principal_->Take(principal_id, now);
}

size_t Throttle::IpBucketCount() const { return by_ip_->Size(); }
size_t Throttle::PrincipalBucketCount() const { return by_principal_->Size(); }

std::string Throttle::IpKey(std::string_view ip) {
  if (ip.find(':') == std::string_view::npos || ip.size() >= INET6_ADDRSTRLEN) {
    return std::string(ip);
  }
  char text[INET6_ADDRSTRLEN] = {};
  std::copy(ip.begin(), ip.end(), text);
  in6_addr addr{};
  if (inet_pton(AF_INET6, text, &addr) != 1) return std::string(ip);
  // An IPv4-mapped address (::ffff:a.b.c.d) is one IPv4 host, not a /64.
  if (IN6_IS_ADDR_V4MAPPED(&addr)) return std::string(ip);
  std::fill(addr.s6_addr + 8, addr.s6_addr + 16, 0);
  inet_ntop(AF_INET6, &addr, text, sizeof text);
  return std::string(text) + "/64";
}

}  // namespace ccrm::gateway
