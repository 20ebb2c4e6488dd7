// Comparison of secrets whose duration does not depend on where they differ.
#pragma once

#include <string_view>

namespace ccrm::crypto {

// True when `a` and `b` are byte-for-byte equal. Different lengths answer false without
// looking at the contents (the length of a MAC or hash is public; its bytes are not), so
// compare fixed-length values (digests, MACs, codes) with this.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace ccrm::crypto
