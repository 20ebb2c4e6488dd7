// Thin RAII wrappers over the SQLite C API: a connection and a prepared statement.
// Every failure becomes a StorageError carrying SQLite's message.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "storage/record_store.hpp"

namespace ccrm::storage::sqlite {

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;

  // Parameters are 1-based, as in SQLite.
  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, double value);
  Statement& BindNull(int index);
  Statement& BindBlob(int index, std::string_view bytes);

  // True while a row is available; false when done. Throws on error.
  bool Step();
  // Runs to completion, ignoring rows.
  void Run();
  // Clears bindings and rewinds, so a cached statement can be reused.
  void Reset();

  bool IsNull(int column) const;
  int64_t Int(int column) const;
  double Real(int column) const;
  std::string_view Text(int column) const;  // valid until the next Step/Reset
  std::string_view Blob(int column) const;

  sqlite3_stmt* raw() const { return stmt_; }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

class Connection {
 public:
  // flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE or SQLITE_OPEN_READONLY.
  Connection(const std::string& path, int flags);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void Exec(std::string_view sql);
  Statement Prepare(std::string_view sql) { return Statement(db_, sql); }
  int64_t Changes() const { return sqlite3_changes64(db_); }
  sqlite3* raw() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

// secure_delete=FAST while it lives, then the connection's setting before. Debian builds SQLite
// with SECURE_DELETE on, which zeroes every freed page: dropping a big table inside a
// transaction then journals a copy of each page (in memory with temp_store=MEMORY). FAST
// zeroes only what costs no extra I/O; freed pages keep old bytes until reused (VACUUM erases).
class FastSecureDelete {
 public:
  explicit FastSecureDelete(Connection& connection);
  ~FastSecureDelete();
  FastSecureDelete(const FastSecureDelete&) = delete;
  FastSecureDelete& operator=(const FastSecureDelete&) = delete;

 private:
  Connection& connection_;
  int64_t previous_ = 1;
};

// Throws StorageError with SQLite's message for `db` when rc is not one of the ok codes.
void Check(sqlite3* db, int rc, std::string_view what);

}  // namespace ccrm::storage::sqlite
