// Which peers may tell the gateway who the client is (X-Forwarded-For, X-Forwarded-Proto).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/http_types.hpp"

namespace ccrm::gateway {

// Behind a TLS-terminating proxy every connection comes from the proxy: per-IP throttling
// would lump all clients together, the access log would name the proxy, and HSTS would never
// be sent. The proxy says who the client was and which scheme it spoke, but anyone can send
// those headers, so they are believed only from the listed peers.
class TrustedProxies {
 public:
  TrustedProxies() = default;
  // Each entry an IPv4/IPv6 address or a CIDR ("10.0.0.0/8", "fd00::/8"). Throws
  // std::invalid_argument naming the first entry that is neither.
  explicit TrustedProxies(const std::vector<std::string>& entries);

  // True for an address or a CIDR; for the configuration's validation.
  static bool IsAddressOrCidr(std::string_view entry);

  bool empty() const { return networks_.empty(); }
  bool Contains(std::string_view ip) const;

  // From a listed peer: the right-most X-Forwarded-For address (the one the proxy appended;
  // those left of it are whatever the client sent) becomes remote_ip, and
  // X-Forwarded-Proto: https marks the request secure. From any other peer, or when the
  // headers are missing or malformed, the request is left as it is.
  void Apply(Request& request) const;

 private:
  struct Network {
    std::array<uint8_t, 16> bytes{};  // IPv4 in the first 4
    bool v6 = false;
    int prefix = 0;
  };
  static std::optional<Network> ParseNetwork(std::string_view entry);

  std::vector<Network> networks_;
};

}  // namespace ccrm::gateway
