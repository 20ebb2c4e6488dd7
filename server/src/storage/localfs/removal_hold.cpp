#include "storage/localfs/removal_hold.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "storage/record_store.hpp"

namespace ccrm::storage::localfs {

namespace fs = std::filesystem;

RemovalHold::RemovalHold(const fs::path& root) {
  std::error_code ec;
  fs::create_directories(root, ec);
  const fs::path file = root / kFileName;
  fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0) throw StorageError(fmt::format("open {}: {}", file.string(), std::strerror(errno)));
  while (::flock(fd_, LOCK_EX) != 0) {
    if (errno != EINTR) {
      const int error = errno;
      ::close(fd_);
      throw StorageError(fmt::format("lock {}: {}", file.string(), std::strerror(error)));
    }
  }
}

RemovalHold::~RemovalHold() { ::close(fd_); }

int RemovalHold::TryShared(const fs::path& root) {
  const int fd = ::open((root / kFileName).c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return -1;
  if (::flock(fd, LOCK_SH | LOCK_NB) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace ccrm::storage::localfs
