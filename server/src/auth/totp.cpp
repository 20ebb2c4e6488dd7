#include "auth/totp.hpp"

#include <openssl/crypto.h>

#include <stdexcept>

#include "crypto/base32.hpp"
#include "crypto/constant_time.hpp"
#include "crypto/digest.hpp"
#include "crypto/random.hpp"
#include "gateway/http_types.hpp"

namespace ccrm::auth {
namespace {

constexpr size_t kMinSecretBytes = 16;  // RFC 4226 §4 R6: at least 128 bits

void CheckSecret(std::string_view secret) {
  if (secret.size() < kMinSecretBytes) {
    throw std::invalid_argument("a TOTP secret has at least 16 bytes");
  }
}

// RFC 4226 HOTP: HMAC-SHA-1 over the big-endian counter, dynamic truncation, modulo 10^6.
std::string HotpCode(std::string_view secret, uint64_t counter) {
  char message[8];
  for (int i = 7; i >= 0; --i) {
    message[i] = static_cast<char>(counter & 0xff);
    counter >>= 8;
  }
  std::string mac = crypto::HmacSha1(secret, std::string_view(message, sizeof(message)));
  const int offset = static_cast<uint8_t>(mac[19]) & 0x0f;
  const uint32_t binary = ((static_cast<uint8_t>(mac[offset]) & 0x7fu) << 24) |
                          (static_cast<uint8_t>(mac[offset + 1]) << 16) |
                          (static_cast<uint8_t>(mac[offset + 2]) << 8) |
                          static_cast<uint8_t>(mac[offset + 3]);
  OPENSSL_cleanse(mac.data(), mac.size());
  uint32_t value = binary % 1'000'000u;
  std::string code(kTotpDigits, '0');
  for (int i = kTotpDigits - 1; i >= 0; --i) {
    code[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return code;
}


}  // namespace

std::string NewTotpSecret() { return crypto::RandomBytes(kTotpSecretBytes); }

std::string TotpCode(std::string_view secret, int64_t unix_seconds) {
  CheckSecret(secret);
  if (unix_seconds < 0) throw std::invalid_argument("TOTP time before 1970");
  return HotpCode(secret, static_cast<uint64_t>(unix_seconds / kTotpPeriodSeconds));
}

std::optional<int64_t> VerifyTotp(std::string_view secret, std::string_view code,
                                  int64_t unix_seconds, std::optional<int64_t> last_used_step,
                                  int window) {
  CheckSecret(secret);
  if (window < 0 || window > kTotpMaxWindow) throw std::invalid_argument("TOTP window 0..10");
  if (unix_seconds < 0) return std::nullopt;
  if (code.size() != static_cast<size_t>(kTotpDigits)) return std::nullopt;
  for (const char c : code) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  const int64_t now_step = unix_seconds / kTotpPeriodSeconds;
  // Every candidate is computed and compared, match or not: the time taken says nothing about
  // which step (if any) matched.
  std::optional<int64_t> matched;
  for (int64_t step = now_step - window; step <= now_step + window; ++step) {
    if (step < 0) continue;
    std::string candidate = HotpCode(secret, static_cast<uint64_t>(step));
    const bool equal = crypto::ConstantTimeEquals(candidate, code);
    OPENSSL_cleanse(candidate.data(), candidate.size());
    const bool fresh = !last_used_step || step > *last_used_step;
    // The latest matching step wins: it is the one to record as used.
    if (equal && fresh) matched = step;
  }
  return matched;
}

std::string OtpAuthUri(std::string_view issuer, std::string_view account, std::string_view secret) {
  if (issuer.empty() || account.empty() || issuer.find(':') != std::string_view::npos ||
      account.find(':') != std::string_view::npos) {
    throw std::invalid_argument("otpauth issuer and account: non-empty, without ':'");
  }
  CheckSecret(secret);
  const std::string encoded_issuer = gateway::PercentEncode(issuer);
  return "otpauth://totp/" + encoded_issuer + ":" + gateway::PercentEncode(account) +
         "?secret=" + crypto::Base32Encode(secret) + "&issuer=" + encoded_issuer +
         "&algorithm=SHA1&digits=6&period=30";
}

}  // namespace ccrm::auth
