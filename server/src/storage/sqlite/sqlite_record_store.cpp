#include "storage/sqlite/sqlite_record_store.hpp"

#include <set>
#include <shared_mutex>
#include <stdexcept>
#include <tuple>
#include <unordered_map>

#include "storage/sqlite/sqlite_query_plan.hpp"
#include "storage/sqlite/sqlite_table_info.hpp"

namespace ccrm::storage::sqlite {
namespace {

using InfoPtr = std::shared_ptr<const TableInfo>;

constexpr int kBackfillBatch = 512;

struct Current {
  bool exists = false;
  std::optional<int64_t> version;
};

bool Satisfied(const Condition& c, const Current& current) {
  switch (c.kind) {
    case Condition::Kind::kNone: return true;
    case Condition::Kind::kNotExists: return !current.exists;
    case Condition::Kind::kExists: return current.exists;
    case Condition::Kind::kVersionEquals:
      // As DynamoDB's `version = :v`: false when the item or its version is missing.
      return current.exists && current.version && *current.version == c.version;
  }
  return false;
}

Current ReadCurrent(SqliteSession& s, const TableInfo& info, const Key& key) {
  auto st = s.Prepare(info.version_sql());
  st->Bind(1, key.partition).Bind(2, key.sort);
  if (!st->Step()) return {};
  return {true, st->IsNull(0) ? std::nullopt : std::optional<int64_t>(st->Int(0))};
}

void Upsert(SqliteSession& s, const TableInfo& info, const EncodedItem& encoded,
            const Json& item) {
  auto st = s.Prepare(info.upsert_sql());
  st->Bind(1, encoded.key.partition).Bind(2, encoded.key.sort);
  if (encoded.version) {
    st->Bind(3, *encoded.version);
  } else {
    st->BindNull(3);
  }
  st->Bind(4, encoded.data);
  info.BindAllIndexValues(*st, 5, item);
  st->Run();
}

void DeleteRow(SqliteSession& s, const TableInfo& info, const Key& key) {
  auto st = s.Prepare(info.delete_sql());
  st->Bind(1, key.partition).Bind(2, key.sort).Run();
}

Json ParseStored(std::string_view text) {
  Json json = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) throw StorageError("sqlite: a stored item is not valid JSON");
  return json;
}

// Fills index `i`'s columns for the rows that existed before the index was declared.
void Backfill(SqliteSession& s, const TableInfo& info, size_t i) {
  const std::string select = "SELECT pk, sk, data FROM " + info.sql_table() +
                             " WHERE (pk, sk) > (?1, ?2) ORDER BY pk, sk LIMIT " +
                             std::to_string(kBackfillBatch);
  const std::string update = info.UpdateIndexSql(i);
  std::string last_pk;  // ('', '') sorts before every row: pk is never empty
  std::string last_sk;
  for (;;) {
    std::vector<std::tuple<std::string, std::string, std::string>> rows;
    {
      auto st = s.Prepare(select);
      st->Bind(1, last_pk).Bind(2, last_sk);
      while (st->Step()) rows.emplace_back(st->Text(0), st->Text(1), st->Text(2));
    }
    if (rows.empty()) return;
    for (const auto& [pk, sk, data] : rows) {
      auto st = s.Prepare(update);
      try {
        info.BindIndexValues(*st, 1, i, ParseStored(data));
      } catch (const std::invalid_argument&) {
        // An old item whose attribute has the wrong type stays out of the index, as DynamoDB
        // leaves such "index key violations" out of a new GSI.
        st->BindNull(1).BindNull(2);
      }
      st->Bind(3, pk).Bind(4, sk).Run();
    }
    last_pk = std::get<0>(rows.back());
    last_sk = std::get<1>(rows.back());
  }
}

class SqliteRecordStore final : public RecordStore {
 public:
  explicit SqliteRecordStore(std::shared_ptr<SqliteDatabase> db) : db_(std::move(db)) {}

  void EnsureTable(const TableSchema& schema) override;
  std::optional<Json> Get(const std::string& table, const Key& key) override;
  VersionedGet GetUnlessVersion(const std::string& table, const Key& key,
                                int64_t known_version) override;
  std::optional<CommitMark> CurrentCommitMark() override { return db_->CurrentCommitMark(); }
  WriteStatus Put(const std::string& table, const Json& item,
                  const Condition& condition) override;
  WriteStatus Delete(const std::string& table, const Key& key,
                     const Condition& condition) override;
  QueryResult Query(const QueryRequest& request) override;
  int64_t Count(const QueryRequest& request) override;
  TransactResult TransactWrite(const std::vector<WriteAction>& actions) override;
  int MaxTransactItems() const override { return kSqliteMaxTransactItems; }
  bool Ping() noexcept override { return db_->Ping(); }

  // One SQLite transaction holds the write lock while it runs: bulk writers may take this many
  // actions at a time (an import batch of ~150 leads commits in tens of milliseconds), not more,
  // so interactive writes never wait long behind them.
  static constexpr int kSqliteMaxTransactItems = 1000;

 private:
  // The schema of `table` for a caller: from the cache, else from the catalog through a reader.
  InfoPtr Info(const std::string& table);
  // The same on the writer thread, inside a job: what the writer sees is authoritative, since
  // EnsureTable's changes are made (and cached) by the writer too.
  InfoPtr WriterInfo(SqliteSession& s, const std::string& table);
  static InfoPtr LoadInfo(SqliteSession& s, const std::string& table);
  InfoPtr Cache(const std::string& table, InfoPtr info, bool replace);

  std::shared_ptr<SqliteDatabase> db_;
  std::shared_mutex catalog_mutex_;
  std::unordered_map<std::string, InfoPtr> catalog_;
};

InfoPtr SqliteRecordStore::LoadInfo(SqliteSession& s, const std::string& table) {
  auto st = s.Prepare("SELECT schema FROM ccrm_tables WHERE name=?1");
  st->Bind(1, table);
  if (!st->Step()) return nullptr;
  try {
    return std::make_shared<const TableInfo>(TableInfo::SchemaFromJson(ParseStored(st->Text(0))));
  } catch (const std::exception& e) {
    throw StorageError("sqlite: corrupt catalog entry for '" + table + "': " + e.what());
  }
}

InfoPtr SqliteRecordStore::Cache(const std::string& table, InfoPtr info, bool replace) {
  std::unique_lock lock(catalog_mutex_);
  if (replace) {
    catalog_[table] = info;
    return info;
  }
  // A concurrent EnsureTable may have cached a newer schema meanwhile: keep that one.
  return catalog_.emplace(table, std::move(info)).first->second;
}

InfoPtr SqliteRecordStore::Info(const std::string& table) {
  {
    std::shared_lock lock(catalog_mutex_);
    if (auto it = catalog_.find(table); it != catalog_.end()) return it->second;
  }
  InfoPtr loaded;
  {
    auto lease = db_->Read();
    loaded = LoadInfo(*lease, table);
  }
  if (!loaded) throw std::invalid_argument("unknown table '" + table + "'");
  return Cache(table, std::move(loaded), /*replace=*/false);
}

InfoPtr SqliteRecordStore::WriterInfo(SqliteSession& s, const std::string& table) {
  {
    std::shared_lock lock(catalog_mutex_);
    if (auto it = catalog_.find(table); it != catalog_.end()) return it->second;
  }
  auto loaded = LoadInfo(s, table);
  if (!loaded) throw std::invalid_argument("unknown table '" + table + "'");
  return Cache(table, std::move(loaded), /*replace=*/false);
}

void SqliteRecordStore::EnsureTable(const TableSchema& schema) {
  const TableInfo requested(schema);  // validates names before touching the database
  try {
    db_->Write([&](SqliteSession& s) {
      Connection& c = s.connection();
      const InfoPtr stored = LoadInfo(s, schema.name);
      InfoPtr result;
      if (!stored) {
        result = std::make_shared<const TableInfo>(schema);
        c.Exec(result->CreateTableSql());
        for (size_t i = 0; i < schema.indexes.size(); ++i) c.Exec(result->CreateIndexSql(i));
      } else {
        const auto& old = stored->schema();
        if (old.partition_key != schema.partition_key || old.sort_key != schema.sort_key) {
          throw std::invalid_argument("table '" + schema.name + "' exists with other keys");
        }
        TableSchema merged = old;
        std::vector<size_t> added;
        for (const auto& index : schema.indexes) {
          const int at = stored->FindIndex(index.name);
          if (at < 0) {
            added.push_back(merged.indexes.size());
            merged.indexes.push_back(index);
            continue;
          }
          const auto& have = old.indexes[static_cast<size_t>(at)];
          if (have.partition_key != index.partition_key || have.sort_key != index.sort_key) {
            throw std::invalid_argument("index '" + index.name + "' exists with other keys");
          }
        }
        // Indexes no longer declared are kept: dropping data is never implicit.
        result = added.empty() ? stored : std::make_shared<const TableInfo>(merged);
        for (size_t i : added) {
          for (const auto& sql : result->AddIndexColumnsSql(i)) c.Exec(sql);
          Backfill(s, *result, i);
          c.Exec(result->CreateIndexSql(i));
        }
        if (added.empty()) {
          Cache(schema.name, result, /*replace=*/true);
          return true;
        }
      }
      auto st = s.Prepare(
          "INSERT INTO ccrm_tables(name, schema) VALUES(?1, ?2) "
          "ON CONFLICT(name) DO UPDATE SET schema=excluded.schema");
      st->Bind(1, schema.name).Bind(2, TableInfo::SchemaToJson(result->schema()).dump()).Run();
      // Cached before COMMIT so later jobs of the same batch already write the new columns.
      Cache(schema.name, result, /*replace=*/true);
      return true;
    });
  } catch (...) {
    // The cache may now describe columns that were rolled back: reload from the catalog.
    std::unique_lock lock(catalog_mutex_);
    catalog_.erase(schema.name);
    throw;
  }
}

std::optional<Json> SqliteRecordStore::Get(const std::string& table, const Key& key) {
  const InfoPtr info = Info(table);
  info->ValidateKey(key);
  auto lease = db_->Read();
  auto st = lease->Prepare(info->get_sql());
  st->Bind(1, key.partition).Bind(2, key.sort);
  if (!st->Step()) return std::nullopt;
  return ParseStored(st->Text(0));
}

// The version column is read first; the data column (the parse is most of a point read's
// cost) only when the version differs.
VersionedGet SqliteRecordStore::GetUnlessVersion(const std::string& table, const Key& key,
                                                 int64_t known_version) {
  const InfoPtr info = Info(table);
  info->ValidateKey(key);
  auto lease = db_->Read();
  auto st = lease->Prepare(info->versioned_get_sql());
  st->Bind(1, key.partition).Bind(2, key.sort);
  VersionedGet result;
  if (!st->Step()) return result;
  if (!st->IsNull(0) && st->Int(0) == known_version) {
    result.status = VersionedGet::Status::kUnchanged;
    return result;
  }
  result.status = VersionedGet::Status::kChanged;
  result.item = ParseStored(st->Text(1));
  return result;
}

WriteStatus SqliteRecordStore::Put(const std::string& table, const Json& item,
                                   const Condition& condition) {
  const InfoPtr info = Info(table);
  // Serialization and validation happen on the caller's thread; the writer thread, which
  // every write funnels through, only runs SQL.
  const EncodedItem encoded = info->Encode(item);
  WriteStatus status = WriteStatus::kOk;
  db_->Write([&](SqliteSession& s) {
    status = WriteStatus::kOk;
    const InfoPtr current = WriterInfo(s, table);
    if (!Satisfied(condition, condition.kind == Condition::Kind::kNone
                                  ? Current{}
                                  : ReadCurrent(s, *current, encoded.key))) {
      status = WriteStatus::kConditionFailed;
      return true;
    }
    Upsert(s, *current, encoded, item);
    return true;
  });
  return status;
}

WriteStatus SqliteRecordStore::Delete(const std::string& table, const Key& key,
                                      const Condition& condition) {
  const InfoPtr info = Info(table);
  info->ValidateKey(key);
  WriteStatus status = WriteStatus::kOk;
  db_->Write([&](SqliteSession& s) {
    status = WriteStatus::kOk;
    const InfoPtr current = WriterInfo(s, table);
    if (condition.kind != Condition::Kind::kNone &&
        !Satisfied(condition, ReadCurrent(s, *current, key))) {
      status = WriteStatus::kConditionFailed;
      return true;
    }
    DeleteRow(s, *current, key);
    return true;
  });
  return status;
}

QueryResult SqliteRecordStore::Query(const QueryRequest& request) {
  const InfoPtr info = Info(request.table);
  const QueryPlan plan = PlanQuery(*info, request);
  const auto limit = static_cast<size_t>(request.limit);
  QueryResult result;
  result.items.reserve(std::min<size_t>(limit, 64));
  std::vector<std::string> last_keys;
  bool more = false;
  {
    auto lease = db_->Read();
    auto st = lease->Prepare(plan.sql);
    for (size_t i = 0; i < plan.params.size(); ++i) {
      st->Bind(static_cast<int>(i) + 1, plan.params[i]);
    }
    // One row beyond the page tells whether another page exists, so the last page carries no
    // cursor and callers need no extra empty round trip.
    st->Bind(plan.limit_param, static_cast<int64_t>(limit) + 1);
    while (st->Step()) {
      if (result.items.size() == limit) {
        more = true;
        break;
      }
      result.items.push_back(ParseStored(st->Text(0)));
      if (result.items.size() == limit) {
        for (size_t c = 1; c <= plan.key_columns; ++c) {
          last_keys.emplace_back(st->Text(static_cast<int>(c)));
        }
      }
    }
  }
  if (more) result.next_cursor = EncodeCursor(request.partition, last_keys);
  return result;
}

int64_t SqliteRecordStore::Count(const QueryRequest& request) {
  QueryRequest whole = request;
  whole.limit = 1;  // ignored: only the plan's conditions are used
  whole.cursor.clear();
  const QueryPlan plan = PlanQuery(*Info(request.table), whole);
  // The partition and sort-key conditions are those of an index (or the primary key), so
  // SQLite counts index entries and never reads a row's data.
  auto lease = db_->Read();
  auto st = lease->Prepare("SELECT COUNT(*) FROM " + plan.table + " WHERE " + plan.where);
  for (size_t i = 0; i < plan.params.size(); ++i) {
    st->Bind(static_cast<int>(i) + 1, plan.params[i]);
  }
  st->Step();
  return st->Int(0);
}

TransactResult SqliteRecordStore::TransactWrite(const std::vector<WriteAction>& actions) {
  if (actions.empty() || actions.size() > static_cast<size_t>(kSqliteMaxTransactItems)) {
    throw std::invalid_argument("a transaction takes 1 to " +
                                std::to_string(kSqliteMaxTransactItems) + " actions");
  }
  struct Prepared {
    Key key;
    std::optional<EncodedItem> encoded;
  };
  std::vector<Prepared> prepared;
  prepared.reserve(actions.size());
  std::set<std::tuple<std::string_view, std::string_view, std::string_view>> seen;
  for (const auto& action : actions) {
    const InfoPtr info = Info(action.table);
    Prepared p;
    if (action.kind == WriteAction::Kind::kPut) {
      p.encoded = info->Encode(action.item);
      p.key = p.encoded->key;
    } else {
      info->ValidateKey(action.key);
      p.key = action.key;
      if (action.kind == WriteAction::Kind::kCheck &&
          action.condition.kind == Condition::Kind::kNone) {
        throw std::invalid_argument("a Check action needs a condition");
      }
    }
    prepared.push_back(std::move(p));
  }
  for (size_t i = 0; i < actions.size(); ++i) {
    if (!seen.emplace(actions[i].table, prepared[i].key.partition, prepared[i].key.sort).second) {
      throw std::invalid_argument("two actions of a transaction address the same item");
    }
  }

  TransactResult result;
  db_->Write([&](SqliteSession& s) {
    result = {};
    for (size_t i = 0; i < actions.size(); ++i) {
      const auto& action = actions[i];
      const InfoPtr current = WriterInfo(s, action.table);
      if (action.condition.kind != Condition::Kind::kNone &&
          !Satisfied(action.condition, ReadCurrent(s, *current, prepared[i].key))) {
        result.failed_action = static_cast<int>(i);
        return false;  // rolls back this transaction's earlier actions, and only them
      }
      switch (action.kind) {
        case WriteAction::Kind::kPut: Upsert(s, *current, *prepared[i].encoded, action.item); break;
        case WriteAction::Kind::kDelete: DeleteRow(s, *current, prepared[i].key); break;
        case WriteAction::Kind::kCheck: break;
      }
    }
    result.committed = true;
    return true;
  });
  return result;
}

}  // namespace

RecordStorePtr MakeSqliteRecordStore(std::shared_ptr<SqliteDatabase> db) {
  if (!db) throw std::invalid_argument("MakeSqliteRecordStore: no database");
  db->Migrate();
  return std::make_shared<SqliteRecordStore>(std::move(db));
}

}  // namespace ccrm::storage::sqlite
