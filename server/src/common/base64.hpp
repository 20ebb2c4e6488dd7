// Base64url without padding (RFC 4648 §5): cursors, JWT parts, ids of random bytes; and the
// standard alphabet with padding (§4) that AWS uses for record data (Kinesis Data Firehose).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ccrm {

std::string Base64UrlEncode(std::string_view bytes);
std::optional<std::string> Base64UrlDecode(std::string_view text);

// Standard base64 with its `=` padding, strictly (no whitespace, nothing after the padding);
// nullopt for anything else.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace ccrm
