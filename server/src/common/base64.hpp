// Base64url without padding (RFC 4648 §5): cursors, JWT parts, ids of random bytes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ccrm {

std::string Base64UrlEncode(std::string_view bytes);
std::optional<std::string> Base64UrlDecode(std::string_view text);

}  // namespace ccrm
