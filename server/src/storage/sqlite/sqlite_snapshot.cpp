#include "storage/sqlite/sqlite_snapshot.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>

#include "common/durable_file.hpp"
#include "storage/record_store.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace ccrm::storage::sqlite {

uint64_t SnapshotDatabase(const std::string& source, const std::string& destination) {
  if (std::filesystem::exists(destination)) {
    throw StorageError("snapshot: " + destination + " exists already");
  }
  Connection from(source, SQLITE_OPEN_READWRITE);  // no CREATE: a missing source is an error
  Connection to(destination, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  sqlite3_backup* backup = sqlite3_backup_init(to.raw(), "main", from.raw(), "main");
  if (backup == nullptr) {
    throw StorageError("snapshot of " + source + ": " + sqlite3_errmsg(to.raw()));
  }
  // All pages in one step: one read transaction, so the copy is one moment of the source. A
  // writer in another process holding the lock only makes the step wait (busy timeout).
  int rc = SQLITE_OK;
  do {
    rc = sqlite3_backup_step(backup, -1);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
  } while (rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  const int finished = sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) Check(to.raw(), rc, "snapshot of " + source);
  Check(to.raw(), finished, "snapshot of " + source);
  to.Exec("PRAGMA journal_mode=DELETE");
  const int fd = ::open(destination.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  SyncDirectory(std::filesystem::path(destination).parent_path());
  return std::filesystem::file_size(destination);
}

}  // namespace ccrm::storage::sqlite
