// BlobStore: the S3-shaped storage interface for files (documents, call recordings).
//
// Buckets hold objects under keys (1..1024 bytes of UTF-8, any characters, slashes included:
// a key is data, never a path). Objects are written and read as streams, so neither side holds
// a whole object; a reader sees an object whole or not at all. Every backend (localfs, s3)
// implements exactly this, and one contract suite (server/tests/contract/) holds them to it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storage/byte_range.hpp"
#include "storage/record_store.hpp"

namespace ccrm::storage {

inline constexpr size_t kMaxBlobKeyBytes = 1024;  // S3's limit
// Where an object is kept: what lifecycle transitions move it between (S3: storage classes).
inline constexpr const char* kStandardTier = "standard";
inline constexpr const char* kColdTier = "cold";

struct BlobInfo {
  std::string bucket;
  std::string key;
  uint64_t size = 0;
  std::string etag;          // opaque, quoted as HTTP wants it; changes with the content
  std::string sha256;        // lower-case hex of the content
  std::string content_type;  // as given on Put; "application/octet-stream" when none was
  int64_t last_modified_ms = 0;
  std::string tier = kStandardTier;  // or kColdTier (lifecycle transitions)
};

// Pulls the next piece of what is written into `chunk` (replacing it); false at the end. The
// same contract as gateway::BodyReader::Read, so an upload's body streams straight in.
using ChunkSource = std::function<bool(std::string& chunk)>;
// A source of `data` in one piece (small objects, tests).
ChunkSource ChunkSourceOf(std::string data);

struct PutBlobOptions {
  std::string content_type;
  // The size the writer declared (Content-Length): anything else is BlobIncomplete.
  std::optional<uint64_t> expected_size;
  // Larger content is refused with BlobTooLarge as soon as it shows (nothing is stored).
  uint64_t max_size = UINT64_MAX;
  // Lower-case hex SHA-256 the writer signed for (x-amz-content-sha256): other content is
  // BlobDigestMismatch (nothing is stored).
  std::string expected_sha256;
  // Record store writes that commit in the same step that makes the object visible (a
  // trigger's job): both happen or neither. A backend without that transaction (s3) commits
  // them right after the object is stored.
  std::function<std::vector<WriteAction>(const BlobInfo&)> with_commit;
};

// A URL that lets whoever holds it do one thing to one object until it expires, with no other
// credentials (S3's presigned URLs): what a browser uploads to and downloads from.
struct PresignOptions {
  std::string method = "GET";  // GET (HEAD too) or PUT
  int64_t expires_seconds = 300;  // 1 second to 7 days
  // Headers the request must carry with exactly these values (e.g. content-type,
  // content-length of an upload): part of the signature.
  std::vector<std::pair<std::string, std::string>> signed_headers;
  // Query parameters signed into the URL (e.g. response-content-disposition).
  std::vector<std::pair<std::string, std::string>> query;
};

struct BlobList {
  std::vector<BlobInfo> items;
  std::optional<std::string> next_cursor;  // present only when more may follow
};

// An object being read: its description and its bytes (the whole object, or the range asked
// for), pulled a chunk at a time.
class BlobReader {
 public:
  virtual ~BlobReader() = default;
  virtual const BlobInfo& info() const = 0;
  // The bytes this reader yields: [first, first + length). The whole object unless a range.
  virtual uint64_t first() const = 0;
  virtual uint64_t length() const = 0;
  // Replaces `chunk` with the next bytes; false (and `chunk` empty) after the last. Throws
  // BlobCorrupt when stored bytes fail their check: never wrong bytes.
  virtual bool Read(std::string& chunk) = 0;
};

class BlobTooLarge : public std::runtime_error {
 public:
  explicit BlobTooLarge(uint64_t limit);
  uint64_t limit() const { return limit_; }

 private:
  uint64_t limit_;
};

class BlobIncomplete : public std::runtime_error {
 public:
  BlobIncomplete(uint64_t expected, uint64_t received);
  uint64_t expected() const { return expected_; }
  uint64_t received() const { return received_; }

 private:
  uint64_t expected_;
  uint64_t received_;
};

class BlobDigestMismatch : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class BlobRangeNotSatisfiable : public std::runtime_error {
 public:
  explicit BlobRangeNotSatisfiable(uint64_t size);
  uint64_t size() const { return size_; }

 private:
  uint64_t size_;
};

// Stored bytes, or their description, fail an integrity check (tampering, a flipped bit,
// truncation, a file from another object). What was read before is not to be trusted either.
class BlobCorrupt : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A write the caller asked to commit with the object (PutBlobOptions::with_commit) had a
// condition that failed: the object was not stored.
class BlobPreconditionFailed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A bucket this store does not have, or a key that is not 1..1024 bytes of UTF-8.
class BlobNameError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

class BlobStore {
 public:
  virtual ~BlobStore() = default;

  virtual std::vector<std::string> Buckets() const = 0;
  // Stores the object (replacing one under the key) from `source`. Throws BlobTooLarge,
  // BlobIncomplete, BlobDigestMismatch, BlobNameError, BlobPreconditionFailed, StorageError; whatever `source` throws passes through. On
  // any failure nothing of it is visible and no earlier object under the key is disturbed.
  virtual BlobInfo Put(const std::string& bucket, const std::string& key, const ChunkSource& source,
                       const PutBlobOptions& options) = 0;
  // Null when there is no such object. Throws BlobRangeNotSatisfiable for a range that starts
  // past the end, BlobCorrupt when the object fails its checks as it is opened.
  virtual std::unique_ptr<BlobReader> Get(const std::string& bucket, const std::string& key,
                                          const std::optional<ByteRange>& range = std::nullopt) = 0;
  virtual std::optional<BlobInfo> Head(const std::string& bucket, const std::string& key) = 0;
  // True when there was an object.
  virtual bool Delete(const std::string& bucket, const std::string& key) = 0;
  // Throws StorageError when the store has no way to hand out URLs (not configured).
  virtual std::string Presign(const std::string& bucket, const std::string& key,
                              const PresignOptions& options) = 0;
  // Objects whose key begins with `prefix`, in key order, `limit` (1..1000) at a time.
  virtual BlobList List(const std::string& bucket, const std::string& prefix,
                        const std::string& cursor = {}, int limit = 1000) = 0;
  // Moves the object to `tier` (kStandardTier or kColdTier): its content, size, ETag, SHA-256
  // and time stay as they are, and so do reads (slower from the cold tier). True when it is
  // in that tier now; false when there is no such object or it was replaced meanwhile (then
  // nothing moved). Throws StorageError for a tier the store does not have.
  virtual bool ChangeTier(const std::string& bucket, const std::string& key,
                          const std::string& tier) = 0;
};

using BlobStorePtr = std::shared_ptr<BlobStore>;

// Throws BlobNameError unless `key` is 1..kMaxBlobKeyBytes of valid UTF-8 without NUL.
void CheckBlobKey(std::string_view key);

}  // namespace ccrm::storage
