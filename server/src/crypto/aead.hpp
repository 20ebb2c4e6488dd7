// AES-256-GCM authenticated encryption: secrets at rest (signing keys, data keys).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ccrm::crypto {

inline constexpr size_t kAeadKeySize = 32;
inline constexpr size_t kAeadNonceSize = 12;
inline constexpr size_t kAeadTagSize = 16;
inline constexpr size_t kAeadOverhead = kAeadNonceSize + kAeadTagSize;

// Encrypts and authenticates `plaintext`, and authenticates (without encrypting) `aad`.
// Returns nonce (12) | ciphertext | tag (16). The nonce is random, so one key may seal at most
// about 2^32 messages (NIST SP 800-38D's bound for random nonces): plenty for keys and rows.
// Bind a sealed value to where it belongs by passing that (e.g. "signing-key:" + kid) as
// `aad`: a value copied to another row then fails to open.
// Throws std::invalid_argument when `key` is not 32 bytes.
std::string Seal(std::string_view key, std::string_view plaintext, std::string_view aad = {});

// The plaintext, or nullopt when anything (key, nonce, ciphertext, tag, aad) does not match.
// Never returns unauthenticated bytes. Throws std::invalid_argument when `key` is not 32 bytes.
std::optional<std::string> Open(std::string_view key, std::string_view sealed,
                                std::string_view aad = {});

}  // namespace ccrm::crypto
