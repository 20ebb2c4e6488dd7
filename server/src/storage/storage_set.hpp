// The storage a process runs on, whichever backends provide it: what app/storage_backends.*
// opens and every module is built from.
#pragma once

#include <functional>

#include "storage/blob_store.hpp"
#include "storage/record_store.hpp"
#include "storage/search_index.hpp"

namespace ccrm::storage {

struct StorageSet {
  RecordStorePtr records;
  SearchIndexPtr search;  // null when opened for records only
  BlobStorePtr blobs;      // null when opened for records only
  // Removes what a crash or a held-back removal left of the blob store's files (none for a
  // store that leaves nothing, such as S3); returns how many went. Null when there are no blobs.
  std::function<size_t()> sweep_blobs;
  // Flushes and closes the backends; after every user of them has stopped. Idempotent.
  std::function<void()> close;
};

}  // namespace ccrm::storage
