#include "gateway/trusted_proxies.hpp"

#include <arpa/inet.h>
#include <strings.h>

#include <charconv>
#include <cstring>
#include <stdexcept>

namespace ccrm::gateway {
namespace {

struct Address {
  std::array<uint8_t, 16> bytes{};
  bool v6 = false;
};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// IPv4-mapped IPv6 (::ffff:a.b.c.d) is the IPv4 address, as the listener reports it.
std::optional<Address> ParseAddress(std::string_view text) {
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  char buffer[INET6_ADDRSTRLEN];
  std::memcpy(buffer, text.data(), text.size());
  buffer[text.size()] = '\0';
  Address a;
  if (inet_pton(AF_INET, buffer, a.bytes.data()) == 1) return a;
  if (inet_pton(AF_INET6, buffer, a.bytes.data()) != 1) return std::nullopt;
  static constexpr uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(a.bytes.data(), kMapped, sizeof kMapped) == 0) {
    std::memmove(a.bytes.data(), a.bytes.data() + 12, 4);
    std::memset(a.bytes.data() + 4, 0, 12);
    return a;
  }
  a.v6 = true;
  return a;
}

std::string Format(const Address& a) {
  char buffer[INET6_ADDRSTRLEN] = {};
  inet_ntop(a.v6 ? AF_INET6 : AF_INET, a.bytes.data(), buffer, sizeof buffer);
  return buffer;
}

// The right-most comma-separated element over all the lines of a header.
std::optional<std::string_view> LastElement(const Request& request, std::string_view name) {
  const std::string* last = nullptr;
  for (const auto& [n, v] : request.headers.All()) {
    if (n.size() == name.size() && strncasecmp(n.data(), name.data(), n.size()) == 0) last = &v;
  }
  if (!last) return std::nullopt;
  const std::string_view value(*last);
  const size_t comma = value.rfind(',');
  return Trim(comma == std::string_view::npos ? value : value.substr(comma + 1));
}

}  // namespace

TrustedProxies::TrustedProxies(const std::vector<std::string>& entries) {
  for (const std::string& entry : entries) {
    auto network = ParseNetwork(entry);
    if (!network) {
      throw std::invalid_argument("not an IP address or CIDR: \"" + entry + "\"");
    }
    networks_.push_back(*network);
  }
}

bool TrustedProxies::IsAddressOrCidr(std::string_view entry) {
  return ParseNetwork(entry).has_value();
}

std::optional<TrustedProxies::Network> TrustedProxies::ParseNetwork(std::string_view entry) {
  const size_t slash = entry.find('/');
  const auto address = ParseAddress(entry.substr(0, slash));
  if (!address) return std::nullopt;
  Network n{.bytes = address->bytes, .v6 = address->v6, .prefix = address->v6 ? 128 : 32};
  if (slash != std::string_view::npos) {
    const std::string_view digits = entry.substr(slash + 1);
    int prefix = -1;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() ||
        prefix < 0 || prefix > n.prefix) {
      return std::nullopt;
    }
    n.prefix = prefix;
  }
  return n;
}

bool TrustedProxies::Contains(std::string_view ip) const {
  if (networks_.empty()) return false;
  const auto address = ParseAddress(ip);
  if (!address) return false;
  for (const Network& n : networks_) {
    if (n.v6 != address->v6) continue;
    const int whole = n.prefix / 8;
    if (std::memcmp(n.bytes.data(), address->bytes.data(), static_cast<size_t>(whole)) != 0) {
      continue;
    }
    const int rest = n.prefix % 8;
    if (rest == 0) return true;
    const auto mask = static_cast<uint8_t>(0xff << (8 - rest));
    if ((n.bytes[static_cast<size_t>(whole)] & mask) ==
        (address->bytes[static_cast<size_t>(whole)] & mask)) {
      return true;
    }
  }
  return false;
}

void TrustedProxies::Apply(Request& request) const {
  if (!Contains(request.remote_ip)) return;
  if (const auto forwarded = LastElement(request, "X-Forwarded-For")) {
    // Normalized, so that throttling buckets and log lines do not depend on the spelling.
    if (const auto client = ParseAddress(*forwarded)) request.remote_ip = Format(*client);
  }
  if (const auto proto = LastElement(request, "X-Forwarded-Proto")) {
    if (proto->size() == 5 && strncasecmp(proto->data(), "https", 5) == 0) request.secure = true;
  }
}

}  // namespace ccrm::gateway
