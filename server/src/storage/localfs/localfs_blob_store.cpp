#include "storage/localfs/localfs_blob_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <system_error>

#include "common/base64.hpp"
#include "common/durable_file.hpp"
#include "crypto/aead.hpp"
#include "crypto/digest.hpp"
#include "crypto/random.hpp"
#include "storage/query_all.hpp"
#include "storage/reseal.hpp"
#include "storage/localfs/object_readers.hpp"
#include "storage/localfs/removal_hold.hpp"
#include "storage/localfs/sealed_object.hpp"

namespace ccrm::storage::localfs {
namespace {

namespace fs = std::filesystem;

constexpr int kCommitAttempts = 8;
constexpr size_t kWriteBatch = 1024 * 1024;
constexpr uint64_t kWritebackStep = 8 * 1024 * 1024;
constexpr std::string_view kTempSuffix = ".part";
constexpr std::string_view kObjectSuffix = ".blob";

fs::path ObjectFile(const fs::path& root, const std::string& bucket, const std::string& object_id) {
  return root / bucket / object_id.substr(0, 2) / (object_id + std::string(kObjectSuffix));
}

[[noreturn]] void FailErrno(const std::string& what, const fs::path& path) {
  throw StorageError(fmt::format("{} {}: {}", what, path.string(), std::strerror(errno)));
}

// The wrapped data key opens only for the object it was made for.
std::string KeyContext(std::string_view object_id_hex) {
  return fmt::format("blob-key:{}", object_id_hex);
}

BlobInfo InfoOf(const Json& item) {
  BlobInfo info;
  info.bucket = item.value("bucket", "");
  info.key = item.value("key", "");
  info.size = item.value("size", uint64_t{0});
  info.etag = item.value("etag", "");
  info.sha256 = item.value("sha256", "");
  info.content_type = item.value("contentType", "application/octet-stream");
  info.last_modified_ms = item.value("lastModified", int64_t{0});
  info.tier = item.value("tier", "standard");
  return info;
}

bool OlderThan(const fs::path& path, std::chrono::seconds age) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0) return false;
  return std::chrono::system_clock::now() - std::chrono::system_clock::from_time_t(st.st_mtime) >
         age;
}

}  // namespace

// Closes the descriptor and removes the file unless released: a Put that fails leaves nothing.
class LocalFsBlobStore::PendingFile {
 public:
  PendingFile(int fd, fs::path path) : fd_(fd), path_(std::move(path)) {}
  ~PendingFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  PendingFile(const PendingFile&) = delete;
  PendingFile& operator=(const PendingFile&) = delete;
  int fd() const { return fd_; }
  void Close() {
    if (fd_ >= 0 && ::close(fd_) != 0) {
      fd_ = -1;
      FailErrno("close", path_);
    }
    fd_ = -1;
  }
  void MovedTo(fs::path path) { path_ = std::move(path); }
  void Release() { fd_ = -1; }
  void Keep() { path_.clear(); }

 private:
  int fd_;
  fs::path path_;
};

LocalFsBlobStore::SealedFile::SealedFile() = default;
LocalFsBlobStore::SealedFile::SealedFile(SealedFile&&) noexcept = default;
LocalFsBlobStore::SealedFile::~SealedFile() = default;

LocalFsBlobStore::LocalFsBlobStore(LocalFsOptions options, RecordStorePtr catalog,
                                   std::shared_ptr<const crypto::MasterKey> master_key,
                                   ClockPtr clock)
    : options_(std::move(options)),
      catalog_(std::move(catalog)),
      master_key_(std::move(master_key)),
      clock_(std::move(clock)),
      buckets_(options_.buckets.begin(), options_.buckets.end()) {
  if (options_.chunk_size == 0 || options_.chunk_size > 16 * 1024 * 1024) {
    throw std::invalid_argument("chunk size must be 1 byte to 16 MiB");
  }
  cold_root_ = options_.cold_root.empty() ? fs::path(options_.root.string() + "-cold")
                                          : options_.cold_root;
  for (const fs::path& root : {options_.root, cold_root_}) {
    std::error_code ec;
    fs::create_directories(root / "tmp", ec);
    for (const std::string& bucket : options_.buckets) fs::create_directories(root / bucket, ec);
    if (ec) throw StorageError(fmt::format("create {}: {}", root.string(), ec.message()));
    ::chmod(root.c_str(), 0700);
    // Uploads a crash cut short: nothing names them, nobody will finish them.
    for (const auto& entry : fs::directory_iterator(root / "tmp", ec)) {
      if (entry.path().extension() == kTempSuffix && OlderThan(entry.path(), std::chrono::hours(1))) {
        fs::remove(entry.path(), ec);
      }
    }
  }
  // The removal lock exists from the start, so removals never add a file to the tree.
  if (const int lock = ::open((options_.root / RemovalHold::kFileName).c_str(),
                              O_RDWR | O_CREAT | O_CLOEXEC, 0600);
      lock >= 0) {
    ::close(lock);
  }
  catalog_->EnsureTable({.name = kBlobCatalogTable, .partition_key = "bucket", .sort_key = "key"});
}

std::vector<std::string> LocalFsBlobStore::Buckets() const { return options_.buckets; }

void LocalFsBlobStore::CheckBucket(const std::string& bucket) const {
  if (!buckets_.contains(bucket)) throw BlobNameError(fmt::format("No bucket named {}.", bucket));
}

const fs::path& LocalFsBlobStore::RootOf(std::string_view tier) const {
  return tier == kColdTier ? cold_root_ : options_.root;
}

fs::path LocalFsBlobStore::PathOf(const Json& item) const {
  return ObjectFile(RootOf(item.value("tier", kStandardTier)), item.value("bucket", ""),
                    item.value("objectId", ""));
}

void LocalFsBlobStore::RemoveObjectFile(const fs::path& path) const {
  const int lock = RemovalHold::TryShared(options_.root);
  if (lock < 0) {
    spdlog::debug("blob store: {} stays until the next sweep (a backup is copying)", path.string());
    return;
  }
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    spdlog::warn("blob store: could not remove {}: {}", path.string(), std::strerror(errno));
  }
  ::close(lock);
}

std::optional<Json> LocalFsBlobStore::CatalogItem(const std::string& bucket,
                                                  const std::string& key) {
  return catalog_->Get(kBlobCatalogTable, {bucket, key});
}

fs::path LocalFsBlobStore::ObjectPath(const std::string& bucket, const std::string& key) {
  std::optional<Json> item = CatalogItem(bucket, key);
  if (!item) return {};
  return PathOf(*item);
}

BlobInfo LocalFsBlobStore::Put(const std::string& bucket, const std::string& key,
                               const ChunkSource& source, const PutBlobOptions& options) {
  CheckBucket(bucket);
  CheckBlobKey(key);
  crypto::Sha256Hasher sha256;
  std::string sha256_hex;
  SealedFile sealed = WriteSealed(
      bucket, kStandardTier, source,
      [&](std::string_view piece, uint64_t total) {
        if (total > options.max_size) throw BlobTooLarge(options.max_size);
        if (options.expected_size && total > *options.expected_size) {
          throw BlobIncomplete(*options.expected_size, total);
        }
        sha256.Update(piece);
      },
      [&](uint64_t total) {
        if (options.expected_size && total != *options.expected_size) {
          throw BlobIncomplete(*options.expected_size, total);
        }
        sha256_hex = crypto::HexEncode(sha256.Final());
        if (!options.expected_sha256.empty() && options.expected_sha256 != sha256_hex) {
          throw BlobDigestMismatch(
              "The content's SHA-256 is not the one the request was signed for.");
        }
      });

  BlobInfo info;
  info.bucket = bucket;
  info.key = key;
  info.size = sealed.stored_size;
  info.sha256 = sha256_hex;
  info.etag = "\"" + info.sha256.substr(0, 32) + "\"";
  info.content_type =
      options.content_type.empty() ? "application/octet-stream" : options.content_type;
  info.last_modified_ms = clock_->NowMillis();
  Json item = {{"bucket", bucket},
               {"key", key},
               {"objectId", sealed.object_id},
               {"size", info.size},
               {"etag", info.etag},
               {"sha256", info.sha256},
               {"contentType", info.content_type},
               {"lastModified", info.last_modified_ms},
               {"tier", info.tier},
               {"chunkSize", options_.chunk_size},
               {"wrappedKey", sealed.wrapped_key}};
  std::vector<WriteAction> extra;
  if (options.with_commit) extra = options.with_commit(info);

  // The commit names this file as the object: conditional on the item it replaces, so two
  // writers of one key cannot both think they replaced the same old file (which would then be
  // left behind).
  for (int attempt = 0; attempt < kCommitAttempts; ++attempt) {
    const std::optional<Json> old = CatalogItem(bucket, key);
    const int64_t old_version = old ? old->value("version", int64_t{0}) : 0;
    item["version"] = old_version + 1;
    std::vector<WriteAction> actions;
    actions.reserve(extra.size() + 1);
    actions.push_back(WriteAction::Put(
        kBlobCatalogTable, item,
        old ? Condition::VersionEquals(old_version) : Condition::NotExists()));
    actions.insert(actions.end(), extra.begin(), extra.end());
    const TransactResult result = catalog_->TransactWrite(actions);
    if (result.committed) {
      sealed.file->Keep();
      if (old) RemoveObjectFile(PathOf(*old));
      return info;
    }
    if (result.failed_action > 0) {
      throw BlobPreconditionFailed("A write committed with the object was refused.");
    }
  }
  throw StorageError(fmt::format("object {}/{} kept changing while it was stored", bucket, key));
}

LocalFsBlobStore::SealedFile LocalFsBlobStore::WriteSealed(
    const std::string& bucket, const std::string& tier, const ChunkSource& source,
    const std::function<void(std::string_view piece, uint64_t total)>& on_piece,
    const std::function<void(uint64_t total)>& before_last) const {
  const std::string raw_id = crypto::RandomBytes(kObjectIdSize);
  SealedFile sealed;
  sealed.object_id = crypto::HexEncode(raw_id);
  std::string data_key = crypto::RandomBytes(crypto::kAeadKeySize);
  sealed.wrapped_key = Base64UrlEncode(master_key_->Seal(data_key, KeyContext(sealed.object_id)));
  ChunkCipher cipher(std::move(data_key), raw_id);

  // The temporary file on the tier's own file system: the rename into place must not cross one.
  const fs::path temp = RootOf(tier) / "tmp" / (sealed.object_id + std::string(kTempSuffix));
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) FailErrno("create", temp);
  sealed.file = std::make_unique<PendingFile>(fd, temp);

  const uint32_t chunk_size = options_.chunk_size;
  std::string out = SealedHeader(chunk_size, raw_id);
  std::string plain;
  plain.reserve(chunk_size);
  uint64_t index = 0;
  uint64_t written = 0;     // bytes of the file written so far
  uint64_t writing_back = 0;  // bytes whose writeback was started
  auto flush = [&] {
    WriteAll(fd, out, temp);
    written += out.size();
    out.clear();
    // Start the disk writing what is there now, while the rest arrives, so the fsync at the end
    // waits for the last few MiB rather than for the whole file.
    if (written - writing_back >= kWritebackStep) {
      ::sync_file_range(fd, static_cast<off_t>(writing_back),
                        static_cast<off_t>(written - writing_back), SYNC_FILE_RANGE_WRITE);
      writing_back = written;
    }
  };
  auto seal = [&](std::string_view content, bool last) {
    cipher.Seal(index++, last, content, out);
    if (out.size() >= kWriteBatch) flush();
  };

  uint64_t total = 0;
  std::string piece;
  while (source(piece)) {
    total += piece.size();
    on_piece(piece, total);
    std::string_view rest = piece;
    while (!rest.empty()) {
      // A full chunk is sealed only once more follows: the last one is marked as such.
      if (plain.size() == chunk_size) {
        seal(plain, false);
        plain.clear();
      }
      if (plain.empty() && rest.size() > chunk_size) {  // more follows: sealed where it lies
        seal(rest.substr(0, chunk_size), false);
        rest.remove_prefix(chunk_size);
        continue;
      }
      const size_t take = std::min<size_t>(chunk_size - plain.size(), rest.size());
      plain.append(rest.substr(0, take));
      rest.remove_prefix(take);
    }
  }
  before_last(total);
  seal(plain, true);
  flush();
  if (::fsync(fd) != 0) FailErrno("sync", temp);
  sealed.file->Close();

  const fs::path final_path = ObjectFile(RootOf(tier), bucket, sealed.object_id);
  std::error_code ec;
  fs::create_directories(final_path.parent_path(), ec);
  if (::rename(temp.c_str(), final_path.c_str()) != 0) FailErrno("rename into", final_path);
  sealed.file->MovedTo(final_path);
  SyncDirectory(final_path.parent_path());
  SyncDirectory(temp.parent_path());
  sealed.stored_size = total;
  return sealed;
}

bool LocalFsBlobStore::ChangeTier(const std::string& bucket, const std::string& key,
                                  const std::string& tier) {
  CheckBucket(bucket);
  CheckBlobKey(key);
  if (tier != kStandardTier && tier != kColdTier) {
    throw StorageError(fmt::format("no tier named {}", tier));
  }
  const std::optional<Json> item = CatalogItem(bucket, key);
  if (!item) return false;
  if (item->value("tier", kStandardTier) == tier) return true;
  std::unique_ptr<BlobReader> reader = Get(bucket, key);
  if (!reader) return false;
  // The cold tier keeps the content zstd-compressed, then sealed like any other.
  ChunkSource plain = [&reader](std::string& chunk) { return reader->Read(chunk); };
  ChunkSource source = tier == kColdTier ? ZstdCompressed(std::move(plain)) : std::move(plain);
  SealedFile sealed = WriteSealed(bucket, tier, source, [](std::string_view, uint64_t) {},
                                  [](uint64_t) {});
  reader.reset();
  Json moved = *item;
  moved["objectId"] = sealed.object_id;
  moved["wrappedKey"] = sealed.wrapped_key;
  moved["tier"] = tier;
  if (tier == kColdTier) {
    moved["storedSize"] = sealed.stored_size;
    moved["compression"] = "zstd";
  } else {
    moved.erase("storedSize");
    moved.erase("compression");
  }
  const int64_t version = item->value("version", int64_t{0});
  moved["version"] = version + 1;
  if (catalog_->Put(kBlobCatalogTable, moved, Condition::VersionEquals(version)) !=
      WriteStatus::kOk) {
    return false;  // replaced or deleted meanwhile: the new file goes with `sealed`
  }
  sealed.file->Keep();
  RemoveObjectFile(PathOf(*item));
  return true;
}

std::unique_ptr<BlobReader> LocalFsBlobStore::Get(const std::string& bucket, const std::string& key,
                                                  const std::optional<ByteRange>& range) {
  CheckBucket(bucket);
  CheckBlobKey(key);
  for (int attempt = 0; attempt < kCommitAttempts; ++attempt) {
    const std::optional<Json> item = CatalogItem(bucket, key);
    if (!item) return nullptr;
    BlobInfo info = InfoOf(*item);
    ByteRange::Span span{0, info.size};
    if (range) {
      const auto resolved = range->Resolve(info.size);
      if (!resolved) throw BlobRangeNotSatisfiable(info.size);
      span = *resolved;
    }
    const std::string object_id = item->value("objectId", "");
    const std::string what = fmt::format("object {}/{}", bucket, key);
    const bool cold = info.tier == kColdTier;
    const uint64_t stored_size = cold ? item->value("storedSize", uint64_t{0}) : info.size;
    const fs::path path = PathOf(*item);
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) continue;  // replaced between the lookup and the open
    if (fd < 0) FailErrno("open", path);
    PendingFile guard(fd, {});
    const SealedLayout layout{.chunk_size = item->value("chunkSize", uint32_t{0})};
    struct stat st{};
    if (::fstat(fd, &st) != 0) FailErrno("stat", path);
    if (layout.chunk_size == 0 || static_cast<uint64_t>(st.st_size) != layout.FileSize(stored_size)) {
      throw BlobCorrupt(fmt::format("{} has the wrong length", what));
    }
    std::string header(kSealedHeaderSize, '\0');
    ReadExactly(fd, header.data(), header.size(), 0, what);
    const std::optional<std::string> raw_id = crypto::HexDecode(object_id);
    if (!raw_id || ReadSealedHeader(header, *raw_id) != layout.chunk_size) {
      throw BlobCorrupt(fmt::format("{} has a header of another object", what));
    }
    const std::optional<std::string> wrapped = Base64UrlDecode(item->value("wrappedKey", ""));
    std::optional<std::string> data_key;
    if (wrapped) data_key = master_key_->Open(*wrapped, KeyContext(object_id));
    if (!data_key) throw BlobCorrupt(fmt::format("the data key of {} does not open", what));
    auto cipher = std::make_unique<ChunkCipher>(std::move(*data_key), *raw_id);
    guard.Keep();
    guard.Release();
    if (cold) {
      return MakeColdReader(fd, std::move(info), span, layout, std::move(cipher), stored_size);
    }
    return MakeStandardReader(fd, std::move(info), span, layout, std::move(cipher));
  }
  throw StorageError(fmt::format("object {}/{} kept changing while it was opened", bucket, key));
}

std::optional<BlobInfo> LocalFsBlobStore::Head(const std::string& bucket, const std::string& key) {
  CheckBucket(bucket);
  CheckBlobKey(key);
  std::optional<Json> item = CatalogItem(bucket, key);
  if (!item) return std::nullopt;
  return InfoOf(*item);
}

bool LocalFsBlobStore::Delete(const std::string& bucket, const std::string& key) {
  CheckBucket(bucket);
  CheckBlobKey(key);
  for (int attempt = 0; attempt < kCommitAttempts; ++attempt) {
    const std::optional<Json> item = CatalogItem(bucket, key);
    if (!item) return false;
    const WriteStatus status =
        catalog_->Delete(kBlobCatalogTable, {bucket, key},
                         Condition::VersionEquals(item->value("version", int64_t{0})));
    if (status != WriteStatus::kOk) continue;
    RemoveObjectFile(PathOf(*item));
    return true;
  }
  throw StorageError(fmt::format("object {}/{} kept changing while it was deleted", bucket, key));
}

BlobList LocalFsBlobStore::List(const std::string& bucket, const std::string& prefix,
                                const std::string& cursor, int limit) {
  CheckBucket(bucket);
  QueryRequest query;
  query.table = kBlobCatalogTable;
  query.partition = bucket;
  if (!prefix.empty()) {
    query.sort = {.op = SortKeyCondition::Op::kBeginsWith, .value = prefix};
  }
  query.limit = std::clamp(limit, 1, RecordStore::kMaxQueryLimit);
  query.cursor = cursor;
  QueryResult result = catalog_->Query(query);
  BlobList list;
  list.items.reserve(result.items.size());
  for (const Json& item : result.items) list.items.push_back(InfoOf(item));
  list.next_cursor = std::move(result.next_cursor);
  return list;
}

std::string LocalFsBlobStore::Presign(const std::string& bucket, const std::string& key,
                                      const PresignOptions& options) {
  CheckBucket(bucket);
  CheckBlobKey(key);
  if (!options_.endpoint) throw StorageError("the blob store has no endpoint to presign URLs for");
  const PresignEndpoint& endpoint = *options_.endpoint;
  aws::PresignRequest request{.method = options.method,
                              .endpoint = endpoint.url(),
                              .path = endpoint.path_prefix + "/" + bucket + "/" + key,
                              .region = endpoint.region,
                              .service = "s3",
                              .now = clock_->Now(),
                              .expires_seconds = options.expires_seconds,
                              .signed_headers = options.signed_headers,
                              .query = options.query};
  return aws::Presign(endpoint.credentials, request);
}

size_t LocalFsBlobStore::ResealDataKeys(RecordStore& catalog,
                                        const std::vector<std::string>& buckets,
                                        const crypto::MasterKey& from,
                                        const crypto::MasterKey& to) {
  size_t resealed = 0;
  for (const std::string& bucket : buckets) {
    ForEachItem(catalog, {.table = kBlobCatalogTable, .partition = bucket}, [&](Json& item) {
      const std::string what =
          fmt::format("the data key of object {}/{}", bucket, item.value("key", ""));
      if (ResealField(item, "/wrappedKey", KeyContext(item.value("objectId", "")), from, to,
                      what)) {
        PutResealed(catalog, kBlobCatalogTable, std::move(item), what);
        ++resealed;
      }
    });
  }
  return resealed;
}

ObjectCopy LocalFsBlobStore::CopyObjects(RecordStore& catalog,
                                         const std::vector<std::string>& buckets,
                                         const BlobRoots& from_roots, const BlobRoots& to_roots) {
  ObjectCopy copy;
  std::set<fs::path> directories;
  catalog.EnsureTable({.name = kBlobCatalogTable, .partition_key = "bucket", .sort_key = "key"});
  for (const std::string& bucket : buckets) {
    ForEachItem(catalog, {.table = kBlobCatalogTable, .partition = bucket}, [&](Json& item) {
      const std::string object_id = item.value("objectId", "");
      const bool cold = item.value("tier", kStandardTier) == std::string_view(kColdTier);
      const fs::path from = ObjectFile(from_roots.Of(cold), bucket, object_id);
      const fs::path to = ObjectFile(to_roots.Of(cold), bucket, object_id);
      const SealedLayout layout{.chunk_size = item.value("chunkSize", uint32_t{0})};
      const uint64_t expected =
          layout.FileSize(item.value(cold ? "storedSize" : "size", uint64_t{0}));
      std::error_code ec;
      const uint64_t size = fs::file_size(from, ec);
      if (ec || size != expected) {
        throw StorageError(fmt::format("object {}/{}: its file {} is {}", bucket,
                                       item.value("key", ""), from.string(),
                                       ec ? "missing" : "of the wrong length"));
      }
      fs::create_directories(to.parent_path(), ec);
      if (directories.insert(to.parent_path()).second) ::chmod(to.parent_path().c_str(), 0700);
      if (!fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec) || ec) {
        throw StorageError(fmt::format("copy {} to {}: {}", from.string(), to.string(),
                                       ec.message()));
      }
      ++copy.objects;
      copy.bytes += size;
    });
  }
  // One syncfs for all the files (of each file system), then their directories.
  for (const fs::path& root : {to_roots.standard, to_roots.cold}) {
    const int fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
      ::syncfs(fd);
      ::close(fd);
    }
  }
  for (const fs::path& dir : directories) SyncDirectory(dir);
  return copy;
}

size_t LocalFsBlobStore::SweepOrphans(std::chrono::seconds min_age) {
  size_t removed = 0;
  std::error_code ec;
  // A backup may be copying files its snapshot names and the catalog no longer does.
  const int lock = RemovalHold::TryShared(options_.root);
  if (lock < 0) return 0;
  struct Unlock {
    int fd;
    ~Unlock() { ::close(fd); }
  } unlock{lock};
  for (const std::string& bucket : options_.buckets) {
    // Files are listed before the catalog is read: a file committed meanwhile is named by the
    // catalog read after it, and one renamed into place after the listing is not looked at.
    std::vector<fs::path> files;
    for (const fs::path& root : {options_.root, cold_root_}) {
      for (const auto& entry : fs::recursive_directory_iterator(root / bucket, ec)) {
        if (entry.is_regular_file() && entry.path().extension() == kObjectSuffix) {
          files.push_back(entry.path());
        }
      }
    }
    std::set<std::string, std::less<>> named;
    ForEachItem(*catalog_, {.table = kBlobCatalogTable, .partition = bucket},
                [&](Json& item) { named.insert(item.value("objectId", "")); });
    for (const fs::path& file : files) {
      if (named.contains(file.stem().string()) || !OlderThan(file, min_age)) continue;
      if (fs::remove(file, ec)) ++removed;
    }
  }
  for (const fs::path& root : {options_.root, cold_root_}) {
    for (const auto& entry : fs::directory_iterator(root / "tmp", ec)) {
      if (entry.path().extension() == kTempSuffix && OlderThan(entry.path(), min_age) &&
          fs::remove(entry.path(), ec)) {
        ++removed;
      }
    }
  }
  return removed;
}

}  // namespace ccrm::storage::localfs
