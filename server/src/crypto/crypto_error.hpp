// The exception every ccrm::crypto function throws when OpenSSL fails or key material is bad.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace ccrm::crypto {

// Failures of the library or of malformed key material (a PEM that does not parse, an RSA key
// that is too small). Never carries secret data in its message.
class CryptoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace detail {
// Throws CryptoError("<context>: <OpenSSL's first queued error>") and clears the error queue,
// so a later, unrelated failure on this thread does not report a stale reason.
[[noreturn]] void ThrowOpenSslError(std::string_view context);
}  // namespace detail

}  // namespace ccrm::crypto
