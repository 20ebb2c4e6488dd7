#include "common/ascii.hpp"

#include <gtest/gtest.h>

namespace ccrm {
namespace {

TEST(AsciiTest, IEqualsIgnoresAsciiCaseOnly) {
  EXPECT_TRUE(IEquals("Content-Length", "content-LENGTH"));
  EXPECT_TRUE(IEquals("", ""));
  EXPECT_FALSE(IEquals("Content-Length", "Content-Lengt"));
  EXPECT_FALSE(IEquals("etag", "e-tag"));
  EXPECT_FALSE(IEquals("\xc3\xa9", "\xc3\x89"));  // é and É: not ASCII, not folded
}

TEST(AsciiTest, TrimAsciiDropsSpacesTabsAndLineEnds) {
  EXPECT_EQ(TrimAscii("  a b \t\r\n"), "a b");
  EXPECT_EQ(TrimAscii("\t\r\n "), "");
  EXPECT_EQ(TrimAscii(""), "");
  EXPECT_EQ(TrimAscii("x"), "x");
}

}  // namespace
}  // namespace ccrm
