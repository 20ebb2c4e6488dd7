// argon2id password hashing (libsodium): slow on purpose, so run it on the worker pool, never
// on the io threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ccrm::auth {

// OWASP's argon2id minimum (m = 19 MiB, t = 2, p = 1; libsodium fixes p at 1). Stronger
// settings are allowed; weaker ones are refused.
struct Argon2idParams {
  static constexpr uint64_t kMinOpsLimit = 2;
  static constexpr size_t kMinMemLimitBytes = size_t{19} << 20;

  uint64_t ops_limit = kMinOpsLimit;
  size_t mem_limit_bytes = kMinMemLimitBytes;
};

// Immutable after construction and safe to share between threads.
class PasswordHasher {
 public:
  using Params = Argon2idParams;

  // Throws std::invalid_argument for parameters below the minimum, std::runtime_error if
  // libsodium cannot initialise. Computes one hash up front for DummyVerify (tens of ms).
  explicit PasswordHasher(Params params = {});

  // "$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>" with a random salt.
  // Throws std::runtime_error when memory for the hash cannot be had.
  std::string Hash(std::string_view password) const;

  // True when `password` matches `hash`. A hash that is not an argon2id string (empty, from
  // another scheme, corrupted) answers false after the same work as a real verification, so
  // timing never tells a broken record from a wrong password.
  bool Verify(std::string_view hash, std::string_view password) const;

  // True when `hash` was made with other parameters than this hasher's (or is not ours):
  // re-hash the password after the next successful Verify.
  bool NeedsRehash(std::string_view hash) const;

  // The cost of one Verify, with no answer: call it for an unknown user so that "no such user"
  // and "wrong password" take the same time.
  void DummyVerify() const;

 private:
  bool VerifyString(const std::string& hash, std::string_view password) const;

  Params params_;
  std::string dummy_hash_;
};

}  // namespace ccrm::auth
