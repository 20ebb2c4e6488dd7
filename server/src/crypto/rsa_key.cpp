#include "crypto/rsa_key.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <climits>

#include "common/base64.hpp"
#include "crypto/crypto_error.hpp"

namespace ccrm::crypto {
namespace {

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
using Bio = std::unique_ptr<BIO, BioFree>;
struct BnFree {
  void operator()(BIGNUM* bn) const { BN_free(bn); }
};
using Bn = std::unique_ptr<BIGNUM, BnFree>;
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* ctx) const { EVP_PKEY_CTX_free(ctx); }
};
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree>;
struct MdCtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;
struct ParamBldFree {
  void operator()(OSSL_PARAM_BLD* bld) const { OSSL_PARAM_BLD_free(bld); }
};
struct ParamFree {
  void operator()(OSSL_PARAM* params) const { OSSL_PARAM_free(params); }
};

// Refuses encrypted PEMs instead of letting OpenSSL prompt on the terminal for a passphrase.
int NoPassphrase(char*, int, int, void*) { return -1; }

Bio ReadBio(std::string_view pem) {
  if (pem.size() > INT_MAX) throw CryptoError("PEM too large");
  Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) detail::ThrowOpenSslError("BIO_new_mem_buf");
  return bio;
}

void CheckRsa(EVP_PKEY* key) {
  if (EVP_PKEY_is_a(key, "RSA") != 1) throw CryptoError("not an RSA key");
  const int bits = EVP_PKEY_get_bits(key);
  if (bits < RsaKey::kMinBits || bits > RsaKey::kMaxBits) {
    throw CryptoError("RSA key of " + std::to_string(bits) + " bits (2048 to 8192 allowed)");
  }
}

std::string BnToBase64Url(const EVP_PKEY* key, const char* name) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &raw) != 1) detail::ThrowOpenSslError("RSA parameter");
  Bn bn(raw);
  std::string bytes(static_cast<size_t>(BN_num_bytes(bn.get())), '\0');
  BN_bn2bin(bn.get(), reinterpret_cast<unsigned char*>(bytes.data()));
  return Base64UrlEncode(bytes);
}

Bn Base64UrlToBn(std::string_view text, const char* what) {
  const auto bytes = Base64UrlDecode(text);
  if (!bytes || bytes->empty() || bytes->size() > RsaKey::kMaxBits / 8) {
    throw CryptoError(std::string("JWK: malformed ") + what);
  }
  Bn bn(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes->data()),
                  static_cast<int>(bytes->size()), nullptr));
  if (!bn) detail::ThrowOpenSslError("BN_bin2bn");
  return bn;
}

std::string BioToString(BIO* bio) {
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  if (length <= 0 || data == nullptr) throw CryptoError("empty PEM output");
  return std::string(data, static_cast<size_t>(length));
}

}  // namespace

void RsaKey::PkeyFree::operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }

RsaKey::RsaKey(std::unique_ptr<EVP_PKEY, PkeyFree> key, bool has_private)
    : key_(std::move(key)), has_private_(has_private) {}
RsaKey::RsaKey(RsaKey&&) noexcept = default;
RsaKey& RsaKey::operator=(RsaKey&&) noexcept = default;
RsaKey::~RsaKey() = default;

RsaKey RsaKey::Generate(int bits) {
  if (bits < kMinBits || bits > kMaxBits) throw CryptoError("RSA key size out of range");
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  EVP_PKEY* raw = nullptr;
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 ||
      EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), bits) != 1 ||
      EVP_PKEY_generate(ctx.get(), &raw) != 1) {
    detail::ThrowOpenSslError("RSA key generation");
  }
  return RsaKey(std::unique_ptr<EVP_PKEY, PkeyFree>(raw), true);
}

RsaKey RsaKey::FromPrivatePem(std::string_view pem) {
  Bio bio = ReadBio(pem);
  std::unique_ptr<EVP_PKEY, PkeyFree> key(
      PEM_read_bio_PrivateKey(bio.get(), nullptr, NoPassphrase, nullptr));
  if (!key) detail::ThrowOpenSslError("private key PEM");
  CheckRsa(key.get());
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
  if (!ctx || EVP_PKEY_pairwise_check(ctx.get()) != 1) {
    detail::ThrowOpenSslError("private key PEM: inconsistent RSA key");
  }
  return RsaKey(std::move(key), true);
}

RsaKey RsaKey::FromPublicPem(std::string_view pem) {
  Bio bio = ReadBio(pem);
  std::unique_ptr<EVP_PKEY, PkeyFree> key(
      PEM_read_bio_PUBKEY(bio.get(), nullptr, NoPassphrase, nullptr));
  if (!key) detail::ThrowOpenSslError("public key PEM");
  CheckRsa(key.get());
  return RsaKey(std::move(key), false);
}

RsaKey RsaKey::FromJwk(std::string_view n_base64url, std::string_view e_base64url) {
  Bn n = Base64UrlToBn(n_base64url, "n");
  Bn e = Base64UrlToBn(e_base64url, "e");
  std::unique_ptr<OSSL_PARAM_BLD, ParamBldFree> bld(OSSL_PARAM_BLD_new());
  if (!bld || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) != 1) {
    detail::ThrowOpenSslError("JWK parameters");
  }
  std::unique_ptr<OSSL_PARAM, ParamFree> params(OSSL_PARAM_BLD_to_param(bld.get()));
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  EVP_PKEY* raw = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    detail::ThrowOpenSslError("JWK: invalid RSA key");
  }
  std::unique_ptr<EVP_PKEY, PkeyFree> key(raw);
  CheckRsa(key.get());
  PkeyCtx check(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
  if (!check || EVP_PKEY_public_check(check.get()) != 1) {
    detail::ThrowOpenSslError("JWK: invalid RSA public key");
  }
  return RsaKey(std::move(key), false);
}

int RsaKey::Bits() const { return EVP_PKEY_get_bits(key_.get()); }

std::string RsaKey::PrivatePem() const {
  if (!has_private_) throw CryptoError("public-only RSA key has no private PEM");
  // A secure-heap BIO: its buffer is wiped when freed, so the only copy left is the result.
  Bio bio(BIO_new(BIO_s_secmem()));
  if (!bio ||
      PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    detail::ThrowOpenSslError("private key PEM output");
  }
  return BioToString(bio.get());
}

std::string RsaKey::PublicPem() const {
  Bio bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), key_.get()) != 1) {
    detail::ThrowOpenSslError("public key PEM output");
  }
  return BioToString(bio.get());
}

std::string RsaKey::PublicDer() const {
  unsigned char* der = nullptr;
  const int length = i2d_PUBKEY(key_.get(), &der);
  if (length <= 0 || der == nullptr) detail::ThrowOpenSslError("public key DER output");
  std::string out(reinterpret_cast<const char*>(der), static_cast<size_t>(length));
  OPENSSL_free(der);
  return out;
}

Json RsaKey::Jwk(std::string_view kid) const {
  return Json{{"kty", "RSA"},
              {"kid", std::string(kid)},
              {"alg", "RS256"},
              {"use", "sig"},
              {"n", BnToBase64Url(key_.get(), OSSL_PKEY_PARAM_RSA_N)},
              {"e", BnToBase64Url(key_.get(), OSSL_PKEY_PARAM_RSA_E)}};
}

std::string RsaKey::SignRs256(std::string_view data) const {
  if (!has_private_) throw CryptoError("public-only RSA key cannot sign");
  MdCtx ctx(EVP_MD_CTX_new());
  size_t length = 0;
  if (!ctx ||
      EVP_DigestSignInit_ex(ctx.get(), nullptr, "SHA256", nullptr, nullptr, key_.get(), nullptr) !=
          1 ||
      EVP_DigestSign(ctx.get(), nullptr, &length,
                     reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1) {
    detail::ThrowOpenSslError("RS256 sign init");
  }
  std::string signature(length, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                     reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1) {
    detail::ThrowOpenSslError("RS256 sign");
  }
  signature.resize(length);
  return signature;
}

bool RsaKey::VerifyRs256(std::string_view data, std::string_view signature) const {
  if (signature.size() != static_cast<size_t>(EVP_PKEY_get_size(key_.get()))) return false;
  MdCtx ctx(EVP_MD_CTX_new());
  const bool ok =
      ctx &&
      EVP_DigestVerifyInit_ex(ctx.get(), nullptr, "SHA256", nullptr, nullptr, key_.get(),
                              nullptr) == 1 &&
      EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                       signature.size(), reinterpret_cast<const unsigned char*>(data.data()),
                       data.size()) == 1;
  // A failed verification queues an error; leave the thread's queue clean for the next caller.
  if (!ok) ERR_clear_error();
  return ok;
}

}  // namespace ccrm::crypto
