// The file format of an object at rest in the localfs blob store: a header, then the content in
// AES-256-GCM chunks under the object's own data key.
//
//   header  "CCRMBLB1" | chunk size (u32 BE) | object id (16 bytes)        = 28 bytes
//   chunk i nonce (12) | ciphertext (chunk size; the last chunk 0..chunk size) | tag (16)
//
// Each chunk's associated data is object id | i (u64 BE) | last (1 byte), so a chunk moved to
// another place, another object, or past the end (the last one dropped: truncation) fails its
// tag: a flipped bit anywhere is a read error, never wrong bytes. Chunks are independent, so a
// range decrypts only the chunks it touches.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "crypto/aead.hpp"

namespace ccrm::storage::localfs {

inline constexpr std::string_view kSealedMagic = "CCRMBLB1";
inline constexpr size_t kObjectIdSize = 16;
inline constexpr size_t kSealedHeaderSize = 8 + 4 + kObjectIdSize;
inline constexpr size_t kChunkOverhead = 12 + 16;

struct SealedLayout {
  uint32_t chunk_size = 64 * 1024;

  // How many chunks hold `size` bytes (an empty object has one empty chunk).
  uint64_t ChunkCount(uint64_t size) const;
  // The file's size for `size` bytes of content.
  uint64_t FileSize(uint64_t size) const;
  // Where chunk `index` starts in the file.
  uint64_t ChunkOffset(uint64_t index) const;
};

std::string SealedHeader(uint32_t chunk_size, std::string_view object_id);
// The chunk size a header names, or nullopt when it is not a header of `object_id`.
std::optional<uint32_t> ReadSealedHeader(std::string_view header, std::string_view object_id);

// Seals and opens the chunks of one object under its data key (one AES key schedule for all of
// them). Not thread-safe: one per reader or writer.
class ChunkCipher {
 public:
  ChunkCipher(std::string data_key, std::string object_id);
  ChunkCipher(const ChunkCipher&) = delete;
  ChunkCipher& operator=(const ChunkCipher&) = delete;

  // Appends the sealed chunk to `out`.
  void Seal(uint64_t index, bool last, std::string_view plain, std::string& out);
  // The plaintext (sealed.size() - kChunkOverhead bytes) written to `plain`; false when
  // anything does not match.
  bool OpenInto(uint64_t index, bool last, std::string_view sealed, char* plain);
  // The same into a string (replaced).
  bool Open(uint64_t index, bool last, std::string_view sealed, std::string& plain);

 private:
  void SetAssociatedData(uint64_t index, bool last);

  crypto::AeadKey key_;
  std::string aad_;  // object id | index | last, rewritten per chunk
};

}  // namespace ccrm::storage::localfs
