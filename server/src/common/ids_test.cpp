#include "common/ids.hpp"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>

namespace ccrm {
namespace {

TEST(IdsTest, PrefixedUlidShape) {
  const auto id = NewId("lead");
  EXPECT_EQ(id.size(), 5u + 26u);
  EXPECT_TRUE(id.starts_with("lead_"));
  EXPECT_TRUE(IsValidId(id, "lead"));
  EXPECT_FALSE(IsValidId(id, "doc"));
  EXPECT_FALSE(IsValidId("lead_", "lead"));
  EXPECT_FALSE(IsValidId("lead_8zzzzzzzzzzzzzzzzzzzzzzzzz", "lead"));  // > 128 bits
  EXPECT_FALSE(IsValidId("lead_0000000000000000000000000u", "lead"));  // 'u' is not Crockford
}

TEST(IdsTest, EncodesTimeInTheFirstTenCharacters) {
  // 2^48 - 1 ms is the largest time a ULID holds: "7zzzzzzzzz".
  EXPECT_EQ(NewUlid((int64_t{1} << 48) - 1).substr(0, 10), "7zzzzzzzzz");
  EXPECT_EQ(NewUlid(0).substr(0, 10) < NewUlid(1).substr(0, 10), true);
  // Known value: 1469918176385 ms is "01aryz6s41" (the ULID spec example 01ARYZ6S41…).
  EXPECT_EQ(NewUlid(1469918176385).substr(0, 10), "01aryz6s41");
}

TEST(IdsTest, SortInCreationOrderEvenWithinOneMillisecond) {
  std::string previous;
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) {
    auto id = NewId("x");
    EXPECT_GT(id, previous);
    previous = id;
    seen.insert(std::move(id));
  }
  EXPECT_EQ(seen.size(), 10000u);
}

TEST(IdsTest, DerivedIdsAreValidAndDependOnTheSeedOnly) {
  const std::string seed(16, '\xff');
  const std::string id = DerivedId("usr", seed);
  EXPECT_EQ(id, "usr_7zzzzzzzzzzzzzzzzzzzzzzzzz");  // all 128 bits set
  EXPECT_TRUE(IsValidId(id, "usr"));
  EXPECT_EQ(DerivedId("usr", seed + "ignored"), id);  // the first 16 bytes only
  std::string other = seed;
  other[15] = '\xfe';
  EXPECT_NE(DerivedId("usr", other), id);
  EXPECT_EQ(DerivedId("usr", std::string(16, '\0')), "usr_" + std::string(26, '0'));
  EXPECT_THROW(DerivedId("usr", "short"), std::invalid_argument);
}

}  // namespace
}  // namespace ccrm
