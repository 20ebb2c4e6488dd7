// `ccrm keys rotate-master`: a new master.key, every value sealed under the old one resealed
// under it, content untouched (blob data keys are rewrapped, not the blobs).
//
// Crash-safe and resumable: the new key is written first as master.key.next (nothing starts
// while it exists), each value is resealed in its own conditional write (one that already opens
// under the new key is left alone), and only when all are done does master.key.next replace
// master.key. A run cut short at any point is finished by running the command again.
#pragma once

#include <cstddef>
#include <filesystem>

#include "app/config.hpp"
#include "storage/record_store.hpp"

namespace ccrm::app {

struct MasterKeyRotation {
  size_t signing_keys = 0;
  size_t totp_users = 0;
  size_t digest_keys = 0;
  size_t pinned_keys = 0;
  size_t blob_data_keys = 0;
  bool resumed = false;  // a cut-short rotation was finished
};

// With the data directory held exclusively (DataDirLock) and `records` opened on it.
MasterKeyRotation RotateMasterKey(const Config& config, storage::RecordStore& records);

}  // namespace ccrm::app
