// The record store's own schema history (component "record_store" in schema_migrations).
#pragma once

#include <span>

#include "storage/sqlite/sqlite_database.hpp"

namespace ccrm::storage::sqlite {

std::span<const Migration> RecordStoreMigrations();

// Migration 2: every record table ("rt_*") created WITHOUT ROWID by an earlier binary is
// rewritten as a rowid table with the same columns, rows and indexes (see
// TableInfo::CreateTableSql for why). Inside the migration's transaction: all or nothing.
void RebuildRecordTablesWithRowids(Connection& c);

}  // namespace ccrm::storage::sqlite
