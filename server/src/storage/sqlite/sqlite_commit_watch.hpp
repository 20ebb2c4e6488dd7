// WalCommitWatch: tells, from shared memory and without a transaction, whether any process has
// committed to a WAL-mode database since an earlier look.
//
// Every SQLite connection of every process on a WAL database reads the wal-index header (the
// start of the -shm file, https://sqlite.org/walformat.html) when it begins a transaction: it
// holds the last commit's frame count, salts and change counter, and SQLite decides whether
// its page cache is stale by comparing it with the header it saw last. The watch reads the
// same 48 bytes the same way (both copies, equal, initialized, checksum right), so a cache of
// ours can ask "has anything been committed since?" for a few loads instead of a read
// transaction (two fcntl locks, a statement, two b-tree seeks).
//
// The header is read through SQLite's own mapping of the -shm file (the VFS xShmMap of a
// connection the watch keeps open for that alone), so its lifetime and any remapping are
// SQLite's business, and a process that finds the database unused cannot truncate the file
// under us: our open connections hold it.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "storage/record_store.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace ccrm::storage::sqlite {

class WalCommitWatch {
 public:
  // nullptr when the database at `path` is not in WAL mode or its VFS has no shared memory
  // (then there is nothing to watch, and callers read as before).
  static std::unique_ptr<WalCommitWatch> Open(const std::string& path);

  // The mark of the last commit, or nullopt when the header could not be read consistently
  // (a commit being published right now): the caller then reads from the database.
  std::optional<CommitMark> Current() const noexcept;

 private:
  WalCommitWatch(std::unique_ptr<Connection> connection, const volatile void* header);

  std::unique_ptr<Connection> connection_;  // keeps SQLite's mapping of the header alive
  const volatile uint64_t* header_;         // two copies of the 48-byte header
};

}  // namespace ccrm::storage::sqlite
