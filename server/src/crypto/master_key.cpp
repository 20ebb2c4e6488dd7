#include "crypto/master_key.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <openssl/crypto.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <system_error>

#include "common/durable_file.hpp"
#include "crypto/aead.hpp"
#include "crypto/digest.hpp"
#include "crypto/random.hpp"

namespace ccrm::crypto {
namespace {

namespace fs = std::filesystem;

std::string Errno() { return std::strerror(errno); }

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// Writes a new key into a private temporary file and links it into place: link() never
// replaces an existing file, so when two processes start together exactly one key wins and
// both then load it; nobody ever reads a half-written key.
void CreateKeyFile(const fs::path& key_file) {
  const fs::path temp = key_file.string() + ".tmp." + std::to_string(::getpid());
  std::string bytes = crypto::RandomBytes(MasterKey::kSize);
  {
    Fd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (fd.get() < 0) {
      OPENSSL_cleanse(bytes.data(), bytes.size());
      throw MasterKeyError(fmt::format("cannot create {}: {}", temp.string(), Errno()));
    }
    try {
      if (::fchmod(fd.get(), 0600) != 0) {  // whatever the umask did
        throw MasterKeyError(fmt::format("cannot chmod {}: {}", temp.string(), Errno()));
      }
      try {
        WriteAll(fd.get(), bytes, temp);
      } catch (const std::system_error& e) {
        throw MasterKeyError(e.what());
      }
      if (::fsync(fd.get()) != 0) {
        throw MasterKeyError(fmt::format("cannot sync {}: {}", temp.string(), Errno()));
      }
    } catch (...) {
      OPENSSL_cleanse(bytes.data(), bytes.size());
      ::unlink(temp.c_str());
      throw;
    }
  }
  OPENSSL_cleanse(bytes.data(), bytes.size());
  const int linked = ::link(temp.c_str(), key_file.c_str());
  const int link_errno = errno;
  ::unlink(temp.c_str());
  if (linked != 0 && link_errno != EEXIST) {
    throw MasterKeyError(
        fmt::format("cannot create {}: {}", key_file.string(), std::strerror(link_errno)));
  }
  SyncDirectory(key_file.parent_path());
}

}  // namespace

MasterKey MasterKey::LoadOrCreate(const fs::path& data_dir) {
  std::error_code error;
  fs::create_directories(data_dir, error);
  if (error) {
    throw MasterKeyError(
        fmt::format("cannot create data directory {}: {}", data_dir.string(), error.message()));
  }
  if (fs::exists(fs::symlink_status(data_dir / kNextFileName))) {
    throw MasterKeyError(fmt::format(
        "{} exists: a master key rotation was cut short; run `ccrm keys rotate-master` to "
        "finish it before anything else uses this data directory",
        (data_dir / kNextFileName).string()));
  }
  const fs::path key_file = data_dir / kFileName;
  if (!fs::exists(fs::symlink_status(key_file))) CreateKeyFile(key_file);
  return Load(key_file);
}

MasterKey MasterKey::LoadOrCreateNext(const fs::path& data_dir) {
  const fs::path key_file = data_dir / kNextFileName;
  if (!fs::exists(fs::symlink_status(key_file))) CreateKeyFile(key_file);
  return Load(key_file);
}

void MasterKey::PromoteNext(const fs::path& data_dir) {
  const fs::path next = data_dir / kNextFileName;
  const fs::path current = data_dir / kFileName;
  if (::rename(next.c_str(), current.c_str()) != 0) {
    throw MasterKeyError(fmt::format("cannot rename {} to {}: {}", next.string(),
                                     current.string(), Errno()));
  }
  SyncDirectory(data_dir);
}

MasterKey MasterKey::Load(const fs::path& key_file) {
  Fd fd(::open(key_file.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    throw MasterKeyError(fmt::format("cannot open master key {}: {}", key_file.string(), Errno()));
  }
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) {
    throw MasterKeyError(fmt::format("cannot stat {}: {}", key_file.string(), Errno()));
  }
  if (!S_ISREG(info.st_mode)) {
    throw MasterKeyError(fmt::format("master key {} is not a regular file", key_file.string()));
  }
  const unsigned mode = info.st_mode & 07777;
  if ((mode & ~0600u) != 0) {
    throw MasterKeyError(
        fmt::format("master key {} has permissions {:04o}; it must be readable by its owner only "
                    "(run: chmod 600 {})",
                    key_file.string(), mode, key_file.string()));
  }
  if (info.st_size != static_cast<off_t>(kSize)) {
    throw MasterKeyError(fmt::format(
        "master key {} is {} bytes; it must be exactly {} (restore it from your backup)",
        key_file.string(), info.st_size, kSize));
  }
  std::string bytes(kSize, '\0');
  size_t done = 0;
  while (done < kSize) {
    const ssize_t n = ::read(fd.get(), bytes.data() + done, kSize - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      OPENSSL_cleanse(bytes.data(), bytes.size());
      throw MasterKeyError(fmt::format("cannot read master key {}", key_file.string()));
    }
    done += static_cast<size_t>(n);
  }
  return MasterKey(std::move(bytes));
}

MasterKey MasterKey::FromBytes(std::string_view bytes) {
  if (bytes.size() != kSize) throw std::invalid_argument("a master key is 32 bytes");
  return MasterKey(std::string(bytes));
}

std::string MasterKey::DeriveKey(std::string_view purpose) const {
  if (purpose.empty()) throw std::invalid_argument("MasterKey::DeriveKey: name the purpose");
  return crypto::HkdfSha256(key_, "ccrm master key", purpose);
}

std::optional<std::string> MasterKey::Reseal(const MasterKey& previous, std::string_view sealed,
                                            std::string_view aad) const {
  std::optional<std::string> plain = previous.Open(sealed, aad);
  if (!plain) {
    if (Open(sealed, aad)) return std::string(sealed);
    return std::nullopt;
  }
  std::string resealed = Seal(*plain, aad);
  OPENSSL_cleanse(plain->data(), plain->size());
  return resealed;
}

MasterKey::MasterKey(std::string bytes) : key_(std::move(bytes)) {}

MasterKey::MasterKey(MasterKey&& other) noexcept : key_(std::move(other.key_)) { other.Wipe(); }

MasterKey& MasterKey::operator=(MasterKey&& other) noexcept {
  if (this != &other) {
    Wipe();
    key_ = std::move(other.key_);
    other.Wipe();
  }
  return *this;
}

MasterKey::~MasterKey() { Wipe(); }

void MasterKey::Wipe() {
  if (!key_.empty()) OPENSSL_cleanse(key_.data(), key_.size());
  key_.clear();
}

std::string MasterKey::Seal(std::string_view plaintext, std::string_view aad) const {
  if (key_.size() != kSize) throw std::logic_error("MasterKey used after being moved from");
  return crypto::Seal(key_, plaintext, aad);
}

std::optional<std::string> MasterKey::Open(std::string_view sealed, std::string_view aad) const {
  if (key_.size() != kSize) throw std::logic_error("MasterKey used after being moved from");
  return crypto::Open(key_, sealed, aad);
}

}  // namespace ccrm::crypto
