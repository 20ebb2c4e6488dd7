// The embedded BlobStore: objects as encrypted files under the data dir, described by a
// catalog in the RecordStore.
//
// A key never becomes a path: each stored version of an object is a file named by a random
// object id (<root>/<bucket>/<id[0..2]>/<id>.blob, sealed_object.hpp's format, under a data key
// of its own wrapped by the master key), and the catalog item (table blob_objects: bucket, key)
// says which file is the object now. A Put writes a temporary file, syncs it, renames it into
// place and syncs the directory, then commits the catalog item (with the caller's writes, a
// trigger's job) in one transaction: that commit is the moment the object appears, whole. A
// crash before it leaves only a file nobody names, which SweepOrphans removes.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "crypto/master_key.hpp"
#include "storage/aws/sigv4.hpp"
#include "storage/blob_store.hpp"
#include "storage/localfs/removal_hold.hpp"
#include "storage/record_store.hpp"

namespace ccrm::storage::localfs {

inline constexpr const char* kBlobCatalogTable = "blob_objects";

// Where the server's S3-compatible endpoint answers, for presigned URLs to it.
struct PresignEndpoint {
  // scheme://host[:port] as clients reach the server, no trailing slash; asked at every
  // Presign (the port may be known only once the server listens).
  std::function<std::string()> url;
  std::string path_prefix = "/s3";
  std::string region = "us-east-1";
  aws::AwsCredentials credentials;
};

struct LocalFsOptions {
  std::filesystem::path root;        // e.g. <data_dir>/blobs
  std::filesystem::path cold_root;   // the cold tier; empty: <root>-cold
  std::vector<std::string> buckets;  // e.g. documents, recordings
  uint32_t chunk_size = 64 * 1024;
  std::optional<PresignEndpoint> endpoint;  // none: Presign throws
};

// Where a store's files are: the standard tier and the cold one.
struct BlobRoots {
  std::filesystem::path standard;
  std::filesystem::path cold;
  const std::filesystem::path& Of(bool is_cold) const { return is_cold ? cold : standard; }
};

// What CopyObjects copied.
struct ObjectCopy {
  size_t objects = 0;
  uint64_t bytes = 0;  // on disk (encrypted)
};

class LocalFsBlobStore final : public BlobStore {
 public:
  // Creates the directories and the catalog table; removes temporary files of uploads a
  // crash cut short. Throws StorageError when the root cannot be made.
  LocalFsBlobStore(LocalFsOptions options, RecordStorePtr catalog,
                   std::shared_ptr<const crypto::MasterKey> master_key, ClockPtr clock);

  std::vector<std::string> Buckets() const override;
  BlobInfo Put(const std::string& bucket, const std::string& key, const ChunkSource& source,
               const PutBlobOptions& options) override;
  std::unique_ptr<BlobReader> Get(const std::string& bucket, const std::string& key,
                                  const std::optional<ByteRange>& range = std::nullopt) override;
  std::optional<BlobInfo> Head(const std::string& bucket, const std::string& key) override;
  bool Delete(const std::string& bucket, const std::string& key) override;
  BlobList List(const std::string& bucket, const std::string& prefix,
                const std::string& cursor = {}, int limit = 1000) override;
  std::string Presign(const std::string& bucket, const std::string& key,
                      const PresignOptions& options) override;
  // To kColdTier: the content zstd-compressed, then sealed under a new data key into a file
  // under the cold root; back to kStandardTier: decompressed. Reads are the same either way.
  bool ChangeTier(const std::string& bucket, const std::string& key,
                  const std::string& tier) override;

  // Reseals every object's data key in `catalog` from `from` to `to`, content untouched
  // (`ccrm keys rotate-master`, servers stopped); returns how many changed.
  static size_t ResealDataKeys(RecordStore& catalog, const std::vector<std::string>& buckets,
                               const crypto::MasterKey& from, const crypto::MasterKey& to);

  // Copies the file of every object that `catalog` names (in `buckets`) from `from_root` to
  // `to_root`, same layout, and syncs them: a backup's blobs (catalog: the records snapshot,
  // under a RemovalHold) or a restore's. Throws StorageError naming the first file missing or
  // of the wrong length.
  static ObjectCopy CopyObjects(RecordStore& catalog, const std::vector<std::string>& buckets,
                                const BlobRoots& from, const BlobRoots& to);

  // Removes object files that no catalog item names and that are older than `min_age` (a
  // crash between a file's rename and its commit, or before an old version's unlink). Returns
  // how many went.
  size_t SweepOrphans(std::chrono::seconds min_age = std::chrono::hours(1));

  // Where an object's file is (for tests that tamper with it, and for backups).
  std::filesystem::path ObjectPath(const std::string& bucket, const std::string& key);

 private:
  class PendingFile;
  // A sealed file renamed into place, not yet named by the catalog (removed with `file` unless
  // kept).
  struct SealedFile {
    std::string object_id;    // hex
    std::string wrapped_key;  // base64url
    uint64_t stored_size = 0;
    std::unique_ptr<PendingFile> file;
    SealedFile();
    SealedFile(SealedFile&&) noexcept;
    ~SealedFile();
  };
  // Seals what `source` yields into a new file of `bucket` under `tier`'s root (temporary file,
  // sync, rename, directory sync). `on_piece` sees each piece and the running total (limits);
  // `before_last` runs before the last chunk is sealed (final checks). Either may throw.
  SealedFile WriteSealed(const std::string& bucket, const std::string& tier,
                         const ChunkSource& source,
                         const std::function<void(std::string_view piece, uint64_t total)>& on_piece,
                         const std::function<void(uint64_t total)>& before_last) const;
  const std::filesystem::path& RootOf(std::string_view tier) const;
  // The file a catalog item names.
  std::filesystem::path PathOf(const Json& item) const;
  // Unlinks an object file unless a RemovalHold is held (then the sweep removes it later).
  void RemoveObjectFile(const std::filesystem::path& path) const;
  void CheckBucket(const std::string& bucket) const;
  std::optional<Json> CatalogItem(const std::string& bucket, const std::string& key);

  LocalFsOptions options_;
  std::filesystem::path cold_root_;
  RecordStorePtr catalog_;
  std::shared_ptr<const crypto::MasterKey> master_key_;
  ClockPtr clock_;
  std::set<std::string, std::less<>> buckets_;
};

}  // namespace ccrm::storage::localfs
