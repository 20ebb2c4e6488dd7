#include "auth/credentials.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>

#include "common/base64.hpp"
#include "crypto/constant_time.hpp"
#include "crypto/digest.hpp"
#include "crypto/random.hpp"

namespace ccrm::auth {
namespace {

// INTERIM until auth/password_hasher.hpp (argon2id, libsodium) lands: PBKDF2-HMAC-SHA256 with
// a tagged format, so stored hashes stay verifiable when the argon2id hasher takes over.
constexpr int kPbkdf2Iterations = 210000;  // OWASP 2023 for PBKDF2-HMAC-SHA256
constexpr const char* kPbkdf2Tag = "pbkdf2-sha256";

std::string Pbkdf2(const std::string& password, const std::string& salt, int iterations) {
  std::string out(32, '\0');
  PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                    reinterpret_cast<const unsigned char*>(salt.data()),
                    static_cast<int>(salt.size()), iterations, EVP_sha256(),
                    static_cast<int>(out.size()), reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace

Credentials::Credentials(std::shared_ptr<const MasterKey> master_key, ClockPtr clock)
    : master_key_(std::move(master_key)), clock_(std::move(clock)) {}

std::string Credentials::HashPassword(const std::string& password) const {
  const std::string salt = crypto::RandomBytes(16);
  return std::string(kPbkdf2Tag) + "$" + std::to_string(kPbkdf2Iterations) + "$" +
         Base64UrlEncode(salt) + "$" + Base64UrlEncode(Pbkdf2(password, salt, kPbkdf2Iterations));
}

bool Credentials::VerifyPassword(const std::string& hash, const std::string& password) const {
  const size_t a = hash.find('$');
  const size_t b = a == std::string::npos ? a : hash.find('$', a + 1);
  const size_t c = b == std::string::npos ? b : hash.find('$', b + 1);
  if (c == std::string::npos || hash.substr(0, a) != kPbkdf2Tag) {
    DummyVerify(password);
    return false;
  }
  int iterations = 0;
  try {
    iterations = std::stoi(hash.substr(a + 1, b - a - 1));
  } catch (const std::exception&) {
    return false;
  }
  const auto salt = Base64UrlDecode(hash.substr(b + 1, c - b - 1));
  const auto expected = Base64UrlDecode(hash.substr(c + 1));
  if (!salt || !expected || iterations < 1 || iterations > 10'000'000) return false;
  return crypto::ConstantTimeEquals(Pbkdf2(password, *salt, iterations), *expected);
}

void Credentials::DummyVerify(const std::string& password) const {
  static const std::string salt(16, 's');
  (void)Pbkdf2(password, salt, kPbkdf2Iterations);
}

std::vector<FieldError> Credentials::CheckPolicy(const std::string& password,
                                                 const std::string& username,
                                                 const std::string& email,
                                                 const std::string& field) const {
  std::vector<FieldError> errors;
  if (password.size() < 12) errors.push_back({field, "must be at least 12 characters"});
  if (password.size() > 256) errors.push_back({field, "must be at most 256 characters"});
  const std::string lower = Lower(password);
  if (lower == Lower(username) || (!email.empty() && lower == Lower(email))) {
    errors.push_back({field, "must not be your username or email address"});
  }
  return errors;
}

std::string Credentials::NewTemporaryPassword() {
  // 18 random bytes: 24 base64url characters, 144 bits; never a common password.
  return crypto::RandomToken(18);
}

std::string Credentials::NewTotpSecret() { return crypto::RandomBytes(20); }

std::string Credentials::SealTotpSecret(const std::string& secret,
                                        const std::string& user_id) const {
  return Base64UrlEncode(master_key_->Seal(secret, "totp:" + user_id));
}

std::optional<std::string> Credentials::UnsealTotpSecret(const std::string& sealed,
                                                         const std::string& user_id) const {
  const auto raw = Base64UrlDecode(sealed);
  if (!raw) return std::nullopt;
  return master_key_->Open(*raw, "totp:" + user_id);
}

std::optional<int64_t> Credentials::VerifyTotp(const std::string& secret,
                                               const std::string& code) const {
  if (code.size() != 6 || !std::all_of(code.begin(), code.end(), ::isdigit)) return std::nullopt;
  const int64_t step = clock_->NowMillis() / 1000 / 30;
  std::optional<int64_t> matched;
  // All three steps are checked whatever matches, so timing does not tell which one did.
  for (int64_t s = step - 1; s <= step + 1; ++s) {
    std::string counter(8, '\0');
    for (int i = 7; i >= 0; --i) counter[static_cast<size_t>(i)] = static_cast<char>((s >> (8 * (7 - i))) & 0xff);
    const std::string mac = crypto::HmacSha1(secret, counter);
    const int offset = mac[19] & 0x0f;
    const uint32_t bin = (static_cast<uint32_t>(static_cast<unsigned char>(mac[offset]) & 0x7f) << 24) |
                         (static_cast<uint32_t>(static_cast<unsigned char>(mac[offset + 1])) << 16) |
                         (static_cast<uint32_t>(static_cast<unsigned char>(mac[offset + 2])) << 8) |
                         static_cast<uint32_t>(static_cast<unsigned char>(mac[offset + 3]));
    std::string expected = std::to_string(bin % 1000000);
    expected.insert(0, 6 - expected.size(), '0');
    if (crypto::ConstantTimeEquals(expected, code) && !matched) matched = s;
  }
  return matched;
}

}  // namespace ccrm::auth
