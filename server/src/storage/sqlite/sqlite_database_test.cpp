#include "storage/sqlite/sqlite_database.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <latch>
#include <thread>

#include "common/scratch_dir.hpp"

namespace ccrm::storage::sqlite {
namespace {

class SqliteDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options_.path = (dir_ / "sub" / "test.db").string();
  }
  void TearDown() override { db_.reset(); }

  std::shared_ptr<SqliteDatabase> Open() {
    db_.reset();
    db_ = SqliteDatabase::Open(options_);
    db_->Write([](SqliteSession& s) {
      s.connection().Exec("CREATE TABLE IF NOT EXISTS t (k TEXT PRIMARY KEY, v INTEGER)");
      return true;
    });
    return db_;
  }

  static SqliteDatabase::WriteJob Insert(std::string key, int value = 0) {
    return [key, value](SqliteSession& s) {
      auto st = s.Prepare("INSERT INTO t(k, v) VALUES(?1, ?2)");
      st->Bind(1, key).Bind(2, int64_t{value}).Run();
      return true;
    };
  }

  bool Has(const std::string& key) {
    auto lease = db_->Read();
    auto st = lease->Prepare("SELECT 1 FROM t WHERE k=?1");
    st->Bind(1, key);
    return st->Step();
  }

  const ccrm::testing::ScratchDir scratch_{"sqlite-db"};  // first: removed after the database
  const std::filesystem::path& dir_ = scratch_.path();
  SqliteOptions options_;
  std::shared_ptr<SqliteDatabase> db_;
};

TEST_F(SqliteDatabaseTest, OpensInWalModeAndCreatesTheDirectory) {
  Open();
  EXPECT_TRUE(std::filesystem::exists(options_.path));
  EXPECT_TRUE(std::filesystem::exists(options_.path + "-wal"));
  auto lease = db_->Read();
  auto st = lease->Prepare("PRAGMA journal_mode");
  ASSERT_TRUE(st->Step());
  EXPECT_EQ(st->Text(0), "wal");
  EXPECT_TRUE(db_->Ping());
}

TEST_F(SqliteDatabaseTest, RefusesInMemoryDatabases) {
  options_.path = ":memory:";
  EXPECT_THROW(SqliteDatabase::Open(options_), StorageError);
}

TEST_F(SqliteDatabaseTest, GroupCommitBatchesQueuedWriters) {
  Open();
  const auto before = db_->writer_stats();
  // Hold the writer inside a job so the next ones queue up behind it, as they do while a
  // commit's fsync runs.
  std::latch started(1);
  std::latch release(1);
  auto blocker = db_->Submit([&](SqliteSession&) {
    started.count_down();
    release.wait();
    return true;
  });
  started.wait();
  constexpr int kWriters = 20;
  std::vector<std::future<void>> futures;
  for (int i = 0; i < kWriters; ++i) futures.push_back(db_->Submit(Insert("k" + std::to_string(i))));
  release.count_down();
  blocker.get();
  for (auto& f : futures) f.get();
  const auto after = db_->writer_stats();
  EXPECT_EQ(after.jobs - before.jobs, static_cast<uint64_t>(kWriters + 1));
  EXPECT_EQ(after.transactions - before.transactions, 2u);
  for (int i = 0; i < kWriters; ++i) EXPECT_TRUE(Has("k" + std::to_string(i)));
}

TEST_F(SqliteDatabaseTest, ConcurrentWritersShareCommits) {
  Open();
  const auto before = db_->writer_stats();
  std::vector<std::thread> threads;
  for (int n = 0; n < 8; ++n) {
    threads.emplace_back([this, n] {
      for (int i = 0; i < 50; ++i) db_->Write(Insert(std::to_string(n) + "-" + std::to_string(i)));
    });
  }
  for (auto& t : threads) t.join();
  const auto after = db_->writer_stats();
  EXPECT_EQ(after.jobs - before.jobs, 400u);
  EXPECT_LT(after.transactions - before.transactions, 400u);
}

TEST_F(SqliteDatabaseTest, AFailingJobRollsBackOnlyItself) {
  Open();
  std::latch started(1);
  std::latch release(1);
  auto blocker = db_->Submit([&](SqliteSession&) {
    started.count_down();
    release.wait();
    return true;
  });
  started.wait();
  auto a = db_->Submit(Insert("a"));
  auto thrower = db_->Submit([](SqliteSession& s) -> bool {
    Insert("b")(s);
    throw std::invalid_argument("bad input");
  });
  auto refuser = db_->Submit([](SqliteSession& s) {
    Insert("c")(s);
    return false;  // e.g. a failed condition half-way
  });
  auto sql_error = db_->Submit(Insert("a"));  // duplicate primary key
  auto d = db_->Submit(Insert("d"));
  release.count_down();
  blocker.get();
  EXPECT_NO_THROW(a.get());
  EXPECT_THROW(thrower.get(), std::invalid_argument);
  EXPECT_NO_THROW(refuser.get());
  EXPECT_THROW(sql_error.get(), StorageError);
  EXPECT_NO_THROW(d.get());
  EXPECT_TRUE(Has("a"));
  EXPECT_FALSE(Has("b"));
  EXPECT_FALSE(Has("c"));
  EXPECT_TRUE(Has("d"));
}

TEST_F(SqliteDatabaseTest, ReadsSeeEveryAcknowledgedWrite) {
  Open();
  // A reader that just read keeps no snapshot: the next read sees the newest commit.
  for (int i = 0; i < 200; ++i) {
    db_->Write(Insert("k" + std::to_string(i), i));
    ASSERT_TRUE(Has("k" + std::to_string(i))) << i;
  }
}

TEST_F(SqliteDatabaseTest, ReaderPoolLendsEachConnectionOnce) {
  options_.readers = 2;
  Open();
  auto first = db_->Read();
  auto second = db_->Read();
  EXPECT_NE(&*first, &*second);
  std::atomic<bool> got{false};
  std::thread waiter([&] {
    auto third = db_->Read();
    got = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(got.load());
  { auto released = std::move(first); }
  waiter.join();
  EXPECT_TRUE(got.load());
}

TEST_F(SqliteDatabaseTest, MigrationsAreIdempotentAndVersioned) {
  Open();
  db_->Migrate();
  db_->Migrate();
  EXPECT_EQ(db_->MigrationVersion("record_store"), 2);
  const Migration v1[] = {{1, "one", "CREATE TABLE m1 (x)"}};
  const Migration v2[] = {{1, "one", "CREATE TABLE m1 (x)"}, {2, "two", "CREATE TABLE m2 (x)"}};
  db_->ApplyMigrations("test", v1);
  db_->ApplyMigrations("test", v1);
  EXPECT_EQ(db_->MigrationVersion("test"), 1);
  Open();  // reopen: the versions are on disk
  db_->ApplyMigrations("test", v2);
  EXPECT_EQ(db_->MigrationVersion("test"), 2);
  // An older binary must not run against a newer schema.
  EXPECT_THROW(db_->ApplyMigrations("test", v1), StorageError);
  // A failing migration leaves no trace.
  const Migration broken[] = {{3, "three", "CREATE TABLE m3 (x); NOT SQL"}};
  EXPECT_THROW(db_->ApplyMigrations("other", broken), StorageError);
  EXPECT_EQ(db_->MigrationVersion("other"), 0);
  auto lease = db_->Read();
  EXPECT_FALSE(lease->Prepare("SELECT 1 FROM sqlite_schema WHERE name='m3'")->Step());
}

TEST_F(SqliteDatabaseTest, CloseFinishesQueuedJobsThenRefusesNewOnes) {
  Open();
  std::vector<std::future<void>> futures;
  for (int i = 0; i < 50; ++i) futures.push_back(db_->Submit(Insert("k" + std::to_string(i))));
  db_->Close();
  for (auto& f : futures) EXPECT_NO_THROW(f.get());
  EXPECT_THROW(db_->Submit(Insert("late")), StorageError);
  EXPECT_FALSE(db_->Ping());
  Open();
  EXPECT_TRUE(Has("k49"));
}

TEST_F(SqliteDatabaseTest, NormalSynchronousAndAWindowStillCommit) {
  options_.synchronous = SqliteOptions::kNormal;
  options_.group_commit_window = std::chrono::milliseconds(2);
  Open();
  std::vector<std::thread> threads;
  for (int n = 0; n < 4; ++n) {
    threads.emplace_back([this, n] { db_->Write(Insert("n" + std::to_string(n))); });
  }
  for (auto& t : threads) t.join();
  for (int n = 0; n < 4; ++n) EXPECT_TRUE(Has("n" + std::to_string(n)));
}

}  // namespace
}  // namespace ccrm::storage::sqlite
