#include "auth/credentials.hpp"

#include "auth/password_policy.hpp"
#include "auth/totp.hpp"
#include "common/base64.hpp"
#include "crypto/random.hpp"

namespace ccrm::auth {

Credentials::Credentials(std::shared_ptr<const crypto::MasterKey> master_key, ClockPtr clock)
    : master_key_(std::move(master_key)), clock_(std::move(clock)) {}

std::string Credentials::HashPassword(const std::string& password) const {
  return hasher_.Hash(password);
}

bool Credentials::VerifyPassword(const std::string& hash, const std::string& password) const {
  return hasher_.Verify(hash, password);
}

void Credentials::DummyVerify(const std::string&) const { hasher_.DummyVerify(); }

std::vector<FieldError> Credentials::CheckPolicy(const std::string& password,
                                                 const std::string& username,
                                                 const std::string& email,
                                                 const std::string& field) const {
  return CheckPassword(password, username, email, field);
}

std::string Credentials::NewTemporaryPassword() {
  // 18 random bytes: 24 base64url characters, 144 bits; never a common password.
  return crypto::RandomToken(18);
}

std::string Credentials::NewTotpSecret() { return auth::NewTotpSecret(); }

std::string Credentials::SealTotpSecret(const std::string& secret,
                                        const std::string& user_id) const {
  return Base64UrlEncode(master_key_->Seal(secret, TotpSealedFor(user_id)));
}

std::optional<std::string> Credentials::UnsealTotpSecret(const std::string& sealed,
                                                         const std::string& user_id) const {
  const auto raw = Base64UrlDecode(sealed);
  if (!raw) return std::nullopt;
  return master_key_->Open(*raw, TotpSealedFor(user_id));
}

std::optional<int64_t> Credentials::VerifyTotp(const std::string& secret, const std::string& code,
                                               int64_t last_used_step) const {
  const std::optional<int64_t> last =
      last_used_step >= 0 ? std::optional<int64_t>(last_used_step) : std::nullopt;
  return auth::VerifyTotp(secret, code, clock_->NowMillis() / 1000, last, 1);
}

}  // namespace ccrm::auth
