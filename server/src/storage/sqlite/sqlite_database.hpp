// SqliteDatabase: one SQLite file in WAL mode, a group-committing writer thread and a reader pool.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "storage/sqlite/sqlite_commit_watch.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace ccrm::storage::sqlite {

struct SqliteOptions {
  std::string path;  // the database file; its directory is created if missing
  // Durability of an acknowledged write. In WAL mode:
  //  - kFull fsyncs the WAL at every commit: an acknowledged write survives kill -9 AND power
  //    loss. It costs one fsync per group commit, which group commit amortises across writers.
  //  - kNormal fsyncs only at checkpoints: it survives kill -9 (the WAL is in the OS page cache),
  //    but a power loss may drop the last acknowledged commits. The database is never corrupted
  //    either way. Fine for bulk loads or disposable data; not the default for a CRM.
  enum Synchronous { kFull, kNormal } synchronous = kFull;
  int readers = 4;  // read-only connections lent out per call
  // How long the writer lingers after the first queued job to gather more into the same
  // commit. 0 = no lingering: jobs that queue up while a commit's fsync runs still share the
  // next commit, which is where nearly all the batching comes from.
  std::chrono::milliseconds group_commit_window{0};
  size_t max_batch_jobs = 1000;           // bounds one transaction's size and latency
  std::chrono::milliseconds busy_timeout{5000};  // another process (ccrm migrate) holding the lock
  int64_t writer_cache_kib = 64 * 1024;   // page cache of the writer connection
  int64_t reader_cache_kib = 16 * 1024;   // page cache of each reader connection
  int64_t mmap_bytes = int64_t{1} << 30;  // reads go through mmap up to this size
  int64_t journal_size_limit_bytes = int64_t{64} << 20;  // WAL truncated back to this after checkpoints
  // WAL pages before the writer checkpoints (SQLite's default is 1000). Bulk loads gain a lot
  // from more: a page rewritten by many commits is copied into the database file once.
  int wal_autocheckpoint_pages = 1000;
};

// A connection plus its prepared-statement cache: what write jobs and read leases hand out.
class SqliteSession;

// A statement borrowed from a session's cache. Destroying it resets the statement, which
// also ends the implicit read transaction it held, so later reads see newer commits.
class CachedStatement {
 public:
  CachedStatement(Statement* statement, bool* in_use, std::unique_ptr<Statement> owned);
  ~CachedStatement();
  CachedStatement(CachedStatement&& other) noexcept;
  CachedStatement& operator=(CachedStatement&&) = delete;
  CachedStatement(const CachedStatement&) = delete;

  Statement& operator*() { return *statement_; }
  Statement* operator->() { return statement_; }

 private:
  Statement* statement_;
  bool* in_use_;                     // the cache slot's flag; null for a one-off statement
  std::unique_ptr<Statement> owned_;  // set when the cached one was busy (re-entrant use)
};

class SqliteSession {
 public:
  explicit SqliteSession(std::unique_ptr<Connection> connection);
  SqliteSession(const SqliteSession&) = delete;
  SqliteSession& operator=(const SqliteSession&) = delete;

  Connection& connection() { return *connection_; }
  CachedStatement Prepare(const std::string& sql);

 private:
  struct Slot {
    std::unique_ptr<Statement> statement;
    bool in_use = false;
  };
  static constexpr size_t kMaxCachedStatements = 512;

  std::unique_ptr<Connection> connection_;
  std::unordered_map<std::string, Slot> cache_;
};

// A versioned schema change of some component's own tables; applied once, in version order.
struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
  // Run instead of `sql` when set: a change that depends on what the file holds.
  void (*apply)(Connection&) = nullptr;
};

class SqliteDatabase {
 public:
  // A write job runs on the writer thread inside its own SAVEPOINT of a shared transaction.
  // Returning false (e.g. a failed condition half-way through a transaction) or throwing rolls
  // back that job alone; the other jobs of the batch still commit.
  using WriteJob = std::function<bool(SqliteSession&)>;

  struct WriterStats {
    uint64_t transactions = 0;  // commits that succeeded
    uint64_t jobs = 0;          // jobs those commits carried
  };

  class ReadLease {
   public:
    ReadLease(SqliteDatabase* db, SqliteSession* session) : db_(db), session_(session) {}
    ~ReadLease();
    ReadLease(ReadLease&& other) noexcept : db_(other.db_), session_(other.session_) {
      other.session_ = nullptr;
    }
    ReadLease& operator=(ReadLease&&) = delete;
    ReadLease(const ReadLease&) = delete;

    SqliteSession& operator*() { return *session_; }
    SqliteSession* operator->() { return session_; }

   private:
    SqliteDatabase* db_;
    SqliteSession* session_;
  };

  // Opens (creating if needed) the file, starts the writer thread. Throws StorageError.
  static std::shared_ptr<SqliteDatabase> Open(SqliteOptions options);
  explicit SqliteDatabase(SqliteOptions options);  // prefer Open
  ~SqliteDatabase();
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  // Queues a job. The future becomes ready only after the COMMIT carrying it returned, so
  // nothing is acknowledged before it is durable; it carries the job's exception if it threw,
  // or a StorageError if the transaction failed.
  std::future<void> Submit(WriteJob job);
  // Submit and wait.
  void Write(WriteJob job) { Submit(std::move(job)).get(); }

  // Blocks until a reader connection is free. Reads see every acknowledged write.
  ReadLease Read();

  // Applies the record store's own metadata migrations. Idempotent; `ccrm migrate` and server
  // start both call it.
  void Migrate();
  // Applies `migrations` of one component (each version once), recording them in
  // schema_migrations. Throws StorageError when the file was migrated by a newer binary.
  void ApplyMigrations(std::string_view component, std::span<const Migration> migrations);
  // Highest applied version of `component`, 0 if none.
  int MigrationVersion(std::string_view component);

  // The mark of the last commit of any process on the file (WalCommitWatch); nullopt when it
  // cannot be read right now. No lock, no transaction.
  std::optional<CommitMark> CurrentCommitMark() const noexcept {
    return commit_watch_ ? commit_watch_->Current() : std::nullopt;
  }
  // A trivial read through the pool. Never throws.
  bool Ping() noexcept;

  // Finishes queued jobs, then joins the writer thread. Later Submits throw StorageError.
  void Close();

  WriterStats writer_stats() const;
  const SqliteOptions& options() const { return options_; }

 private:
  struct PendingWrite {
    WriteJob job;
    std::promise<void> done;
    std::exception_ptr error;
  };

  void WriterLoop();
  void RunBatch(std::vector<PendingWrite*> todo);
  void RunJob(PendingWrite& pending);
  void ReturnReader(SqliteSession* session);

  SqliteOptions options_;
  std::unique_ptr<SqliteSession> writer_;  // touched only by the writer thread once it runs

  std::mutex queue_mutex_;
  std::condition_variable queue_cv_;
  std::deque<std::unique_ptr<PendingWrite>> queue_;
  bool stopping_ = false;
  std::thread writer_thread_;

  std::mutex readers_mutex_;
  std::condition_variable readers_cv_;
  std::vector<std::unique_ptr<SqliteSession>> readers_;
  std::vector<SqliteSession*> free_readers_;
  std::unique_ptr<WalCommitWatch> commit_watch_;

  std::atomic<uint64_t> transactions_{0};
  std::atomic<uint64_t> jobs_{0};
  std::atomic<bool> closed_{false};
  std::once_flag close_once_;
};

}  // namespace ccrm::storage::sqlite
