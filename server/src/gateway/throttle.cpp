#include "gateway/throttle.hpp"

#include <arpa/inet.h>

#include <algorithm>

namespace ccrm::gateway {

Throttle::Throttle(ThrottleOptions options)
    : options_(options),
      by_ip_(std::make_unique<TokenBuckets>(options.per_ip_rate, options.per_ip_burst,
                                            options.max_buckets)),
      by_principal_(std::make_unique<TokenBuckets>(options.rate_per_second, options.burst,
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
