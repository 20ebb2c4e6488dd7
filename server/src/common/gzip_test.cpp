#include "common/gzip.hpp"

#include <gtest/gtest.h>

namespace ccrm {
namespace {

TEST(GzipTest, InflatesWhatItDeflatedAndConcatenatedMembers) {
  const std::string text(100'000, 'x');
  GunzipError error;
  EXPECT_EQ(Gunzip(Gzip(text), 1 << 20, error), text);
  EXPECT_EQ(error, GunzipError::kNone);
  EXPECT_EQ(Gunzip(Gzip("ab") + Gzip("cd"), 16, error), "abcd");
  EXPECT_EQ(Gunzip(Gzip(""), 16, error), "");
}

TEST(GzipTest, RefusesABombPastTheLimitWithoutHoldingIt) {
  const std::string bomb = Gzip(std::string(50'000'000, '\0'));
  ASSERT_LT(bomb.size(), 100'000u);
  GunzipError error;
  EXPECT_FALSE(Gunzip(bomb, 1'000'000, error));
  EXPECT_EQ(error, GunzipError::kTooLarge);
  // Exactly at the limit passes.
  EXPECT_TRUE(Gunzip(Gzip(std::string(1000, 'a')), 1000, error));
}

TEST(GzipTest, RefusesWhatIsNotGzipOrEndsEarly) {
  GunzipError error;
  EXPECT_FALSE(Gunzip("{\"records\": []}", 1000, error));
  EXPECT_EQ(error, GunzipError::kCorrupt);
  const std::string whole = Gzip(std::string(5000, 'q'));
  EXPECT_FALSE(Gunzip(std::string_view(whole).substr(0, whole.size() / 2), 100'000, error));
  EXPECT_EQ(error, GunzipError::kCorrupt);
  EXPECT_FALSE(Gunzip("", 1000, error));
  EXPECT_EQ(error, GunzipError::kCorrupt);
  std::string flipped = whole;
  flipped[flipped.size() - 6] ^= 0x40;  // the CRC-32 trailer
  EXPECT_FALSE(Gunzip(flipped, 100'000, error));
  EXPECT_EQ(error, GunzipError::kCorrupt);
}

}  // namespace
}  // namespace ccrm
