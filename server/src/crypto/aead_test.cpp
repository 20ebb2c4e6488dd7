#include "crypto/aead.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "crypto/random.hpp"

namespace ccrm::crypto {
namespace {

std::string Unhex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  }
  return out;
}

TEST(AeadTest, OpensThePublishedGcmVector) {
  // McGrew & Viega, "The Galois/Counter Mode of Operation", test case 16 (AES-256, with AAD).
  const auto key = Unhex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
  const auto nonce = Unhex("cafebabefacedbaddecaf888");
  const auto aad = Unhex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
  const auto plaintext = Unhex(
      "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449"
      "a6b525b16aedf5aa0de657ba637b39");
  const auto ciphertext = Unhex(
      "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056"
      "828838c5f61e6393ba7a0abcc9f662");
  const auto tag = Unhex("76fc6ece0f4e1768cddf8853bb2d551b");
  EXPECT_EQ(Open(key, nonce + ciphertext + tag, aad), plaintext);
}

TEST(AeadTest, RoundTrips) {
  const auto key = RandomBytes(kAeadKeySize);
  for (const std::string& plaintext : {std::string(), std::string("x"), RandomBytes(100000)}) {
    const auto sealed = Seal(key, plaintext, "aad");
    EXPECT_EQ(sealed.size(), plaintext.size() + kAeadOverhead);
    EXPECT_EQ(Open(key, sealed, "aad"), plaintext);
  }
  // A fresh random nonce each time: sealing twice never repeats.
  EXPECT_NE(Seal(key, "same"), Seal(key, "same"));
}

TEST(AeadTest, DetectsEveryTamperedPart) {
  const auto key = RandomBytes(kAeadKeySize);
  const std::string plaintext = "the private key PEM";
  const auto sealed = Seal(key, plaintext, "signing-key:kid_1");
  ASSERT_EQ(Open(key, sealed, "signing-key:kid_1"), plaintext);

  auto flip = [&](size_t index) {
    std::string copy = sealed;
    copy[index] = static_cast<char>(copy[index] ^ 0x01);
    return copy;
  };
  EXPECT_EQ(Open(key, flip(0), "signing-key:kid_1"), std::nullopt);                  // nonce
  EXPECT_EQ(Open(key, flip(kAeadNonceSize), "signing-key:kid_1"), std::nullopt);     // ciphertext
  EXPECT_EQ(Open(key, flip(sealed.size() - 1), "signing-key:kid_1"), std::nullopt);  // tag
  EXPECT_EQ(Open(key, sealed, "signing-key:kid_2"), std::nullopt);                   // AAD
  EXPECT_EQ(Open(key, sealed, ""), std::nullopt);
  EXPECT_EQ(Open(RandomBytes(kAeadKeySize), sealed, "signing-key:kid_1"), std::nullopt);
  EXPECT_EQ(Open(key, sealed.substr(0, sealed.size() - 1), "signing-key:kid_1"), std::nullopt);
  EXPECT_EQ(Open(key, sealed + "x", "signing-key:kid_1"), std::nullopt);
  EXPECT_EQ(Open(key, "short", "signing-key:kid_1"), std::nullopt);
  EXPECT_EQ(Open(key, "", ""), std::nullopt);
}

TEST(AeadTest, RefusesKeysOfTheWrongSize) {
  EXPECT_THROW(Seal(RandomBytes(16), "x"), std::invalid_argument);
  EXPECT_THROW(Open(RandomBytes(31), std::string(40, 'x')), std::invalid_argument);
}

}  // namespace
}  // namespace ccrm::crypto

namespace ccrm::crypto {
namespace {

TEST(AeadKeyTest, SealsAndOpensTheSameFormatAsSealAndOpenWithOneKeySchedule) {
  const std::string key = RandomBytes(kAeadKeySize);
  AeadKey reused(key);
  std::string sealed = "prefix";
  reused.SealAppend("first message", "aad-1", sealed);
  reused.SealAppend("second", "aad-2", sealed);
  const std::string_view first(sealed.data() + 6, 13 + kAeadOverhead);
  const std::string_view second(sealed.data() + 6 + first.size(), 6 + kAeadOverhead);
  EXPECT_EQ(Open(key, first, "aad-1"), "first message");  // the one-shot Open reads it
  EXPECT_EQ(Open(key, second, "aad-2"), "second");
  EXPECT_NE(first.substr(0, kAeadNonceSize), second.substr(0, kAeadNonceSize));  // fresh nonces

  const std::string one_shot = Seal(key, "from Seal", "aad");
  std::string plain(9, '\0');
  ASSERT_TRUE(reused.OpenInto(one_shot, "aad", plain.data()));
  EXPECT_EQ(plain, "from Seal");
  // Another AAD, a flipped bit, a short input: refused, and nothing readable left behind.
  EXPECT_FALSE(reused.OpenInto(one_shot, "other", plain.data()));
  EXPECT_EQ(plain, std::string(9, '\0'));
  std::string flipped = one_shot;
  flipped[kAeadNonceSize + 2] ^= 0x01;
  EXPECT_FALSE(reused.OpenInto(flipped, "aad", plain.data()));
  EXPECT_FALSE(reused.OpenInto(one_shot.substr(0, kAeadOverhead - 1), "aad", plain.data()));
  // The context recovers after a failure.
  ASSERT_TRUE(reused.OpenInto(one_shot, "aad", plain.data()));
  EXPECT_EQ(plain, "from Seal");
  EXPECT_THROW(AeadKey("short"), std::invalid_argument);
}

}  // namespace
}  // namespace ccrm::crypto
