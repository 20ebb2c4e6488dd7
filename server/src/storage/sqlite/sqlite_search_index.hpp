// The embedded SearchIndex backend: SQLite FTS5 in a database file of its own (data/search.db).
#pragma once

#include <string>

#include "storage/search_index.hpp"

namespace ccrm::storage::sqlite {

// Opens the search database at `path`, creating it (and its directory) if needed. The result
// is thread-safe: writes go through one connection, searches through a small reader pool.
SearchIndexPtr MakeSqliteSearchIndex(const std::string& path);

}  // namespace ccrm::storage::sqlite
