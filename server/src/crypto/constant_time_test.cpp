#include "crypto/constant_time.hpp"

#include <gtest/gtest.h>

#include <string>

namespace ccrm::crypto {
namespace {

TEST(ConstantTimeEqualsTest, EqualOnlyForTheSameBytes) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  const std::string token(1003, 'x');  // words and a tail
  for (size_t at : {size_t{0}, size_t{7}, size_t{8}, size_t{500}, size_t{999}, size_t{1002}}) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string other = token;
      other[at] = static_cast<char>(other[at] ^ (1 << bit));
      EXPECT_FALSE(ConstantTimeEquals(token, other)) << at << " " << bit;
    }
  }
  EXPECT_TRUE(ConstantTimeEquals(token, std::string(1003, 'x')));
}

}  // namespace
}  // namespace ccrm::crypto
