#include "crypto/digest.hpp"

#include <gtest/gtest.h>

#include "crypto/constant_time.hpp"
#include "crypto/random.hpp"

namespace ccrm::crypto {
namespace {

TEST(DigestTest, Sha256PublishedVectors) {
  // FIPS 180-2 Appendix B.1 and the empty message.
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256("abc").size(), kSha256Size);
  EXPECT_EQ(HexEncode(Sha256("abc")), Sha256Hex("abc"));
}

TEST(DigestTest, HmacSha256Rfc4231) {
  // Test case 1: key = 20 x 0x0b.
  EXPECT_EQ(HexEncode(HmacSha256(std::string(20, '\x0b'), "Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  // Test case 2: key "Jefe".
  EXPECT_EQ(HexEncode(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // Test case 6: a key longer than the block size is hashed first.
  EXPECT_EQ(HexEncode(HmacSha256(std::string(131, '\xaa'),
                                 "Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(DigestTest, HmacSha256AcceptsAnEmptyKey) {
  EXPECT_EQ(HexEncode(HmacSha256("", "")),
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

TEST(DigestTest, HmacSha1Rfc2202) {
  EXPECT_EQ(HexEncode(HmacSha1(std::string(20, '\x0b'), "Hi There")),
            "b617318655057264e28bc0b6fb378c8ef146be00");
  EXPECT_EQ(HexEncode(HmacSha1("Jefe", "what do ya want for nothing?")),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
  EXPECT_EQ(HmacSha1("k", "d").size(), kSha1Size);
}

TEST(DigestTest, HkdfSha256Rfc5869) {
  const std::string ikm(22, '\x0b');
  // Test case 1.
  EXPECT_EQ(HexEncode(HkdfSha256(ikm, std::string("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c", 13),
                                 "\xf0\xf1\xf2\xf3\xf4\xf5\xf6\xf7\xf8\xf9", 42)),
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
  // Test case 3: no salt, no info.
  EXPECT_EQ(HexEncode(HkdfSha256(ikm, "", "", 42)),
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
  EXPECT_EQ(HkdfSha256(ikm, "s", "i").size(), kSha256Size);
  EXPECT_NE(HkdfSha256(ikm, "s", "audit"), HkdfSha256(ikm, "s", "other"));
  EXPECT_THROW(HkdfSha256(ikm, "s", "i", 0), std::exception);
}

TEST(ConstantTimeTest, ComparesContentsAndLengths) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));
  EXPECT_FALSE(ConstantTimeEquals("", "a"));
  EXPECT_TRUE(ConstantTimeEquals(std::string("a\0b", 3), std::string("a\0b", 3)));
  EXPECT_FALSE(ConstantTimeEquals(std::string("a\0b", 3), std::string("a\0c", 3)));
}

TEST(RandomTest, BytesAndTokens) {
  EXPECT_EQ(RandomBytes(0), "");
  EXPECT_EQ(RandomBytes(64).size(), 64u);
  EXPECT_NE(RandomBytes(32), RandomBytes(32));
  const auto token = RandomToken();
  EXPECT_EQ(token.size(), 43u);  // 32 bytes, base64url unpadded
  EXPECT_EQ(
      token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos);
  EXPECT_EQ(RandomToken(16).size(), 22u);
  EXPECT_NE(RandomToken(), RandomToken());
}

}  // namespace
}  // namespace ccrm::crypto

namespace ccrm::crypto {
namespace {

TEST(DigestTest, Sha256HasherMatchesTheOneShotDigestWhateverThePieces) {
  std::string data;
  for (int i = 0; i < 100000; ++i) data.push_back(static_cast<char>(i * 7));
  Sha256Hasher hasher;
  for (size_t at = 0, step = 1; at < data.size(); at += step, step = step * 2 % 9973 + 1) {
    hasher.Update(std::string_view(data).substr(at, step));
  }
  EXPECT_EQ(hasher.Final(), Sha256(data));
  // Final starts over: the empty input's published digest.
  EXPECT_EQ(HexEncode(hasher.Final()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

}  // namespace
}  // namespace ccrm::crypto

namespace ccrm::crypto {
namespace {

TEST(DigestTest, HexDecodeUndoesHexEncodeAndRefusesWhatIsNotHex) {
  const std::string bytes("\x00\x7f\x80\xff\x12", 5);
  EXPECT_EQ(HexDecode(HexEncode(bytes)), bytes);
  EXPECT_EQ(HexDecode("ABcd"), std::string("\xab\xcd"));
  EXPECT_EQ(HexDecode(""), std::string());
  EXPECT_FALSE(HexDecode("abc"));
  EXPECT_FALSE(HexDecode("zz"));
}

}  // namespace
}  // namespace ccrm::crypto
