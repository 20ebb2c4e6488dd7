#include "crypto/random.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <algorithm>
#include <climits>

#include "common/base64.hpp"
#include "crypto/crypto_error.hpp"

namespace ccrm::crypto {

void RandomFill(unsigned char* out, size_t n) {
  size_t done = 0;
  while (done < n) {
    const int chunk = static_cast<int>(std::min<size_t>(n - done, INT_MAX));
    if (RAND_bytes(out + done, chunk) != 1) detail::ThrowOpenSslError("RAND_bytes");
    done += static_cast<size_t>(chunk);
  }
}

std::string RandomBytes(size_t n) {
  std::string out(n, '\0');
  RandomFill(reinterpret_cast<unsigned char*>(out.data()), n);
  return out;
}

std::string RandomToken(size_t nbytes) {
  std::string raw = RandomBytes(nbytes);
  std::string token = Base64UrlEncode(raw);
  OPENSSL_cleanse(raw.data(), raw.size());
  return token;
}

}  // namespace ccrm::crypto
