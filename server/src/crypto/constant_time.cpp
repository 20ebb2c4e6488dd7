#include "crypto/constant_time.hpp"

#include <cstdint>
#include <cstring>

namespace ccrm::crypto {

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  // Eight bytes at a time, every byte looked at whatever the others hold, no early exit: as
  // constant-time as OpenSSL's CRYPTO_memcmp (a byte loop), several times faster on the
  // ~1 KB bearer tokens the authorizer compares on every request.
  uint64_t difference = 0;
  size_t i = 0;
  for (; i + 8 <= a.size(); i += 8) {
    uint64_t x;
    uint64_t y;
    std::memcpy(&x, a.data() + i, 8);
    std::memcpy(&y, b.data() + i, 8);
    difference |= x ^ y;
  }
  for (; i < a.size(); ++i) {
    difference |= static_cast<uint8_t>(a[i] ^ b[i]);
  }
  // Folded without a data-dependent branch.
  return ((difference | (0 - difference)) >> 63) == 0;
}

}  // namespace ccrm::crypto
