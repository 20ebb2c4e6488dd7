// TableInfo: how one logical RecordStore table maps onto a real SQLite table (names, SQL, items).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.hpp"
#include "storage/record_store.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace ccrm::storage::sqlite {

// DynamoDB's rule for table and index names: [A-Za-z0-9_.-]{3,255}. It also makes the names
// safe inside double-quoted SQL identifiers.
bool IsValidName(std::string_view name);

// An item ready to write: its primary key, its "version" and its serialized JSON.
struct EncodedItem {
  Key key;
  std::optional<int64_t> version;
  std::string data;
};

class TableInfo {
 public:
  // Validates the schema; throws std::invalid_argument.
  explicit TableInfo(TableSchema schema);

  const TableSchema& schema() const { return schema_; }
  const std::string& name() const { return schema_.name; }
  bool has_sort_key() const { return !schema_.sort_key.empty(); }
  const std::string& sql_table() const { return sql_table_; }
  // Position of the index called `name` in schema().indexes, or -1.
  int FindIndex(std::string_view name) const;
  // Quoted column names holding index `i`'s key values (NULL when the item is not in it).
  std::string IndexPkColumn(size_t i) const;
  std::string IndexSkColumn(size_t i) const;  // only when the index has a sort key

  std::string CreateTableSql() const;
  std::vector<std::string> AddIndexColumnsSql(size_t i) const;
  std::string CreateIndexSql(size_t i) const;

  // ?1 = pk, ?2 = sk.
  const std::string& get_sql() const { return get_sql_; }
  const std::string& version_sql() const { return version_sql_; }
  const std::string& versioned_get_sql() const { return versioned_get_sql_; }
  const std::string& delete_sql() const { return delete_sql_; }
  // ?1 pk, ?2 sk, ?3 version, ?4 data, then two parameters per index (pk, sk).
  const std::string& upsert_sql() const { return upsert_sql_; }
  // Backfill of index `i`: ?1 index pk, ?2 index sk, ?3 pk, ?4 sk.
  std::string UpdateIndexSql(size_t i) const;

  // Validates and serializes an item: a JSON object whose key attributes are non-empty
  // strings, whose "version" (if any) is an integer, whose index key attributes (if any) are
  // non-empty strings, and which fits kMaxItemBytes. Throws std::invalid_argument.
  EncodedItem Encode(const Json& item) const;
  // Throws std::invalid_argument unless `key` fits this table's key shape.
  void ValidateKey(const Key& key) const;
  // Binds index `i`'s key values of `item` (or NULLs when it is not in the index) to
  // parameters `first` and `first + 1`. Throws std::invalid_argument on a bad attribute.
  void BindIndexValues(Statement& statement, int first, size_t i, const Json& item) const;
  void BindAllIndexValues(Statement& statement, int first, const Json& item) const;

  // The schema as persisted in the catalog.
  static Json SchemaToJson(const TableSchema& schema);
  static TableSchema SchemaFromJson(const Json& json);

 private:
  TableSchema schema_;
  std::string sql_table_;
  std::string get_sql_;
  std::string version_sql_;
  std::string versioned_get_sql_;
  std::string delete_sql_;
  std::string upsert_sql_;
};

}  // namespace ccrm::storage::sqlite
