#include "crypto/crypto_error.hpp"

#include <openssl/err.h>

namespace ccrm::crypto::detail {

void ThrowOpenSslError(std::string_view context) {
  std::string message(context);
  const unsigned long code = ERR_get_error();
  if (code != 0) {
    char reason[256];
    ERR_error_string_n(code, reason, sizeof(reason));
    message += ": ";
    message += reason;
  }
  ERR_clear_error();
  throw CryptoError(message);
}

}  // namespace ccrm::crypto::detail
