#include "app/storage_backends.hpp"

#include <filesystem>
#include <stdexcept>

#include "app/blob_keys.hpp"
#include "blobs/s3_routes.hpp"
#include "crypto/master_key.hpp"
#include "storage/localfs/localfs_blob_store.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#include "storage/sqlite/sqlite_record_store.hpp"
#include "storage/sqlite/sqlite_search_index.hpp"
#include "storage/sqlite/sqlite_snapshot.hpp"
#include "storage/timed_record_store.hpp"

namespace ccrm::app {
namespace {

storage::StorageSet OpenSqlite(const Config& config, const std::filesystem::path& dir,
                               StorageParts parts) {
  storage::sqlite::SqliteOptions options;
  options.path = (dir / "records.db").string();
  options.synchronous = config.storage.synchronous == "normal"
                            ? storage::sqlite::SqliteOptions::kNormal
                            : storage::sqlite::SqliteOptions::kFull;
  options.readers = config.storage.readers;
  auto database = storage::sqlite::SqliteDatabase::Open(options);
  database->Migrate();
  storage::StorageSet set;
  set.records = storage::sqlite::MakeSqliteRecordStore(database);
  if (parts == StorageParts::kAll) {
    set.search = storage::sqlite::MakeSqliteSearchIndex((dir / "search.db").string());
  }
  set.close = [database] { database->Close(); };
  return set;
}

constexpr const char* kRecordsFile = "records.db";

storage::localfs::BlobRoots BlobRootsOf(const Config& config) {
  const std::filesystem::path dir(config.storage.data_dir);
  return {.standard = dir / "blobs",
          .cold = config.blobs.cold_dir.empty() ? dir / "blobs-cold"
                                                : std::filesystem::path(config.blobs.cold_dir)};
}

// The catalog of a records file that nobody else has open (a snapshot, a restored copy).
template <typename Fn>
auto WithRecordsFile(const std::filesystem::path& file, Fn fn) {
  storage::sqlite::SqliteOptions options;
  options.path = file.string();
  options.readers = 1;
  auto database = storage::sqlite::SqliteDatabase::Open(options);
  auto records = storage::sqlite::MakeSqliteRecordStore(database);
  struct Closer {
    std::shared_ptr<storage::sqlite::SqliteDatabase> database;
    ~Closer() { database->Close(); }
  } closer{database};
  return fn(*records);
}

}  // namespace

StorageCopy BackupStorage(const Config& config, const std::filesystem::path& destination) {
  const std::filesystem::path dir(config.storage.data_dir);
  StorageCopy copy;
  const storage::localfs::RemovalHold hold(dir / "blobs");
  copy.records_bytes =
      storage::sqlite::SnapshotDatabase((dir / kRecordsFile).string(), (destination / kRecordsFile).string());
  const auto objects = WithRecordsFile(destination / kRecordsFile, [&](storage::RecordStore& records) {
    return storage::localfs::LocalFsBlobStore::CopyObjects(
        records, kBlobBuckets, BlobRootsOf(config),
        {.standard = destination / "blobs", .cold = destination / "blobs-cold"});
  });
  copy.objects = objects.objects;
  copy.object_bytes = objects.bytes;
  return copy;
}

StorageCopy RestoreStorage(const std::filesystem::path& source, const Config& config) {
  const std::filesystem::path dir(config.storage.data_dir);
  StorageCopy copy;
  copy.records_bytes =
      storage::sqlite::SnapshotDatabase((source / kRecordsFile).string(), (dir / kRecordsFile).string());
  const auto objects = WithRecordsFile(dir / kRecordsFile, [&](storage::RecordStore& records) {
    return storage::localfs::LocalFsBlobStore::CopyObjects(
        records, kBlobBuckets, {.standard = source / "blobs", .cold = source / "blobs-cold"},
        BlobRootsOf(config));
  });
  copy.objects = objects.objects;
  copy.object_bytes = objects.bytes;
  return copy;
}

size_t ResealBlobDataKeys(const Config& /*config: one backend today*/,
                          storage::RecordStore& records, const crypto::MasterKey& from,
                          const crypto::MasterKey& to) {
  return storage::localfs::LocalFsBlobStore::ResealDataKeys(records, kBlobBuckets, from, to);
}

storage::StorageSet OpenStorageSet(const Config& config, std::shared_ptr<gateway::Metrics> metrics,
                                   StorageParts parts) {
  const std::filesystem::path dir(config.storage.data_dir);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    throw std::runtime_error("cannot create data directory " + dir.string() + ": " + ec.message());
  }
  // Config validation admits only the backends built in.
  storage::StorageSet set = OpenSqlite(config, dir, parts);
  set.records = storage::MakeTimedRecordStore(
      std::move(set.records),
      [metrics = std::move(metrics)](std::string_view operation, std::chrono::nanoseconds duration) {
        metrics->ObserveStorage(operation, duration);
      });
  if (parts == StorageParts::kAll) {
    auto master_key =
        std::make_shared<const crypto::MasterKey>(crypto::MasterKey::LoadOrCreate(dir));
    const BlobKeys keys = MakeBlobKeys(config, *set.records, *master_key);
    storage::localfs::LocalFsOptions blob_options{
        .root = BlobRootsOf(config).standard,
        .cold_root = BlobRootsOf(config).cold,
        .buckets = kBlobBuckets,
        .endpoint = storage::localfs::PresignEndpoint{.url = [&config] { return config.PublicUrl(); },
                                                      .path_prefix = blobs::kS3PathPrefix,
                                                      .region = config.blobs.region,
                                                      .credentials = keys.server}};
    auto blobs = std::make_shared<storage::localfs::LocalFsBlobStore>(
        std::move(blob_options), set.records, std::move(master_key), SystemClock());
    set.sweep_blobs = [weak = std::weak_ptr(blobs)] {
      const auto store = weak.lock();
      return store ? store->SweepOrphans() : size_t{0};
    };
    set.blobs = std::move(blobs);
  }
  return set;
}

}  // namespace ccrm::app
