#include "common/ids.hpp"

#include <gtest/gtest.h>

#include <set>

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

}  // namespace
}  // namespace ccrm
