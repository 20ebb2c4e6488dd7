#include "crypto/rsa_key.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "common/base64.hpp"
#include "crypto/crypto_error.hpp"

namespace ccrm::crypto {
namespace {

// Generating RSA keys takes tens of milliseconds: share one across the tests.
const RsaKey& TestKey() {
  static const RsaKey key = RsaKey::Generate();
  return key;
}

TEST(RsaKeyTest, SignsAndVerifies) {
  const auto& key = TestKey();
  EXPECT_TRUE(key.HasPrivate());
  EXPECT_EQ(key.Bits(), 2048);
  const auto signature = key.SignRs256("header.payload");
  EXPECT_EQ(signature.size(), 256u);
  EXPECT_TRUE(key.VerifyRs256("header.payload", signature));
  EXPECT_FALSE(key.VerifyRs256("header.payload2", signature));
  std::string flipped = signature;
  flipped[10] = static_cast<char>(flipped[10] ^ 0x01);
  EXPECT_FALSE(key.VerifyRs256("header.payload", flipped));
  EXPECT_FALSE(key.VerifyRs256("header.payload", signature.substr(1)));
  EXPECT_FALSE(key.VerifyRs256("header.payload", ""));
  // PKCS#1 v1.5 is deterministic: the same input signs the same.
  EXPECT_EQ(key.SignRs256("x"), key.SignRs256("x"));
}

TEST(RsaKeyTest, PemRoundTrips) {
  const auto& key = TestKey();
  const auto private_pem = key.PrivatePem();
  EXPECT_TRUE(private_pem.starts_with("-----BEGIN PRIVATE KEY-----"));
  const auto public_pem = key.PublicPem();
  EXPECT_TRUE(public_pem.starts_with("-----BEGIN PUBLIC KEY-----"));

  const auto reloaded = RsaKey::FromPrivatePem(private_pem);
  EXPECT_TRUE(reloaded.HasPrivate());
  EXPECT_TRUE(key.VerifyRs256("data", reloaded.SignRs256("data")));

  const auto public_only = RsaKey::FromPublicPem(public_pem);
  EXPECT_FALSE(public_only.HasPrivate());
  EXPECT_TRUE(public_only.VerifyRs256("data", key.SignRs256("data")));
  EXPECT_THROW(public_only.SignRs256("data"), CryptoError);
  EXPECT_THROW(public_only.PrivatePem(), CryptoError);
  EXPECT_EQ(public_only.PublicPem(), public_pem);
}

TEST(RsaKeyTest, JwkRoundTrips) {
  const auto& key = TestKey();
  const Json jwk = key.Jwk("kid_1");
  EXPECT_EQ(jwk["kty"], "RSA");
  EXPECT_EQ(jwk["kid"], "kid_1");
  EXPECT_EQ(jwk["alg"], "RS256");
  EXPECT_EQ(jwk["use"], "sig");
  EXPECT_EQ(jwk["e"], "AQAB");  // 65537
  const auto n = Base64UrlDecode(jwk["n"].get<std::string>());
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(n->size(), 256u);
  EXPECT_NE((*n)[0], '\0');  // big-endian without leading zeros

  const auto from_jwk = RsaKey::FromJwk(jwk["n"].get<std::string>(), "AQAB");
  EXPECT_FALSE(from_jwk.HasPrivate());
  EXPECT_TRUE(from_jwk.VerifyRs256("data", key.SignRs256("data")));
  EXPECT_EQ(from_jwk.Jwk("kid_1"), jwk);
  EXPECT_EQ(from_jwk.PublicPem(), key.PublicPem());
}

TEST(RsaKeyTest, RefusesMalformedOrWeakKeys) {
  EXPECT_THROW(RsaKey::FromPrivatePem("not a pem"), CryptoError);
  EXPECT_THROW(RsaKey::FromPublicPem(""), CryptoError);
  EXPECT_THROW(RsaKey::FromPublicPem(TestKey().PrivatePem()), CryptoError);
  EXPECT_THROW(RsaKey::FromJwk("", "AQAB"), CryptoError);
  EXPECT_THROW(RsaKey::FromJwk("!!", "AQAB"), CryptoError);
  EXPECT_THROW(RsaKey::Generate(1024), CryptoError);
  // A 1024-bit modulus from a JWK is refused: too weak to trust a signature from.
  EXPECT_THROW(RsaKey::FromJwk(Base64UrlEncode(std::string(128, '\xc3')), "AQAB"), CryptoError);
  // An even exponent is no RSA key.
  const auto n = TestKey().Jwk("k")["n"].get<std::string>();
  EXPECT_THROW(RsaKey::FromJwk(n, "AQAA"), CryptoError);
}

TEST(RsaKeyTest, RefusesAnEncryptedPemWithoutPrompting) {
  EVP_PKEY* pkey = EVP_RSA_gen(2048);
  ASSERT_NE(pkey, nullptr);
  BIO* bio = BIO_new(BIO_s_mem());
  ASSERT_EQ(
      PEM_write_bio_PKCS8PrivateKey(bio, pkey, EVP_aes_256_cbc(), "secret", 6, nullptr, nullptr),
      1);
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  const std::string encrypted(data, static_cast<size_t>(length));
  BIO_free(bio);
  EVP_PKEY_free(pkey);
  ASSERT_TRUE(encrypted.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
  EXPECT_THROW(RsaKey::FromPrivatePem(encrypted), CryptoError);
}

TEST(RsaKeyTest, MovesOwnership) {
  RsaKey a = RsaKey::Generate();
  const auto signature = a.SignRs256("m");
  RsaKey b = std::move(a);
  EXPECT_TRUE(b.VerifyRs256("m", signature));
}

}  // namespace
}  // namespace ccrm::crypto
