#include "storage/sqlite/sqlite_database.hpp"

#include <pthread.h>

#include <algorithm>
#include <filesystem>
#include <utility>

#include "storage/sqlite/sqlite_record_migrations.hpp"

namespace ccrm::storage::sqlite {
namespace {

constexpr std::string_view kRecordStoreComponent = "record_store";

void ApplyPragmas(Connection& c, const SqliteOptions& o, bool writer) {
  sqlite3_busy_timeout(c.raw(), static_cast<int>(o.busy_timeout.count()));
  const int64_t cache = writer ? o.writer_cache_kib : o.reader_cache_kib;
  c.Exec("PRAGMA cache_size=" + std::to_string(-cache));
  c.Exec("PRAGMA mmap_size=" + std::to_string(o.mmap_bytes));
  c.Exec("PRAGMA temp_store=MEMORY");
  if (!writer) return;
  c.Exec("PRAGMA journal_mode=WAL");
  c.Exec(o.synchronous == SqliteOptions::kFull ? "PRAGMA synchronous=FULL"
                                               : "PRAGMA synchronous=NORMAL");
  c.Exec("PRAGMA journal_size_limit=" + std::to_string(o.journal_size_limit_bytes));
  c.Exec("PRAGMA wal_autocheckpoint=" + std::to_string(o.wal_autocheckpoint_pages));
  // Touch the file so the WAL and its -shm index exist before read-only connections open:
  // a read-only connection cannot create them.
  c.Exec("SELECT count(*) FROM sqlite_schema");
}

void Fulfil(std::promise<void>& done, const std::exception_ptr& error) {
  if (error) {
    done.set_exception(error);
  } else {
    done.set_value();
  }
}

}  // namespace

// ---- CachedStatement / SqliteSession ----

CachedStatement::CachedStatement(Statement* statement, bool* in_use,
                                 std::unique_ptr<Statement> owned)
    : statement_(statement), in_use_(in_use), owned_(std::move(owned)) {}

CachedStatement::CachedStatement(CachedStatement&& other) noexcept
    : statement_(other.statement_), in_use_(other.in_use_), owned_(std::move(other.owned_)) {
  other.statement_ = nullptr;
  other.in_use_ = nullptr;
}

CachedStatement::~CachedStatement() {
  if (statement_ == nullptr) return;
  statement_->Reset();
  if (in_use_ != nullptr) *in_use_ = false;
}

SqliteSession::SqliteSession(std::unique_ptr<Connection> connection)
    : connection_(std::move(connection)) {}

CachedStatement SqliteSession::Prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    if (cache_.size() >= kMaxCachedStatements) {
      std::erase_if(cache_, [](const auto& entry) { return !entry.second.in_use; });
    }
    auto statement = std::make_unique<Statement>(connection_->Prepare(sql));
    it = cache_.emplace(sql, Slot{std::move(statement), false}).first;
  }
  if (it->second.in_use) {
    // Re-entrant use of the same SQL: hand out a private copy rather than clobber the first.
    auto owned = std::make_unique<Statement>(connection_->Prepare(sql));
    Statement* raw = owned.get();
    return CachedStatement(raw, nullptr, std::move(owned));
  }
  it->second.in_use = true;
  return CachedStatement(it->second.statement.get(), &it->second.in_use, nullptr);
}

// ---- SqliteDatabase ----

SqliteDatabase::ReadLease::~ReadLease() {
  if (session_ != nullptr) db_->ReturnReader(session_);
}

std::shared_ptr<SqliteDatabase> SqliteDatabase::Open(SqliteOptions options) {
  return std::make_shared<SqliteDatabase>(std::move(options));
}

SqliteDatabase::SqliteDatabase(SqliteOptions options) : options_(std::move(options)) {
  if (options_.path.empty() || options_.path == ":memory:") {
    throw StorageError("sqlite: a database file path is required");
  }
  if (options_.readers < 1) throw StorageError("sqlite: readers must be at least 1");
  if (options_.max_batch_jobs < 1) options_.max_batch_jobs = 1;
  const auto parent = std::filesystem::path(options_.path).parent_path();
  std::error_code ec;
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);

  auto writer = std::make_unique<Connection>(options_.path,
                                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  ApplyPragmas(*writer, options_, /*writer=*/true);
  writer_ = std::make_unique<SqliteSession>(std::move(writer));

  for (int i = 0; i < options_.readers; ++i) {
    auto reader = std::make_unique<Connection>(options_.path, SQLITE_OPEN_READONLY);
    ApplyPragmas(*reader, options_, /*writer=*/false);
    readers_.push_back(std::make_unique<SqliteSession>(std::move(reader)));
    free_readers_.push_back(readers_.back().get());
  }
  try {
    commit_watch_ = WalCommitWatch::Open(options_.path);
  } catch (const StorageError&) {
    // Without it every cached read checks its version in a transaction, as it did before.
  }
  writer_thread_ = std::thread([this] { WriterLoop(); });
}

SqliteDatabase::~SqliteDatabase() { Close(); }

void SqliteDatabase::Close() {
  // call_once: a second closer waits for the first to finish joining instead of racing it.
  std::call_once(close_once_, [this] {
    {
      std::lock_guard lock(queue_mutex_);
      stopping_ = true;
    }
    queue_cv_.notify_all();
    if (writer_thread_.joinable()) writer_thread_.join();
    closed_ = true;
  });
}

std::future<void> SqliteDatabase::Submit(WriteJob job) {
  auto pending = std::make_unique<PendingWrite>();
  pending->job = std::move(job);
  auto future = pending->done.get_future();
  {
    std::lock_guard lock(queue_mutex_);
    if (stopping_) throw StorageError("sqlite: database is closed");
    queue_.push_back(std::move(pending));
  }
  queue_cv_.notify_one();
  return future;
}

void SqliteDatabase::WriterLoop() {
  pthread_setname_np(pthread_self(), "ccrm-sqlwrite");  // for top -H and perf
  std::vector<std::unique_ptr<PendingWrite>> batch;
  for (;;) {
    {
      std::unique_lock lock(queue_mutex_);
      queue_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and every queued job has been answered
      if (options_.group_commit_window.count() > 0 && !stopping_) {
        queue_cv_.wait_for(lock, options_.group_commit_window, [this] {
          return stopping_ || queue_.size() >= options_.max_batch_jobs;
        });
      }
      while (!queue_.empty() && batch.size() < options_.max_batch_jobs) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    std::vector<PendingWrite*> todo;
    todo.reserve(batch.size());
    for (auto& p : batch) todo.push_back(p.get());
    RunBatch(std::move(todo));
    batch.clear();
  }
}

void SqliteDatabase::RunJob(PendingWrite& pending) {
  SqliteSession& session = *writer_;
  pending.error = nullptr;
  try {
    session.Prepare("SAVEPOINT job")->Run();
  } catch (...) {
    pending.error = std::current_exception();
    return;
  }
  bool keep = false;
  try {
    keep = pending.job(session);
  } catch (...) {
    pending.error = std::current_exception();
  }
  try {
    if (!keep) session.Prepare("ROLLBACK TO job")->Run();
    session.Prepare("RELEASE job")->Run();
  } catch (...) {
    if (!pending.error) pending.error = std::current_exception();
  }
}

void SqliteDatabase::RunBatch(std::vector<PendingWrite*> todo) {
  SqliteSession& session = *writer_;
  sqlite3* raw = session.connection().raw();
  while (!todo.empty()) {
    try {
      session.Prepare("BEGIN IMMEDIATE")->Run();
    } catch (...) {
      for (auto* p : todo) p->done.set_exception(std::current_exception());
      return;
    }
    std::vector<PendingWrite*> ran;
    bool lost = false;
    for (size_t i = 0; i < todo.size(); ++i) {
      PendingWrite* p = todo[i];
      RunJob(*p);
      if (sqlite3_get_autocommit(raw) != 0) {
        // SQLite rolled back the whole transaction (I/O error, disk full, ...): the failing job
        // learns why; the innocent ones that ran before it lost their work, and run again in a
        // fresh transaction with those that had not run yet. Nothing of theirs was acknowledged.
        if (!p->error) {
          p->error = std::make_exception_ptr(StorageError("sqlite: transaction was rolled back"));
        }
        p->done.set_exception(p->error);
        ran.insert(ran.end(), todo.begin() + static_cast<std::ptrdiff_t>(i) + 1, todo.end());
        lost = true;
        break;
      }
      ran.push_back(p);
    }
    if (lost) {
      todo = std::move(ran);
      continue;
    }
    try {
      session.Prepare("COMMIT")->Run();
    } catch (...) {
      const auto error = std::current_exception();
      if (sqlite3_get_autocommit(raw) == 0) {
        try {
          session.Prepare("ROLLBACK")->Run();
        } catch (...) {
          // The transaction is gone either way; every job learns of the commit failure.
        }
      }
      for (auto* p : ran) p->done.set_exception(error);
      return;
    }
    transactions_.fetch_add(1, std::memory_order_relaxed);
    jobs_.fetch_add(ran.size(), std::memory_order_relaxed);
    for (auto* p : ran) Fulfil(p->done, p->error);
    return;
  }
}

SqliteDatabase::ReadLease SqliteDatabase::Read() {
  std::unique_lock lock(readers_mutex_);
  readers_cv_.wait(lock, [this] { return !free_readers_.empty(); });
  SqliteSession* session = free_readers_.back();
  free_readers_.pop_back();
  return ReadLease(this, session);
}

void SqliteDatabase::ReturnReader(SqliteSession* session) {
  {
    std::lock_guard lock(readers_mutex_);
    free_readers_.push_back(session);
  }
  readers_cv_.notify_one();
}

void SqliteDatabase::Migrate() { ApplyMigrations(kRecordStoreComponent, RecordStoreMigrations()); }

void SqliteDatabase::ApplyMigrations(std::string_view component,
                                     std::span<const Migration> migrations) {
  const std::string name(component);
  Write([&](SqliteSession& s) {
    Connection& c = s.connection();
    c.Exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "  component TEXT NOT NULL,"
        "  version INTEGER NOT NULL,"
        "  name TEXT NOT NULL,"
        "  applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),"
        "  PRIMARY KEY (component, version)"
        ") WITHOUT ROWID");
    int64_t current = 0;
    {
      auto q = c.Prepare("SELECT coalesce(max(version), 0) FROM schema_migrations WHERE component=?");
      q.Bind(1, name);
      if (q.Step()) current = q.Int(0);
    }
    int64_t latest = 0;
    for (const auto& m : migrations) latest = std::max<int64_t>(latest, m.version);
    if (current > latest) {
      throw StorageError("sqlite: " + name + " schema is at version " + std::to_string(current) +
                         ", newer than this binary knows (" + std::to_string(latest) + ")");
    }
    for (const auto& m : migrations) {
      if (m.version <= current) continue;
      if (m.apply != nullptr) {
        m.apply(c);
      } else {
        c.Exec(m.sql);
      }
      auto record = c.Prepare("INSERT INTO schema_migrations(component, version, name) VALUES(?,?,?)");
      record.Bind(1, name).Bind(2, int64_t{m.version}).Bind(3, m.name).Run();
    }
    return true;
  });
}

int SqliteDatabase::MigrationVersion(std::string_view component) {
  auto lease = Read();
  auto exists = lease->Prepare(
      "SELECT 1 FROM sqlite_schema WHERE type='table' AND name='schema_migrations'");
  if (!exists->Step()) return 0;
  auto q = lease->Prepare(
      "SELECT coalesce(max(version), 0) FROM schema_migrations WHERE component=?");
  q->Bind(1, component);
  return q->Step() ? static_cast<int>(q->Int(0)) : 0;
}

bool SqliteDatabase::Ping() noexcept {
  if (closed_) return false;
  try {
    auto lease = Read();
    auto q = lease->Prepare("SELECT count(*) FROM sqlite_schema");
    return q->Step();
  } catch (...) {
    return false;
  }
}

SqliteDatabase::WriterStats SqliteDatabase::writer_stats() const {
  return {transactions_.load(std::memory_order_relaxed), jobs_.load(std::memory_order_relaxed)};
}

}  // namespace ccrm::storage::sqlite
