// Backend selection, in one place: opens the storage set that storage.backend names. The only
// code that names a concrete storage backend.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "app/config.hpp"
#include "crypto/master_key.hpp"
#include "gateway/metrics.hpp"
#include "storage/storage_set.hpp"

namespace ccrm::app {

enum class StorageParts {
  kAll,          // records and search: what the modules need
  kRecordsOnly,  // for commands that only read records (ccrm audit verify)
};

// Creates storage.data_dir if needed, opens the backends and brings their schema up to date;
// record store timings go to `metrics`. `config` must outlive the set (presigned URLs read
// its public URL when they are made). Throws std::runtime_error on failure.
// The blob store's buckets.
inline const std::vector<std::string> kBlobBuckets = {"documents", "recordings"};

// Reseals the embedded blob store's data keys from `from` to `to` (`ccrm keys rotate-master`);
// returns how many changed.
size_t ResealBlobDataKeys(const Config& config, storage::RecordStore& records,
                          const crypto::MasterKey& from, const crypto::MasterKey& to);

// What a backup or a restore copied of the storage.
struct StorageCopy {
  uint64_t records_bytes = 0;
  size_t objects = 0;
  uint64_t object_bytes = 0;
};

// A consistent copy of the records and of the blobs they name into `destination` (an empty
// directory) while servers keep serving: removals of blob files are held back, the records
// snapshotted in one read transaction, and every file that snapshot names copied. The search
// index is not copied: a restore rebuilds it.
StorageCopy BackupStorage(const Config& config, const std::filesystem::path& destination);
// The records and blobs of a backup at `source` into config's data directory (empty), every
// object the records name checked to be there whole.
StorageCopy RestoreStorage(const std::filesystem::path& source, const Config& config);

storage::StorageSet OpenStorageSet(const Config& config, std::shared_ptr<gateway::Metrics> metrics,
                                   StorageParts parts = StorageParts::kAll);

}  // namespace ccrm::app
