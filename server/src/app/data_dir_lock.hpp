// Who may use a data directory at once: every `ccrm serve` on it holds a shared lock, and the
// commands that must have it to themselves (`ccrm keys rotate-master`, `ccrm restore`) an
// exclusive one. flock(2) on <data_dir>/ccrm.lock: released by the kernel when a process dies,
// so a crash never leaves a stale lock behind.
#pragma once

#include <filesystem>
#include <stdexcept>

namespace ccrm::app {

class DataDirBusy : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class DataDirLock {
 public:
  static constexpr const char* kFileName = "ccrm.lock";

  // Never waits: throws DataDirBusy naming what holds the directory. `doing` says what the
  // caller is about to do, for the message.
  static DataDirLock Shared(const std::filesystem::path& data_dir);
  static DataDirLock Exclusive(const std::filesystem::path& data_dir, const char* doing);

  DataDirLock(DataDirLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  DataDirLock& operator=(DataDirLock&&) = delete;
  DataDirLock(const DataDirLock&) = delete;
  ~DataDirLock();

 private:
  explicit DataDirLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace ccrm::app
