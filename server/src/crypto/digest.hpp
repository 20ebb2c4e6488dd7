// SHA-256, HMAC (SHA-256, SHA-1) and HKDF over OpenSSL 3's EVP interfaces.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ccrm::crypto {

inline constexpr size_t kSha256Size = 32;
inline constexpr size_t kSha1Size = 20;

// Raw 32-byte digest.
std::string Sha256(std::string_view data);
// Lower-case hex of the digest (64 characters): stored hashes of tokens, audit chain links.
std::string Sha256Hex(std::string_view data);

// SHA-256 of bytes that come in pieces (an upload, a stored object), without holding them.
class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;
  void Update(std::string_view data);
  // The raw 32-byte digest of everything given; the hasher then starts over.
  std::string Final();

 private:
  struct Context;
  Context* context_;
};

// Raw MACs. Compare a MAC you received with ConstantTimeEquals, never with ==.
std::string HmacSha256(std::string_view key, std::string_view data);
// SHA-1 only because RFC 6238 TOTP (what authenticator apps speak) is defined over it.
std::string HmacSha1(std::string_view key, std::string_view data);

// HKDF-SHA256 (RFC 5869), extract then expand: `length` bytes (at most 255 * 32) of a key for
// one purpose (`info`) from a secret that serves several. Keys for different `info` are
// independent: knowing one tells nothing about the secret or the others.
std::string HkdfSha256(std::string_view secret, std::string_view salt, std::string_view info,
                       size_t length = kSha256Size);

// Lower-case hex of any bytes (SigV4 signatures and the like).
std::string HexEncode(std::string_view bytes);
// The bytes of hex text (either case); nullopt when it is not an even number of hex digits.
std::optional<std::string> HexDecode(std::string_view hex);

}  // namespace ccrm::crypto
