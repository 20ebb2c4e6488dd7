// An RSA key (pair or public only) for RS256 signatures and its JWK form, over OpenSSL 3 EVP_PKEY.
#pragma once

#include <openssl/types.h>

#include <memory>
#include <string>
#include <string_view>

#include "common/json.hpp"

namespace ccrm::crypto {

// Move-only owner of an EVP_PKEY holding an RSA key of 2048 to 8192 bits. The const members
// are safe to call from many threads at once. Every failure (malformed PEM or JWK, a key that
// is not RSA or is too small, a library error) throws CryptoError.
class RsaKey {
 public:
  static constexpr int kMinBits = 2048;
  static constexpr int kMaxBits = 8192;  // larger keys only make verification slow (a DoS lever)

  static RsaKey Generate(int bits = kMinBits);
  // PKCS#8 ("BEGIN PRIVATE KEY") or PKCS#1 ("BEGIN RSA PRIVATE KEY"); encrypted PEMs are refused
  // (no passphrase prompt). The pair is checked for consistency.
  static RsaKey FromPrivatePem(std::string_view pem);
  // SubjectPublicKeyInfo ("BEGIN PUBLIC KEY").
  static RsaKey FromPublicPem(std::string_view pem);
  // The "n" and "e" members of an RSA JWK (base64url, big-endian).
  static RsaKey FromJwk(std::string_view n_base64url, std::string_view e_base64url);

  RsaKey(RsaKey&&) noexcept;
  RsaKey& operator=(RsaKey&&) noexcept;
  RsaKey(const RsaKey&) = delete;
  RsaKey& operator=(const RsaKey&) = delete;
  ~RsaKey();

  bool HasPrivate() const { return has_private_; }
  int Bits() const;

  // PKCS#8 PEM of the private key: a secret. Wipe the string when done (OPENSSL_cleanse).
  // Throws CryptoError on a public-only key.
  std::string PrivatePem() const;
  std::string PublicPem() const;
  // The DER SubjectPublicKeyInfo: what key fingerprints are taken over.
  std::string PublicDer() const;
  // {kty: "RSA", kid, alg: "RS256", use: "sig", n, e}: n and e base64url without leading zeros.
  Json Jwk(std::string_view kid) const;

  // RSASSA-PKCS1-v1_5 with SHA-256 over `data`: the raw signature (Bits()/8 bytes).
  // Throws CryptoError on a public-only key.
  std::string SignRs256(std::string_view data) const;
  // False for any mismatch, including a signature of the wrong length. Never throws for bad input.
  bool VerifyRs256(std::string_view data, std::string_view signature) const;

 private:
  struct PkeyFree {
    void operator()(EVP_PKEY* key) const;
  };
  RsaKey(std::unique_ptr<EVP_PKEY, PkeyFree> key, bool has_private);

  std::unique_ptr<EVP_PKEY, PkeyFree> key_;
  bool has_private_ = false;
};

}  // namespace ccrm::crypto
