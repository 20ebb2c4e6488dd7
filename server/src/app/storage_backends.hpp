// Backend selection, in one place: opens the storage set that storage.backend names. The only
// code that names a concrete storage backend.
#pragma once

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

storage::StorageSet OpenStorageSet(const Config& config, std::shared_ptr<gateway::Metrics> metrics,
                                   StorageParts parts = StorageParts::kAll);

}  // namespace ccrm::app
