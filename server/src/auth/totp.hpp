// RFC 6238 time-based one-time passwords (SHA-1, 6 digits, 30 s): what authenticator apps speak.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ccrm::auth {

inline constexpr int kTotpDigits = 6;
inline constexpr int64_t kTotpPeriodSeconds = 30;
inline constexpr size_t kTotpSecretBytes = 20;  // 160 bits, as RFC 4226 recommends
inline constexpr int kTotpMaxWindow = 10;

// A fresh random secret (raw bytes). Store it sealed; show it once as OtpAuthUri/base32.
std::string NewTotpSecret();

// The code for the 30-second step holding `unix_seconds`. Throws std::invalid_argument for a
// secret under 16 bytes or a negative time.
std::string TotpCode(std::string_view secret, int64_t unix_seconds);

// The time step `code` matches, within `window` steps either side of now (clock drift), or
// nullopt. Steps up to and including `last_used_step` never match, so a code that was accepted
// once is refused the second time: store the returned step (conditionally, so two concurrent
// uses cannot both win) and pass it back next time; nullopt when the user never used one.
// The code must be exactly 6 ASCII digits. Every candidate step is compared in constant time.
std::optional<int64_t> VerifyTotp(std::string_view secret, std::string_view code,
                                  int64_t unix_seconds, std::optional<int64_t> last_used_step,
                                  int window = 1);

// otpauth://totp/Issuer:account?secret=BASE32&issuer=Issuer&algorithm=SHA1&digits=6&period=30
// with issuer and account percent-encoded. Throws std::invalid_argument when either is empty
// or contains ':' (the label separator apps split on).
std::string OtpAuthUri(std::string_view issuer, std::string_view account, std::string_view secret);

}  // namespace ccrm::auth
