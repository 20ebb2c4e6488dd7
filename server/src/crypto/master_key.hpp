// The 32-byte key that seals secrets at rest (signing keys), kept in <data_dir>/master.key.
#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ccrm::crypto {

// The key file is missing where it must exist, unreadable, of the wrong size, or readable by
// others. The message says what to do; it never contains key material.
class MasterKeyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Move-only; the key bytes are wiped when it is destroyed and never leave the object: callers
// seal and open through it. Losing master.key makes every sealed secret unrecoverable, so it is
// backed up separately from the database (and a backup of both together is a backup of the
// secrets in the clear).
class MasterKey {
 public:
  static constexpr size_t kSize = 32;
  static constexpr const char* kFileName = "master.key";
  // The key a rotation moves to (`ccrm keys rotate-master`): it exists only while one runs, or
  // after one was cut short, and then nothing may start until the rotation is finished.
  static constexpr const char* kNextFileName = "master.key.next";

  // Loads <data_dir>/master.key, or creates it (32 random bytes, mode 0600, written to a
  // temporary file and linked into place, so concurrent first starts agree on one key) when
  // it is missing. Refuses a file that is not a regular file, is not exactly 32 bytes, or whose
  // permissions go beyond 0600 (group or others may read it, or it is executable). Refuses, too,
  // while master.key.next exists: some values are sealed under that key already.
  static MasterKey LoadOrCreate(const std::filesystem::path& data_dir);
  // The rotation's new key: master.key.next, created (as master.key is) when missing, so a
  // rotation cut short resumes with the key it had begun to use.
  static MasterKey LoadOrCreateNext(const std::filesystem::path& data_dir);
  // Renames master.key.next over master.key and syncs the directory: the rotation's last step.
  static void PromoteNext(const std::filesystem::path& data_dir);
  // Loads an existing key file with the same checks; never creates one.
  static MasterKey Load(const std::filesystem::path& key_file);
  // For tests and tools that hold the bytes already. Throws std::invalid_argument unless 32 bytes.
  static MasterKey FromBytes(std::string_view bytes);

  MasterKey(MasterKey&& other) noexcept;
  MasterKey& operator=(MasterKey&& other) noexcept;
  MasterKey(const MasterKey&) = delete;
  MasterKey& operator=(const MasterKey&) = delete;
  ~MasterKey();

  // AES-256-GCM (crypto/aead.hpp). `aad` names what is sealed and where it belongs, e.g.
  // "signing-key:" + kid, so a sealed value moved to another record does not open.
  std::string Seal(std::string_view plaintext, std::string_view aad) const;
  std::optional<std::string> Open(std::string_view sealed, std::string_view aad) const;
  // A 32-byte key for one purpose (HKDF-SHA256, `purpose` as its info), e.g. the audit chain's
  // HMAC key: the master key itself never leaves the object, and a derived key that leaks
  // gives away neither the master key nor the keys for other purposes.
  std::string DeriveKey(std::string_view purpose) const;
  // `sealed` (sealed by `previous` or already by this key) sealed by this key; nullopt when it
  // opens under neither. A value already under this key comes back as it is, so a rotation cut
  // short can run again over what it had done.
  std::optional<std::string> Reseal(const MasterKey& previous, std::string_view sealed,
                                    std::string_view aad) const;

 private:
  explicit MasterKey(std::string bytes);
  void Wipe();

  std::string key_;
};

}  // namespace ccrm::crypto
