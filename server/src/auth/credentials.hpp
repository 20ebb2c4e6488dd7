// The secrets of a user in one place: password hashing and policy, temporary passwords, and
// TOTP secrets sealed with the master key. Services depend on this, not on the primitives.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "crypto/master_key.hpp"
#include "auth/password_hasher.hpp"
#include "common/clock.hpp"
#include "common/problem.hpp"

namespace ccrm::auth {

class Credentials {
 public:
  Credentials(std::shared_ptr<const crypto::MasterKey> master_key, ClockPtr clock);
  virtual ~Credentials() = default;

  // argon2id; CPU- and memory-heavy: call from the worker pool only.
  virtual std::string HashPassword(const std::string& password) const;
  virtual bool VerifyPassword(const std::string& hash, const std::string& password) const;
  // Takes as long as VerifyPassword, for answers that must not reveal whether a user exists.
  virtual void DummyVerify(const std::string& password) const;
  // Policy errors, reported under `field`.
  std::vector<FieldError> CheckPolicy(const std::string& password, const std::string& username,
                                      const std::string& email, const std::string& field) const;
  // A random password that passes the policy (for bootstrap and resets).
  static std::string NewTemporaryPassword();

  // A new raw TOTP secret (20 bytes), its sealed form (bound to the user) and back.
  static std::string NewTotpSecret();
  std::string SealTotpSecret(const std::string& secret, const std::string& user_id) const;
  std::optional<std::string> UnsealTotpSecret(const std::string& sealed,
                                              const std::string& user_id) const;
  // What a user's sealed TOTP secret is bound to.
  static std::string TotpSealedFor(const std::string& user_id) { return "totp:" + user_id; }
  // The time step `code` matches (now ±1 step) when later than `last_used_step`, or nullopt.
  std::optional<int64_t> VerifyTotp(const std::string& secret, const std::string& code,
                                    int64_t last_used_step = -1) const;

 private:
  std::shared_ptr<const crypto::MasterKey> master_key_;
  ClockPtr clock_;
  PasswordHasher hasher_;
};

}  // namespace ccrm::auth
