#include "common/durable_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <system_error>

namespace ccrm {
namespace fs = std::filesystem;
namespace {

[[noreturn]] void Fail(const char* what, const fs::path& path) {
  throw std::system_error(errno, std::generic_category(),
                          std::string("cannot ") + what + " " + path.string());
}

}  // namespace

void WriteAll(int fd, std::string_view bytes, const fs::path& path) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) Fail("write", path);
    done += static_cast<size_t>(n);
  }
}

void SyncDirectory(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

void WriteFileDurably(const fs::path& path, std::string_view bytes, mode_t mode) {
  const fs::path temp = path.string() + ".tmp." + std::to_string(::getpid());
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
  if (fd < 0) Fail("create", temp);
  try {
    if (::fchmod(fd, mode) != 0) Fail("chmod", temp);
    WriteAll(fd, bytes, temp);
    if (::fsync(fd) != 0) Fail("sync", temp);
  } catch (...) {
    ::close(fd);
    ::unlink(temp.c_str());
    throw;
  }
  ::close(fd);
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const int saved = errno;
    ::unlink(temp.c_str());
    errno = saved;
    Fail("rename into", path);
  }
  SyncDirectory(path.parent_path().empty() ? fs::path(".") : path.parent_path());
}

}  // namespace ccrm
