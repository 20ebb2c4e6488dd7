// A consistent copy of a live SQLite database (SQLite's online backup API): the copy is the
// database as of one read transaction, while writers elsewhere go on (WAL mode lets them).
#pragma once

#include <cstdint>
#include <string>

namespace ccrm::storage::sqlite {

// Copies `source` into `destination` (created; must not exist) and syncs it. Returns its size
// in bytes. Throws StorageError.
uint64_t SnapshotDatabase(const std::string& source, const std::string& destination);

}  // namespace ccrm::storage::sqlite
