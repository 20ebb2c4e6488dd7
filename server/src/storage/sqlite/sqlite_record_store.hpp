// The SQLite backend of RecordStore: one real table per logical table in a SqliteDatabase.
#pragma once

#include <memory>

#include "storage/record_store.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace ccrm::storage::sqlite {

// Applies the database's migrations (idempotent) and returns a store over it. Thread-safe:
// writes go through the database's group-committing writer, reads through its reader pool.
RecordStorePtr MakeSqliteRecordStore(std::shared_ptr<SqliteDatabase> db);

}  // namespace ccrm::storage::sqlite
