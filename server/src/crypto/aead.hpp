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

// One key's AES-256-GCM, its key schedule set up once and reused for every message, sealing
// and opening in the caller's buffers: the blob store's chunks, where a context and two
// allocations per 64 KiB chunk would cost a tenth of the throughput. Same format and
// guarantees as Seal/Open. Not thread-safe: one per reader or writer.
class AeadKey {
 public:
  explicit AeadKey(std::string_view key);  // std::invalid_argument unless 32 bytes
  ~AeadKey();
  AeadKey(const AeadKey&) = delete;
  AeadKey& operator=(const AeadKey&) = delete;

  // Appends nonce | ciphertext | tag (plaintext.size() + kAeadOverhead bytes) to `out`.
  void SealAppend(std::string_view plaintext, std::string_view aad, std::string& out);
  // Writes the plaintext (sealed.size() - kAeadOverhead bytes) to `out`; false when anything
  // does not match, and then what was written there is wiped.
  bool OpenInto(std::string_view sealed, std::string_view aad, char* out);

 private:
  struct Contexts;
  Contexts* contexts_;
};

}  // namespace ccrm::crypto
