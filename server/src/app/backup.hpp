// `ccrm backup DEST` and `ccrm restore SRC`: a consistent copy of a data directory taken while
// servers keep serving, and its restoration into an empty one.
//
// A backup holds records.db (one moment of the records: leads, documents' catalog, users,
// wrapped keys, the audit trail), blobs/ (every file that moment names, encrypted as stored),
// audit-digests/ when they live in the data dir, master.key only when asked (a backup with the
// key in it is a backup of every secret in the clear: keep the key apart), and manifest.json,
// written last, which marks the backup complete. The search index is not copied; a restore
// rebuilds it from the records.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "app/config.hpp"
#include "app/storage_backends.hpp"

namespace ccrm::app {

inline constexpr const char* kBackupManifest = "manifest.json";
inline constexpr const char* kBackupFormat = "ccrm-backup-1";

struct BackupReport {
  StorageCopy storage;
  bool master_key = false;
  size_t digest_files = 0;
};

// `destination` must not exist or be empty. Throws std::runtime_error (what is wrong).
BackupReport Backup(const Config& config, const std::filesystem::path& destination,
                    bool include_master_key);

struct RestoreReport {
  StorageCopy storage;
  size_t digest_files = 0;
  size_t leads_indexed = 0;
};

// Into config's data directory, which must not exist or be empty (and is held exclusively).
// The master key comes from `master_key_file`, else from the backup; one of them must exist.
RestoreReport Restore(const std::filesystem::path& source, const Config& config,
                      const std::optional<std::filesystem::path>& master_key_file);

}  // namespace ccrm::app
