#include "leads/phone_query.hpp"

#include <gtest/gtest.h>

namespace ccrm::leads {
namespace {

TEST(PhonePrefixOfTest, DigitGroupsTypedAsAPhoneNumberAreOneNumber) {
  EXPECT_EQ(PhonePrefixOf("713 205"), "713205");
  EXPECT_EQ(PhonePrefixOf("512 2"), "5122");
  EXPECT_EQ(PhonePrefixOf("(512) 555-0134"), "5125550134");
  EXPECT_EQ(PhonePrefixOf("+1 713.205.0042"), "17132050042");
  EXPECT_EQ(PhonePrefixOf("  713\t205 "), "713205");
}

TEST(PhonePrefixOfTest, AnythingElseIsSearchedAsWords) {
  EXPECT_EQ(PhonePrefixOf("5125550134"), std::nullopt);  // one group: already one token
  EXPECT_EQ(PhonePrefixOf("1 2"), std::nullopt);         // fewer than three digits
  EXPECT_EQ(PhonePrefixOf("12 Elm"), std::nullopt);
  EXPECT_EQ(PhonePrefixOf("CLM-778 21"), std::nullopt);
  EXPECT_EQ(PhonePrefixOf("1234567890 1234567"), std::nullopt);  // 17 digits: not a phone
  EXPECT_EQ(PhonePrefixOf(""), std::nullopt);
  EXPECT_EQ(PhonePrefixOf("- ( ) +"), std::nullopt);
}

}  // namespace
}  // namespace ccrm::leads
