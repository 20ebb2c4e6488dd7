#include "storage/sqlite/sqlite_table_info.hpp"

#include <set>
#include <stdexcept>

namespace ccrm::storage::sqlite {
namespace {

constexpr std::string_view kVersionAttribute = "version";

void Require(bool ok, const std::string& message) {
  if (!ok) throw std::invalid_argument(message);
}

// A key attribute of the table: present, a string, not empty (DynamoDB rejects the rest).
const std::string& KeyAttribute(const Json& item, const std::string& attribute) {
  const auto it = item.find(attribute);
  Require(it != item.end(), "item lacks key attribute '" + attribute + "'");
  Require(it->is_string(), "key attribute '" + attribute + "' must be a string");
  const auto& value = it->get_ref<const std::string&>();
  Require(!value.empty(), "key attribute '" + attribute + "' must not be empty");
  return value;
}

// An index key attribute: absent (or null) keeps the item out of the index; otherwise it must
// be a non-empty string, as DynamoDB rejects other values for a GSI key.
const std::string* IndexAttribute(const Json& item, const std::string& attribute) {
  const auto it = item.find(attribute);
  if (it == item.end() || it->is_null()) return nullptr;
  Require(it->is_string(), "index key attribute '" + attribute + "' must be a string");
  const auto& value = it->get_ref<const std::string&>();
  Require(!value.empty(), "index key attribute '" + attribute + "' must not be empty");
  return &value;
}

}  // namespace

bool IsValidName(std::string_view name) {
  if (name.size() < 3 || name.size() > 255) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

TableInfo::TableInfo(TableSchema schema) : schema_(std::move(schema)) {
  Require(IsValidName(schema_.name), "invalid table name '" + schema_.name + "'");
  Require(!schema_.partition_key.empty(), "table '" + schema_.name + "' needs a partition key");
  Require(schema_.sort_key != schema_.partition_key,
          "partition and sort key must be different attributes");
  std::set<std::string> names;
  for (const auto& index : schema_.indexes) {
    Require(IsValidName(index.name), "invalid index name '" + index.name + "'");
    Require(names.insert(index.name).second, "duplicate index '" + index.name + "'");
    Require(!index.partition_key.empty(), "index '" + index.name + "' needs a partition key");
    Require(index.sort_key != index.partition_key,
            "index '" + index.name + "': partition and sort key must differ");
  }
  // The prefix keeps logical names out of SQLite's and our own namespaces (sqlite_*, ccrm_*);
  // the validated alphabet has no quote, so quoting cannot be escaped.
  sql_table_ = "\"rt_" + schema_.name + "\"";
  get_sql_ = "SELECT data FROM " + sql_table_ + " WHERE pk=?1 AND sk=?2";
  version_sql_ = "SELECT version FROM " + sql_table_ + " WHERE pk=?1 AND sk=?2";
  versioned_get_sql_ = "SELECT version, data FROM " + sql_table_ + " WHERE pk=?1 AND sk=?2";
  delete_sql_ = "DELETE FROM " + sql_table_ + " WHERE pk=?1 AND sk=?2";
  std::string columns = "pk, sk, version, data";
  std::string values = "?1, ?2, ?3, ?4";
  std::string updates = "version=excluded.version, data=excluded.data";
  int param = 5;
  for (size_t i = 0; i < schema_.indexes.size(); ++i) {
    const std::string pk = IndexPkColumn(i);
    columns += ", " + pk;
    values += ", ?" + std::to_string(param);
    updates += ", " + pk + "=excluded." + pk;
    if (!schema_.indexes[i].sort_key.empty()) {
      const std::string sk = IndexSkColumn(i);
      columns += ", " + sk;
      values += ", ?" + std::to_string(param + 1);
      updates += ", " + sk + "=excluded." + sk;
    }
    param += 2;
  }
  upsert_sql_ = "INSERT INTO " + sql_table_ + "(" + columns + ") VALUES(" + values +
                ") ON CONFLICT(pk, sk) DO UPDATE SET " + updates;
}

int TableInfo::FindIndex(std::string_view name) const {
  for (size_t i = 0; i < schema_.indexes.size(); ++i) {
    if (schema_.indexes[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

std::string TableInfo::IndexPkColumn(size_t i) const {
  return "\"ix_" + schema_.indexes.at(i).name + "_pk\"";
}

std::string TableInfo::IndexSkColumn(size_t i) const {
  return "\"ix_" + schema_.indexes.at(i).name + "_sk\"";
}

std::string TableInfo::CreateTableSql() const {
  // sk is '' for tables without a sort key, so (pk, sk) is always the primary key. A rowid
  // table, not WITHOUT ROWID: items are ~1 KiB, and a WITHOUT ROWID b-tree carries whole rows
  // in its interior pages (a handful per page, a tree ten levels deep at a million leads, cells
  // copied out to be compared); here the key lives in its own narrow index and the rows in an
  // integer-keyed tree. Migration 2 (sqlite_record_migrations) converts older files.
  std::string sql = "CREATE TABLE " + sql_table_ +
                    " (pk TEXT NOT NULL, sk TEXT NOT NULL, version INTEGER, data TEXT NOT NULL";
  for (size_t i = 0; i < schema_.indexes.size(); ++i) {
    sql += ", " + IndexPkColumn(i) + " TEXT";
    if (!schema_.indexes[i].sort_key.empty()) sql += ", " + IndexSkColumn(i) + " TEXT";
  }
  return sql + ", PRIMARY KEY (pk, sk))";
}

std::vector<std::string> TableInfo::AddIndexColumnsSql(size_t i) const {
  std::vector<std::string> out{"ALTER TABLE " + sql_table_ + " ADD COLUMN " + IndexPkColumn(i) +
                               " TEXT"};
  if (!schema_.indexes.at(i).sort_key.empty()) {
    out.push_back("ALTER TABLE " + sql_table_ + " ADD COLUMN " + IndexSkColumn(i) + " TEXT");
  }
  return out;
}

std::string TableInfo::CreateIndexSql(size_t i) const {
  // ':' is outside the name alphabet, so "ix:<table>:<index>" cannot collide. Partial on the
  // index partition column: items without it take no space, like a sparse GSI. The primary
  // key columns at the end order ties on the index sort key, which keyset cursors rely on.
  const auto& index = schema_.indexes.at(i);
  const std::string pk = IndexPkColumn(i);
  std::string columns = pk;
  if (!index.sort_key.empty()) columns += ", " + IndexSkColumn(i);
  return "CREATE INDEX IF NOT EXISTS \"ix:" + schema_.name + ":" + index.name + "\" ON " +
         sql_table_ + "(" + columns + ", pk, sk) WHERE " + pk + " IS NOT NULL";
}

std::string TableInfo::UpdateIndexSql(size_t i) const {
  std::string sql = "UPDATE " + sql_table_ + " SET " + IndexPkColumn(i) + "=?1";
  if (!schema_.indexes.at(i).sort_key.empty()) sql += ", " + IndexSkColumn(i) + "=?2";
  return sql + " WHERE pk=?3 AND sk=?4";
}

EncodedItem TableInfo::Encode(const Json& item) const {
  Require(item.is_object(), "an item must be a JSON object");
  EncodedItem out;
  out.key.partition = KeyAttribute(item, schema_.partition_key);
  if (has_sort_key()) out.key.sort = KeyAttribute(item, schema_.sort_key);
  if (const auto it = item.find(kVersionAttribute); it != item.end()) {
    Require(it->is_number_integer(), "attribute 'version' must be an integer");
    if (it->is_number_unsigned()) {
      Require(it->get<uint64_t>() <= static_cast<uint64_t>(INT64_MAX), "'version' is too large");
    }
    out.version = it->get<int64_t>();
  }
  for (const auto& index : schema_.indexes) {
    IndexAttribute(item, index.partition_key);
    if (!index.sort_key.empty()) IndexAttribute(item, index.sort_key);
  }
  try {
    out.data = item.dump();
  } catch (const Json::type_error& e) {
    // nlohmann refuses to serialize strings that are not valid UTF-8.
    throw std::invalid_argument(std::string("item is not valid UTF-8 JSON: ") + e.what());
  }
  Require(out.data.size() <= RecordStore::kMaxItemBytes,
          "item of " + std::to_string(out.data.size()) + " bytes exceeds the limit of " +
              std::to_string(RecordStore::kMaxItemBytes));
  return out;
}

void TableInfo::ValidateKey(const Key& key) const {
  Require(!key.partition.empty(), "the partition key must not be empty");
  if (has_sort_key()) {
    Require(!key.sort.empty(), "table '" + schema_.name + "' needs a non-empty sort key");
  } else {
    Require(key.sort.empty(), "table '" + schema_.name + "' has no sort key");
  }
}

void TableInfo::BindIndexValues(Statement& statement, int first, size_t i,
                                const Json& item) const {
  const auto& index = schema_.indexes.at(i);
  const std::string* pk = IndexAttribute(item, index.partition_key);
  const std::string* sk = index.sort_key.empty() ? nullptr : IndexAttribute(item, index.sort_key);
  // In the index only with every index key attribute, as in DynamoDB.
  const bool in_index = pk != nullptr && (index.sort_key.empty() || sk != nullptr);
  if (in_index) {
    statement.Bind(first, std::string_view(*pk));
  } else {
    statement.BindNull(first);
  }
  if (index.sort_key.empty()) return;  // the SQL has no parameter for it
  if (in_index) {
    statement.Bind(first + 1, std::string_view(*sk));
  } else {
    statement.BindNull(first + 1);
  }
}

void TableInfo::BindAllIndexValues(Statement& statement, int first, const Json& item) const {
  for (size_t i = 0; i < schema_.indexes.size(); ++i) {
    BindIndexValues(statement, first + 2 * static_cast<int>(i), i, item);
  }
}

Json TableInfo::SchemaToJson(const TableSchema& schema) {
  Json indexes = Json::array();
  for (const auto& index : schema.indexes) {
    indexes.push_back({{"name", index.name},
                       {"partitionKey", index.partition_key},
                       {"sortKey", index.sort_key}});
  }
  return {{"name", schema.name},
          {"partitionKey", schema.partition_key},
          {"sortKey", schema.sort_key},
          {"indexes", indexes}};
}

TableSchema TableInfo::SchemaFromJson(const Json& json) {
  TableSchema schema;
  schema.name = json.at("name").get<std::string>();
  schema.partition_key = json.at("partitionKey").get<std::string>();
  schema.sort_key = json.at("sortKey").get<std::string>();
  for (const auto& index : json.at("indexes")) {
    schema.indexes.push_back({index.at("name").get<std::string>(),
                              index.at("partitionKey").get<std::string>(),
                              index.at("sortKey").get<std::string>()});
  }
  return schema;
}

}  // namespace ccrm::storage::sqlite
