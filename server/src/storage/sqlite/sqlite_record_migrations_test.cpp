// Migration 2 on a file written by an earlier binary: record tables created WITHOUT ROWID are
// rebuilt as rowid tables, keeping every row, index and the store's behaviour.
#include "storage/sqlite/sqlite_record_migrations.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "common/scratch_dir.hpp"
#include "storage/sqlite/sqlite_record_store.hpp"

namespace ccrm::storage::sqlite {
namespace {

class SqliteRecordMigrationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options_.path = (dir_ / "records.db").string();
  }
  void TearDown() override {
    store_.reset();
    db_.reset();
  }
  void Open() {
    store_.reset();
    db_.reset();
    db_ = SqliteDatabase::Open(options_);
    store_ = MakeSqliteRecordStore(db_);
  }
  std::string TableSql(const std::string& table) {
    auto lease = db_->Read();
    auto st = lease->Prepare("SELECT sql FROM sqlite_schema WHERE type='table' AND name=?1");
    st->Bind(1, table);
    return st->Step() ? std::string(st->Text(0)) : "";
  }
  int Count(const std::string& sql) {
    auto lease = db_->Read();
    auto st = lease->Prepare(sql);
    return st->Step() ? static_cast<int>(st->Int(0)) : -1;
  }

  const ccrm::testing::ScratchDir scratch_{"sqlite-migrations"};  // first: removed last
  const std::filesystem::path& dir_ = scratch_.path();
  SqliteOptions options_;
  std::shared_ptr<SqliteDatabase> db_;
  RecordStorePtr store_;
};

TEST_F(SqliteRecordMigrationsTest, RebuildsOldWithoutRowidTablesKeepingRowsAndIndexes) {
  Open();
  store_->EnsureTable({"things", "id", "", {{"byOwner", "owner", "at"}}});
  for (const char* id : {"c", "a", "b"}) {
    store_->Put("things", {{"id", id}, {"owner", "ann"}, {"at", std::string("t-") + id},
                           {"version", 1}});
  }
  store_->Put("things", {{"id", "d"}, {"version", 4}});  // not in the sparse index
  ASSERT_EQ(TableSql("rt_things").find("WITHOUT ROWID"), std::string::npos);

  // Make the file what an earlier binary left: the same table WITHOUT ROWID, at version 1.
  db_->Write([](SqliteSession& s) {
    Connection& c = s.connection();
    c.Exec("CREATE TABLE old (pk TEXT NOT NULL, sk TEXT NOT NULL, version INTEGER, "
           "data TEXT NOT NULL, \"ix_byOwner_pk\" TEXT, \"ix_byOwner_sk\" TEXT, "
           "PRIMARY KEY (pk, sk)) WITHOUT ROWID");
    c.Exec("INSERT INTO old SELECT * FROM rt_things");
    c.Exec("DROP TABLE rt_things");
    c.Exec("ALTER TABLE old RENAME TO rt_things");
    c.Exec("CREATE INDEX \"ix:things:byOwner\" ON \"rt_things\"(\"ix_byOwner_pk\", "
           "\"ix_byOwner_sk\", pk, sk) WHERE \"ix_byOwner_pk\" IS NOT NULL");
    c.Exec("DELETE FROM schema_migrations WHERE component='record_store' AND version=2");
    return true;
  });
  ASSERT_NE(TableSql("rt_things").find("WITHOUT ROWID"), std::string::npos);

  Open();  // migrates
  EXPECT_EQ(db_->MigrationVersion("record_store"), 2);
  EXPECT_EQ(TableSql("rt_things").find("WITHOUT ROWID"), std::string::npos);
  EXPECT_EQ(TableSql("rt_things__rowid"), "");
  EXPECT_EQ(Count("SELECT count(*) FROM rt_things"), 4);
  EXPECT_EQ(Count("SELECT count(*) FROM sqlite_schema WHERE name='ix:things:byOwner'"), 1);

  EXPECT_EQ(store_->Get("things", {"d", ""}), (Json{{"id", "d"}, {"version", 4}}));
  const auto page = store_->Query({.table = "things", .index = "byOwner", .partition = "ann"});
  ASSERT_EQ(page.items.size(), 3u);
  EXPECT_EQ(page.items[0]["id"], "a");
  EXPECT_EQ(page.items[2]["id"], "c");
  // The key is still unique and conditions still see versions.
  EXPECT_EQ(store_->Put("things", {{"id", "d"}, {"version", 5}}, Condition::VersionEquals(3)),
            WriteStatus::kConditionFailed);
  EXPECT_EQ(store_->Put("things", {{"id", "d"}, {"version", 5}}, Condition::VersionEquals(4)),
            WriteStatus::kOk);
  EXPECT_EQ(Count("SELECT count(*) FROM rt_things"), 4);
  EXPECT_EQ(store_->GetUnlessVersion("things", {"d", ""}, 5).status,
            VersionedGet::Status::kUnchanged);
}

TEST_F(SqliteRecordMigrationsTest, NewTablesAreRowidTablesAndTheMigrationLeavesThemBe) {
  Open();
  store_->EnsureTable({"things", "id", "", {}});
  store_->Put("things", {{"id", "a"}});
  const std::string before = TableSql("rt_things");
  db_->Write([](SqliteSession& s) {
    RebuildRecordTablesWithRowids(s.connection());
    return true;
  });
  EXPECT_EQ(TableSql("rt_things"), before);
  EXPECT_EQ(Count("SELECT count(*) FROM rt_things"), 1);
}

}  // namespace
}  // namespace ccrm::storage::sqlite
