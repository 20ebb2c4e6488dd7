// QueryPlan: the SQL and parameters of one RecordStore Query on SQLite, and its cursors.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storage/record_store.hpp"
#include "storage/sqlite/sqlite_table_info.hpp"

namespace ccrm::storage::sqlite {

struct QueryPlan {
  // Result columns: 0 = data, then `key_columns` columns ordering the page (the index sort
  // key if any, then the primary key; just sk for a table query).
  std::string sql;
  std::vector<std::string> params;  // text parameters ?1..?n
  int limit_param = 0;              // ?n+1, bound to the page size + 1
  size_t key_columns = 0;
  std::string table;                // the SQL table and WHERE clause, for a count
  std::string where;
};

// Validates `request` against `info` (limit, sort-key condition, cursor) and builds its plan.
// Throws std::invalid_argument on a caller error, including a malformed cursor.
QueryPlan PlanQuery(const TableInfo& info, const QueryRequest& request);

// The opaque cursor resuming after an item: base64url of the JSON array of its keys as the
// query orders them, led by the partition value. Key-based (an exclusive start key, as in
// DynamoDB), so a page boundary survives inserts and deletes around it.
std::string EncodeCursor(const std::string& partition, const std::vector<std::string>& keys);

// The smallest string greater than every string starting with `prefix` (bytewise, as SQLite's
// BINARY collation and DynamoDB compare), or nullopt when no such bound exists.
std::optional<std::string> PrefixUpperBound(std::string prefix);

}  // namespace ccrm::storage::sqlite
