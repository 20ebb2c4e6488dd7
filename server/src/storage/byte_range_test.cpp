#include "storage/byte_range.hpp"

#include <gtest/gtest.h>

namespace ccrm::storage {
namespace {

TEST(ByteRangeTest, ParsesTheThreeFormsOfOneRange) {
  auto r = ByteRange::Parse("bytes=0-99");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->kind, ByteRange::Kind::kFromTo);
  EXPECT_EQ(r->a, 0u);
  EXPECT_EQ(r->b, 99u);
  r = ByteRange::Parse("bytes=100-");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->kind, ByteRange::Kind::kFrom);
  EXPECT_EQ(r->a, 100u);
  r = ByteRange::Parse(" Bytes=-500 ");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->kind, ByteRange::Kind::kSuffix);
  EXPECT_EQ(r->a, 500u);
}

TEST(ByteRangeTest, AnythingElseIsIgnored) {
  for (const char* header : {"", "bytes=", "bytes=-", "items=0-1", "bytes=5-4", "bytes=a-b",
                             "bytes=0-1,5-6", "bytes=1-2-3", "bytes=+1-2", "bytes=99999999999999999999-",
                             "bytes 0-1", "bytes = 0-1"}) {
    EXPECT_FALSE(ByteRange::Parse(header)) << header;
  }
}

TEST(ByteRangeTest, ResolvesAgainstTheSize) {
  auto span = ByteRange::FromTo(10, 1000).Resolve(100);
  ASSERT_TRUE(span);
  EXPECT_EQ(span->first, 10u);
  EXPECT_EQ(span->length, 90u);
  span = ByteRange::Suffix(30).Resolve(100);
  ASSERT_TRUE(span);
  EXPECT_EQ(span->first, 70u);
  EXPECT_EQ(span->length, 30u);
  span = ByteRange::Suffix(300).Resolve(100);
  ASSERT_TRUE(span);
  EXPECT_EQ(span->first, 0u);
  EXPECT_EQ(span->length, 100u);
  EXPECT_FALSE(ByteRange::From(100).Resolve(100));
  EXPECT_FALSE(ByteRange::FromTo(100, 200).Resolve(100));
  EXPECT_FALSE(ByteRange::Suffix(0).Resolve(100));
  EXPECT_FALSE(ByteRange::Suffix(5).Resolve(0));
}

}  // namespace
}  // namespace ccrm::storage
