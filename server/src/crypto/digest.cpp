#include "crypto/digest.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <memory>

#include "crypto/crypto_error.hpp"

namespace ccrm::crypto {
namespace {

// Fetched once: an implicit fetch on every call costs a provider lookup under a lock, which
// shows up when every request hashes a token. The objects are immutable and thread-safe;
// they live until exit on purpose.
const EVP_MD* Sha256Md() {
  static const EVP_MD* md = [] {
    EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (fetched == nullptr) detail::ThrowOpenSslError("EVP_MD_fetch(SHA256)");
    return fetched;
  }();
  return md;
}

EVP_MAC* Hmac() {
  static EVP_MAC* mac = [] {
    EVP_MAC* fetched = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    if (fetched == nullptr) detail::ThrowOpenSslError("EVP_MAC_fetch(HMAC)");
    return fetched;
  }();
  return mac;
}

struct MacCtxFree {
  void operator()(EVP_MAC_CTX* ctx) const { EVP_MAC_CTX_free(ctx); }
};

std::string HmacWith(const char* digest, std::string_view key, std::string_view data) {
  std::unique_ptr<EVP_MAC_CTX, MacCtxFree> ctx(EVP_MAC_CTX_new(Hmac()));
  if (!ctx) detail::ThrowOpenSslError("EVP_MAC_CTX_new");
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>(digest), 0),
      OSSL_PARAM_construct_end()};
  // A zero-length key is legal HMAC (RFC 2104 pads it); OpenSSL wants a non-null pointer.
  static const unsigned char kEmpty = 0;
  const auto* key_bytes =
      key.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(key.data());
  if (EVP_MAC_init(ctx.get(), key_bytes, key.size(), params) != 1 ||
      EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char*>(data.data()), data.size()) !=
          1) {
    detail::ThrowOpenSslError("HMAC");
  }
  std::string out(EVP_MAX_MD_SIZE, '\0');
  size_t length = 0;
  if (EVP_MAC_final(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &length, out.size()) !=
      1) {
    detail::ThrowOpenSslError("HMAC final");
  }
  out.resize(length);
  return out;
}

struct KdfFree {
  void operator()(EVP_KDF* kdf) const { EVP_KDF_free(kdf); }
};
struct KdfCtxFree {
  void operator()(EVP_KDF_CTX* ctx) const { EVP_KDF_CTX_free(ctx); }
};

}  // namespace

std::string HkdfSha256(std::string_view secret, std::string_view salt, std::string_view info,
                       size_t length) {
  if (length == 0 || length > 255 * kSha256Size) {
    throw CryptoError("HKDF: length must be 1 to 8160 bytes");
  }
  std::unique_ptr<EVP_KDF, KdfFree> kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr));
  if (!kdf) detail::ThrowOpenSslError("EVP_KDF_fetch(HKDF)");
  std::unique_ptr<EVP_KDF_CTX, KdfCtxFree> ctx(EVP_KDF_CTX_new(kdf.get()));
  if (!ctx) detail::ThrowOpenSslError("EVP_KDF_CTX_new");
  // OpenSSL takes the octet strings as non-const void*; it only reads them.
  const auto octets = [](const char* name, std::string_view bytes) {
    return OSSL_PARAM_construct_octet_string(name, const_cast<char*>(bytes.data()), bytes.size());
  };
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, const_cast<char*>("SHA256"), 0),
      octets(OSSL_KDF_PARAM_KEY, secret), octets(OSSL_KDF_PARAM_SALT, salt),
      octets(OSSL_KDF_PARAM_INFO, info), OSSL_PARAM_construct_end()};
  std::string out(length, '\0');
  if (EVP_KDF_derive(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), out.size(),
                     params) != 1) {
    detail::ThrowOpenSslError("HKDF");
  }
  return out;
}

std::string Sha256(std::string_view data) {
  std::string out(kSha256Size, '\0');
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), reinterpret_cast<unsigned char*>(out.data()), &length,
                 Sha256Md(), nullptr) != 1) {
    detail::ThrowOpenSslError("SHA-256");
  }
  return out;
}

std::string Sha256Hex(std::string_view data) { return HexEncode(Sha256(data)); }

struct Sha256Hasher::Context {
  EVP_MD_CTX* ctx = nullptr;
};

Sha256Hasher::Sha256Hasher() : context_(new Context{EVP_MD_CTX_new()}) {
  if (context_->ctx == nullptr || EVP_DigestInit_ex(context_->ctx, Sha256Md(), nullptr) != 1) {
    EVP_MD_CTX_free(context_->ctx);
    delete context_;
    detail::ThrowOpenSslError("SHA-256 init");
  }
}

Sha256Hasher::~Sha256Hasher() {
  EVP_MD_CTX_free(context_->ctx);
  delete context_;
}

void Sha256Hasher::Update(std::string_view data) {
  if (EVP_DigestUpdate(context_->ctx, data.data(), data.size()) != 1) {
    detail::ThrowOpenSslError("SHA-256 update");
  }
}

std::string Sha256Hasher::Final() {
  std::string out(kSha256Size, '\0');
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(context_->ctx, reinterpret_cast<unsigned char*>(out.data()), &length) !=
          1 ||
      EVP_DigestInit_ex(context_->ctx, Sha256Md(), nullptr) != 1) {
    detail::ThrowOpenSslError("SHA-256 final");
  }
  return out;
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  return HmacWith("SHA256", key, data);
}

std::string HmacSha1(std::string_view key, std::string_view data) {
  return HmacWith("SHA1", key, data);
}

std::string HexEncode(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    out += kDigits[b >> 4];
    out += kDigits[b & 0x0f];
  }
  return out;
}

std::optional<std::string> HexDecode(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    const int hi = digit(hex[i]);
    const int lo = digit(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi << 4 | lo));
  }
  return out;
}

}  // namespace ccrm::crypto
