#include "crypto/base32.hpp"

#include <gtest/gtest.h>

namespace ccrm::crypto {
namespace {

TEST(Base32Test, Rfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                         {"f", "MY"},
                                                         {"fo", "MZXQ"},
                                                         {"foo", "MZXW6"},
                                                         {"foob", "MZXW6YQ"},
                                                         {"fooba", "MZXW6YTB"},
                                                         {"foobar", "MZXW6YTBOI"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(Base32Encode(plain), encoded) << plain;
    EXPECT_EQ(Base32Decode(encoded), plain) << encoded;
  }
}

TEST(Base32Test, DecodesPaddedAndLowerCase) {
  EXPECT_EQ(Base32Decode("MY======"), "f");
  EXPECT_EQ(Base32Decode("MZXQ===="), "fo");
  EXPECT_EQ(Base32Decode("MZXW6==="), "foo");
  EXPECT_EQ(Base32Decode("MZXW6YQ="), "foob");
  EXPECT_EQ(Base32Decode("MZXW6YTBOI======"), "foobar");
  EXPECT_EQ(Base32Decode("mzxw6ytboi"), "foobar");
}

TEST(Base32Test, RejectsMalformed) {
  EXPECT_EQ(Base32Decode("M"), std::nullopt);  // impossible length
  EXPECT_EQ(Base32Decode("MZX"), std::nullopt);
  EXPECT_EQ(Base32Decode("MZXW6Y"), std::nullopt);
  EXPECT_EQ(Base32Decode("MZ"), std::nullopt);   // non-zero unused bits ("MY" is canonical)
  EXPECT_EQ(Base32Decode("MY1"), std::nullopt);  // 1 is not in the alphabet
  EXPECT_EQ(Base32Decode("MZXW 6YTB"), std::nullopt);
  EXPECT_EQ(Base32Decode("MY==="), std::nullopt);  // padding must complete the block
  EXPECT_EQ(Base32Decode("MY=====A"), std::nullopt);
  EXPECT_EQ(Base32Decode("========"), std::nullopt);
}

TEST(Base32Test, RoundTripsEveryByte) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  for (size_t n = 0; n <= all.size(); n += 7) {
    EXPECT_EQ(Base32Decode(Base32Encode(all.substr(0, n))), all.substr(0, n));
  }
}

}  // namespace
}  // namespace ccrm::crypto
