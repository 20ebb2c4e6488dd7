#include "common/clock.hpp"

#include <gtest/gtest.h>

namespace ccrm {
namespace {

TEST(ClockTest, FormatsWithMilliseconds) {
  const auto t = std::chrono::system_clock::time_point(std::chrono::milliseconds(1764161971123));
  EXPECT_EQ(FormatRfc3339Millis(t), "2025-11-26T12:59:31.123Z");
  EXPECT_EQ(FormatRfc3339Millis(std::chrono::system_clock::time_point{}),
            "1970-01-01T00:00:00.000Z");
}

// The formatter keeps the last second's text per thread: a change of second (forwards, back,
// before 1970) must never reuse it.
TEST(ClockTest, FormatsEachSecondAfreshWhateverTheOrder) {
  using std::chrono::milliseconds;
  const auto at = [](int64_t ms) {
    return std::chrono::system_clock::time_point(milliseconds(ms));
  };
  EXPECT_EQ(FormatRfc3339Millis(at(1764161971123)), "2025-11-26T12:59:31.123Z");
  EXPECT_EQ(FormatRfc3339Millis(at(1764161971999)), "2025-11-26T12:59:31.999Z");
  EXPECT_EQ(FormatRfc3339Millis(at(1764161972000)), "2025-11-26T12:59:32.000Z");
  EXPECT_EQ(FormatRfc3339Millis(at(1764161971005)), "2025-11-26T12:59:31.005Z");
  EXPECT_EQ(FormatRfc3339Millis(at(-1)), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(FormatRfc3339Millis(at(1764161971040)), "2025-11-26T12:59:31.040Z");
}

TEST(ClockTest, ParsesOffsetsAndFractions) {
  const auto a = ParseRfc3339("2025-11-26T12:59:31.123Z");
  const auto b = ParseRfc3339("2025-11-26T14:59:31.123456+02:00");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(FormatRfc3339Millis(*ParseRfc3339("2025-11-26T12:59:31Z")), "2025-11-26T12:59:31.000Z");
}

TEST(ClockTest, RejectsMalformedAndImpossibleDates) {
  for (const char* bad : {"", "2025-11-26", "2025-11-26T12:59:31", "2025-02-30T00:00:00Z",
                          "2025-13-01T00:00:00Z", "2025-11-26T24:00:00Z", "2025-11-26T12:59:31.Z",
                          "2025-11-26T12:59:31+0200", "2025-11-26T12:59:31Zjunk"}) {
    EXPECT_FALSE(ParseRfc3339(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace ccrm

namespace ccrm {
namespace {

TEST(ClockRangeTest, YearsTheClockCannotHoldAreRefusedNotWrapped) {
  EXPECT_FALSE(ParseRfc3339("2999-12-31T23:59:59Z"));
  EXPECT_FALSE(ParseRfc3339("9999-01-01T00:00:00Z"));
  EXPECT_FALSE(ParseRfc3339("1600-01-01T00:00:00Z"));
  const auto last = ParseRfc3339("2261-12-31T23:59:59.999Z");
  ASSERT_TRUE(last);
  EXPECT_EQ(FormatRfc3339Millis(*last), "2261-12-31T23:59:59.999Z");
}

}  // namespace
}  // namespace ccrm
