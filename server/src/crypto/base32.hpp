// RFC 4648 base32 (the alphabet A-Z 2-7): the form authenticator apps take TOTP secrets in.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ccrm::crypto {

// Upper-case, without '=' padding (what otpauth:// URIs carry).
std::string Base32Encode(std::string_view bytes);

// Accepts upper or lower case, with or without correct '=' padding. Rejects any other
// character (spaces included), impossible lengths, and non-zero unused trailing bits, so
// each byte string has exactly one accepted unpadded spelling per case.
std::optional<std::string> Base32Decode(std::string_view text);

}  // namespace ccrm::crypto
