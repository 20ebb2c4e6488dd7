// Cryptographically secure random bytes and URL-safe tokens (OpenSSL's CSPRNG).
#pragma once

#include <cstddef>
#include <string>

namespace ccrm::crypto {

// `n` random bytes. Throws CryptoError if the CSPRNG cannot deliver (never returns weak bytes).
std::string RandomBytes(size_t n);
// Fills `out` with `n` random bytes (same guarantee), for callers with a buffer of their own.
void RandomFill(unsigned char* out, size_t n);

// `nbytes` random bytes as base64url without padding: refresh tokens, API key secrets,
// session handles. 32 bytes (the default) give 256 bits, 43 characters.
std::string RandomToken(size_t nbytes = 32);

}  // namespace ccrm::crypto
