// The commit watch over a real WAL database: the mark stays while nothing is committed and
// moves with every commit, whoever commits it (this connection, another one, another process)
// and across a WAL restart after a checkpoint.
#include "storage/sqlite/sqlite_commit_watch.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <vector>

#include "common/scratch_dir.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace ccrm::storage::sqlite {
namespace {

class WalCommitWatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SqliteOptions options;
    options.path = path_;
    db_ = SqliteDatabase::Open(options);
    Commit("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)");
  }
  void TearDown() override { db_.reset(); }

  void Commit(const std::string& sql) {
    db_->Write([sql](SqliteSession& s) {
      s.connection().Exec(sql);
      return true;
    });
  }
  CommitMark Mark() {
    const std::optional<CommitMark> mark = db_->CurrentCommitMark();
    EXPECT_TRUE(mark.has_value());
    return mark.value_or(CommitMark{});
  }

  const ccrm::testing::ScratchDir scratch_{"commit-watch"};
  const std::string path_ = (scratch_.path() / "w.db").string();
  std::shared_ptr<SqliteDatabase> db_;
};

TEST_F(WalCommitWatchTest, StaysWhileOnlyReadsHappen) {
  const CommitMark before = Mark();
  for (int i = 0; i < 3; ++i) {
    auto lease = db_->Read();
    auto st = lease->Prepare("SELECT count(*) FROM t");
    ASSERT_TRUE(st->Step());
  }
  EXPECT_EQ(Mark(), before);
  EXPECT_EQ(Mark(), before);
}

TEST_F(WalCommitWatchTest, MovesWithEveryCommitOfAnyConnection) {
  std::vector<CommitMark> seen{Mark()};
  const auto expect_new = [&](const char* what) {
    const CommitMark now = Mark();
    for (const CommitMark& earlier : seen) EXPECT_NE(now, earlier) << what;
    seen.push_back(now);
  };
  Commit("INSERT INTO t(v) VALUES ('a')");
  expect_new("a commit of the writer");
  Commit("UPDATE t SET v = 'b'");
  expect_new("a second commit");
  {
    Connection other(path_, SQLITE_OPEN_READWRITE);
    other.Exec("INSERT INTO t(v) VALUES ('c')");
  }
  expect_new("a commit of another connection");
  // Another process: its own SQLite, its own mapping of the -shm file.
  const std::string command =
      "python3 -c \"import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); "
      "c.execute('INSERT INTO t(v) VALUES (1)'); c.commit()\" '" +
      path_ + "'";
  ASSERT_EQ(std::system(command.c_str()), 0);
  expect_new("a commit of another process");
  // A checkpoint that empties the WAL, then a write that starts it again from frame 0.
  {
    Connection other(path_, SQLITE_OPEN_READWRITE);
    other.Exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }
  const CommitMark checkpointed = Mark();
  Commit("INSERT INTO t(v) VALUES ('d')");
  expect_new("the first commit after the WAL restarted");
  EXPECT_NE(Mark(), checkpointed);
}

TEST_F(WalCommitWatchTest, AFileNotInWalModeHasNothingToWatch) {
  const std::string plain = (scratch_.path() / "plain.db").string();
  {
    Connection c(plain, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    c.Exec("CREATE TABLE t (k INTEGER)");
  }
  EXPECT_EQ(WalCommitWatch::Open(plain), nullptr);
}

}  // namespace
}  // namespace ccrm::storage::sqlite
