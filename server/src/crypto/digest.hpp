// SHA-256 and HMAC (SHA-256, SHA-1) over OpenSSL 3's EVP interfaces.
#pragma once

#include <string>
#include <string_view>

namespace ccrm::crypto {

inline constexpr size_t kSha256Size = 32;
inline constexpr size_t kSha1Size = 20;

// Raw 32-byte digest.
std::string Sha256(std::string_view data);
// Lower-case hex of the digest (64 characters): stored hashes of tokens, audit chain links.
std::string Sha256Hex(std::string_view data);

// Raw MACs. Compare a MAC you received with ConstantTimeEquals, never with ==.
std::string HmacSha256(std::string_view key, std::string_view data);
// SHA-1 only because RFC 6238 TOTP (what authenticator apps speak) is defined over it.
std::string HmacSha1(std::string_view key, std::string_view data);

// Lower-case hex of any bytes (SigV4 signatures and the like).
std::string HexEncode(std::string_view bytes);

}  // namespace ccrm::crypto
