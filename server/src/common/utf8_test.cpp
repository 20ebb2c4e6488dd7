#include "common/utf8.hpp"

#include <gtest/gtest.h>

namespace ccrm {
namespace {

TEST(Utf8Test, DecodesEveryLength) {
  EXPECT_EQ(DecodeUtf8("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"),
            std::u32string(U"a\u00e9\u20ac\U0001F600"));
  EXPECT_EQ(DecodeUtf8(""), std::u32string());
}

TEST(Utf8Test, RefusesMalformedForms) {
  EXPECT_FALSE(DecodeUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(DecodeUtf8("\xED\xA0\x80"));      // a surrogate
  EXPECT_FALSE(DecodeUtf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(DecodeUtf8("\xE2\x82"));          // truncated
  EXPECT_FALSE(DecodeUtf8("\x80"));              // a lone continuation byte
  EXPECT_FALSE(DecodeUtf8("\xFF"));
}

TEST(Utf8Test, NextCodePointLeavesThePositionOnError) {
  size_t pos = 1;
  EXPECT_FALSE(NextCodePoint("a\x80", pos));
  EXPECT_EQ(pos, 1u);
  pos = 0;
  EXPECT_EQ(NextCodePoint("\xC3\xA9x", pos), U'\u00e9');
  EXPECT_EQ(pos, 2u);
}

}  // namespace
}  // namespace ccrm
