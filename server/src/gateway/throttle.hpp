// Request throttling as API Gateway does it: token buckets per principal and per client IP.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "gateway/token_buckets.hpp"

namespace ccrm::gateway {

struct ThrottleOptions {
  // The documented defaults (docs/operations.md). A rate <= 0 turns that throttle off.
  double rate_per_second = 100;  // per principal (user or API key)
  double burst = 200;
  double per_ip_rate = 200;
  double per_ip_burst = 400;
  bool enabled = true;
  // Per kind of key. Memory stays bounded under a flood of distinct (spoofed or IPv6) sources.
  size_t max_buckets = 100'000;
};


class Throttle {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  explicit Throttle(ThrottleOptions options);
  ~Throttle();
  Throttle(const Throttle&) = delete;
  Throttle& operator=(const Throttle&) = delete;

  // `now` is a parameter so tests step time without sleeping.
  ThrottleDecision CheckIp(std::string_view ip, TimePoint now);
  ThrottleDecision CheckPrincipal(std::string_view principal_id, TimePoint now);
  ThrottleDecision CheckIp(std::string_view ip) {
    return CheckIp(ip, std::chrono::steady_clock::now());
  }
  ThrottleDecision CheckPrincipal(std::string_view principal_id) {
    return CheckPrincipal(principal_id, std::chrono::steady_clock::now());
  }

  size_t IpBucketCount() const;
  size_t PrincipalBucketCount() const;

  // IPv6 clients are bucketed by their /64: one host usually owns a whole /64, and would
  // otherwise get a fresh bucket per address. IPv4 (and anything unparsable) is kept whole.
  static std::string IpKey(std::string_view ip);

 private:
  ThrottleOptions options_;
  std::unique_ptr<TokenBuckets> by_ip_;
  std::unique_ptr<TokenBuckets> by_principal_;
};

}  // namespace ccrm::gateway
