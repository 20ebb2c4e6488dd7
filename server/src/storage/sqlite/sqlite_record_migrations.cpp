#include "storage/sqlite/sqlite_record_migrations.hpp"

#include <string>
#include <vector>

namespace ccrm::storage::sqlite {
namespace {

std::string Quoted(std::string_view name) {
  // Table and column names come from the validated name alphabet (no quote character).
  return "\"" + std::string(name) + "\"";
}

std::vector<std::string> Column(Connection& c, std::string_view sql, std::string_view param) {
  auto st = c.Prepare(sql);
  if (!param.empty()) st.Bind(1, param);
  std::vector<std::string> out;
  while (st.Step()) out.emplace_back(st.Text(0));
  return out;
}

// Statements of a few thousand rows: inside the migration's savepoint a statement may keep a
// journal of the pages it changes, in memory (temp_store=MEMORY), so no single statement of the
// copy is allowed to grow with the table. (The DROP is the one that did: see secure_delete.)
void CopyInKeyOrder(Connection& c, const std::string& from, const std::string& to) {
  auto first = c.Prepare("INSERT INTO " + to + " SELECT * FROM " + from +
                         " ORDER BY pk, sk LIMIT 5000");
  auto next = c.Prepare("INSERT INTO " + to + " SELECT * FROM " + from +
                        " WHERE (pk, sk) > (?1, ?2) ORDER BY pk, sk LIMIT 5000");
  auto last = c.Prepare("SELECT pk, sk FROM " + to + " ORDER BY pk DESC, sk DESC LIMIT 1");
  first.Run();
  while (c.Changes() > 0) {
    if (!last.Step()) return;
    const std::string pk(last.Text(0));
    const std::string sk(last.Text(1));
    last.Reset();
    next.Reset();
    next.Bind(1, pk).Bind(2, sk).Run();
  }
}

constexpr Migration kRecordStoreMigrations[] = {
    // One row per logical table, its declared schema as JSON, so EnsureTable can tell what
    // already exists and which indexes are new.
    {1, "record store catalog",
     "CREATE TABLE ccrm_tables ("
     "  name TEXT PRIMARY KEY,"
     "  schema TEXT NOT NULL,"
     "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))"
     ") WITHOUT ROWID;"},
    {2, "record tables with rowids", "", &RebuildRecordTablesWithRowids},
};

}  // namespace

std::span<const Migration> RecordStoreMigrations() { return kRecordStoreMigrations; }

void RebuildRecordTablesWithRowids(Connection& c) {
  const auto tables = Column(c,
                             "SELECT name FROM sqlite_schema WHERE type='table' AND "
                             "name LIKE 'rt\\_%' ESCAPE '\\' AND sql LIKE '%WITHOUT ROWID%'",
                             "");
  if (tables.empty()) return;
  // Without it, each DROP below held a copy of its table in memory: gigabytes at a million
  // leads. The old pages are reused by the tables written next.
  const FastSecureDelete fast_drops(c);
  for (const std::string& table : tables) {
    const std::string old_table = Quoted(table);
    const std::string new_table = Quoted(table + "__rowid");
    const auto indexes = Column(
        c, "SELECT sql FROM sqlite_schema WHERE type='index' AND tbl_name=?1 AND sql NOT NULL",
        table);
    std::string columns;
    {
      auto st = c.Prepare("SELECT name, type, \"notnull\" FROM pragma_table_info(?1) ORDER BY cid");
      st.Bind(1, table);
      while (st.Step()) {
        if (!columns.empty()) columns += ", ";
        columns += Quoted(st.Text(0)) + " " + std::string(st.Text(1));
        if (st.Int(2) != 0) columns += " NOT NULL";
      }
    }
    c.Exec("CREATE TABLE " + new_table + " (" + columns + ", PRIMARY KEY (pk, sk))");
    CopyInKeyOrder(c, old_table, new_table);
    c.Exec("DROP TABLE " + old_table);  // and its indexes
    c.Exec("ALTER TABLE " + new_table + " RENAME TO " + old_table);
    for (const std::string& sql : indexes) c.Exec(sql);
  }
}

}  // namespace ccrm::storage::sqlite
