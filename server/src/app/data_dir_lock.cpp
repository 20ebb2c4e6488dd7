#include "app/data_dir_lock.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ccrm::app {
namespace {

int OpenLockFile(const std::filesystem::path& data_dir) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  const std::filesystem::path path = data_dir / DataDirLock::kFileName;
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    throw std::runtime_error(fmt::format("cannot open {}: {}", path.string(), std::strerror(errno)));
  }
  return fd;
}

}  // namespace

DataDirLock DataDirLock::Shared(const std::filesystem::path& data_dir) {
  const int fd = OpenLockFile(data_dir);
  if (::flock(fd, LOCK_SH | LOCK_NB) != 0) {
    ::close(fd);
    throw DataDirBusy(fmt::format(
        "{} is held by a command that needs it alone (keys rotate-master or restore); start "
        "again when it has finished",
        data_dir.string()));
  }
  return DataDirLock(fd);
}

DataDirLock DataDirLock::Exclusive(const std::filesystem::path& data_dir, const char* doing) {
  const int fd = OpenLockFile(data_dir);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    throw DataDirBusy(fmt::format(
        "cannot {}: {} is in use (a ccrm serve, or another such command); stop every ccrm "
        "process on it first",
        doing, data_dir.string()));
  }
  return DataDirLock(fd);
}

DataDirLock::~DataDirLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace ccrm::app
