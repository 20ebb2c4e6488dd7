#include "common/phone_number.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <thread>
#include <vector>

namespace ccrm {
namespace {

std::string E164(std::string_view entered, std::string_view region = "US") {
  return NormalizeToE164(entered, region).value_or("<refused>");
}

TEST(PhoneNumberTest, ReadsUsNumbersInTheFormatsPeopleType) {
  for (const char* entered :
       {"(555) 201-0100", "555.201.0100", "555-201-0100", "5552010100", "+1 555 201 0100",
        "+15552010100", "1 555 201 0100", "1-555-201-0100", "  (555) 201-0100  ", "555/201 0100"}) {
    EXPECT_EQ(E164(entered), "+15552010100") << entered;
  }
  EXPECT_EQ(E164("(212) 555-0123"), "+12125550123");
}

TEST(PhoneNumberTest, ReadsInternationalPrefixOfTheRegion) {
  EXPECT_EQ(E164("011 44 20 7946 0958", "US"), "+442079460958");
  EXPECT_EQ(E164("00 1 555 201 0100", "GB"), "+15552010100");
  EXPECT_EQ(E164("001 555 201 0100", "DE"), "+15552010100");
  EXPECT_EQ(E164("0044 20 7946 0958", "DE"), "+442079460958");
}

TEST(PhoneNumberTest, ReadsNationalNumbersOfOtherRegions) {
  EXPECT_EQ(E164("020 7946 0958", "GB"), "+442079460958");
  EXPECT_EQ(E164("07700 900123", "GB"), "+447700900123");  // Ofcom drama range: plausible
  EXPECT_EQ(E164("030 1234567", "DE"), "+49301234567");
  EXPECT_EQ(E164("030/1234567", "DE"), "+49301234567");
  EXPECT_EQ(E164("0151 23456789", "DE"), "+4915123456789");
  EXPECT_EQ(E164("+49 (0)30 1234567", "US"), "+49301234567");
  // The region only matters for numbers without a country code.
  EXPECT_EQ(E164("+44 20 7946 0958", "DE"), "+442079460958");
}

TEST(PhoneNumberTest, RegionIsCaseInsensitiveAndAnUnknownOneOnlyReadsPlusNumbers) {
  EXPECT_EQ(E164("020 7946 0958", "gb"), "+442079460958");
  EXPECT_EQ(E164("+1 555 201 0100", "XX"), "+15552010100");
  EXPECT_EQ(E164("+1 555 201 0100", ""), "+15552010100");
  EXPECT_EQ(E164("555 201 0100", "XX"), "<refused>");
}

TEST(PhoneNumberTest, DropsExtensions) {
  for (const char* entered :
       {"555-201-0100 x123", "555-201-0100x123", "555 201 0100 ext. 12", "555 201 0100 EXT 12",
        "555 201 0100 extension 4", "555 201 0100 #12", "(555) 201-0100 ext: 7"}) {
    EXPECT_EQ(E164(entered), "+15552010100") << entered;
  }
}

TEST(PhoneNumberTest, RefusesLettersThatAreNotAnExtension) {
  for (const char* entered :
       {"abc", "1-800-FLOWERS", "5552010100abc", "call 5552010100", "555-201-0100 after 5pm",
        "555 201 0100 x", "555 201 0100 x12345678901", "555 201 0100 ext 12 34", "x123",
        "tel:+1-555-201-0100", "+1 (555) 201-0100;ext=5", "555 201 0100 x12 y"}) {
    EXPECT_EQ(E164(entered), "<refused>") << entered;
  }
}

TEST(PhoneNumberTest, RefusesGarbageAndImplausibleNumbers) {
  for (const char* entered : {"",
                              " ",
                              "+",
                              "0",
                              "12",
                              "()",
                              "---",
                              "201-0100",  // local only: no area code
                              "+1 111 111 1111",
                              "+1 555 101 0100",
                              "055 201 0100",
                              "555 201 01000 1",
                              "+999 1234567",
                              "++1 555 201 0100",
                              "555+201+0100",
                              "555 201 0100 555 201 0100",
                              "555_201_0100",
                              "555,201,0100",
                              "５５５２０１０１００",
                              "555\t201\t0100",
                              "555\n2010100"}) {
    EXPECT_EQ(E164(entered), "<refused>") << entered;
  }
  EXPECT_EQ(E164(std::string_view("555\0 201 0100", 13)), "<refused>");
}

TEST(PhoneNumberTest, RefusesOverlongInputBeforeParsing) {
  const std::string forty = "+1 555 201 0100" + std::string(25, ' ');
  ASSERT_EQ(forty.size(), kMaxPhoneInputLength);
  EXPECT_EQ(E164(forty), "+15552010100");
  EXPECT_EQ(E164(forty + " "), "<refused>");
  EXPECT_EQ(E164(std::string(1'000'000, '5')), "<refused>");
}

TEST(PhoneNumberTest, NeverWritesToStderr) {
  testing::internal::CaptureStderr();
  E164("555 201 0100", "XX");
  E164("+999 1234567", "ZZ");
  E164("garbage 1", "US");
  E164("(555) 201-0100", "not a region");
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

TEST(PhoneNumberTest, IsSafeFromManyThreads) {
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &failures] {
      for (int i = 0; i < 300; ++i) {
        if (E164("(555) 201-0100") != "+15552010100") ++failures[t];
        if (E164("020 7946 0958", "GB") != "+442079460958") ++failures[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(failures[t], 0) << "thread " << t;
}

// NormalizeToE164 reads the everyday North American shapes without the library; for every such
// shape (and near misses), with any digits — area codes and exchanges starting with 0 or 1
// included — and from NANP and other regions, its answer must be the library's.
TEST(PhoneNumberTest, TheEverydayNanpShapesAgreeWithTheLibrary) {
  const std::vector<std::string> trunks = {"", "1", "1 ", "1-", "1.", "+1", "+1 ", "+1-", "+1.",
                                           "+", "11", "+44 ", " ", "1  ", "+ 1 "};
  const std::vector<std::string> bodies = {
      "(DDD) DDD-DDDD", "(DDD)DDD-DDDD", "(DDD) DDD DDDD", "DDD-DDD-DDDD", "DDD.DDD.DDDD",
      "DDD DDD DDDD",   "DDDDDDDDDD",    "DDDDDDDDD",      "DDDDDDDDDDD",  "DDD-DDDD",
      "(DDD DDD-DDDD",  "DDD)-DDD-DDDD", "DDD  DDD DDDD",  "DDD-DDD-DDDD ", "DD DDDD DDDD"};
  const std::vector<std::string> regions = {"US", "CA", "PR", "JM", "GB", "DE", "ZZ"};
  std::mt19937 random(20261127);
  std::uniform_int_distribution<int> digit(0, 9);
  int fast = 0;
  for (int round = 0; round < 6; ++round) {
    for (const std::string& trunk : trunks) {
      for (const std::string& body : bodies) {
        std::string entered = trunk;
        for (const char c : body) entered += c == 'D' ? static_cast<char>('0' + digit(random)) : c;
        for (const std::string& region : regions) {
          const auto mine = NormalizeToE164(entered, region);
          EXPECT_EQ(mine, NormalizeToE164ByLibrary(entered, region))
              << "'" << entered << "' from " << region;
          fast += mine.has_value();
        }
      }
    }
  }
  EXPECT_GT(fast, 1000);  // the shapes were plausible numbers often enough to mean something
}

TEST(PhoneNumberTest, PhoneDigitsKeepsOnlyAsciiDigits) {
  EXPECT_EQ(PhoneDigits("+1 (555) 201-0100"), "15552010100");
  EXPECT_EQ(PhoneDigits("555.201.0100 x12"), "555201010012");
  EXPECT_EQ(PhoneDigits("no digits"), "");
  EXPECT_EQ(PhoneDigits("５５５"), "");
}

TEST(PhoneNumberTest, KnowsRegions) {
  EXPECT_TRUE(IsKnownPhoneRegion("US"));
  EXPECT_TRUE(IsKnownPhoneRegion("gb"));
  EXPECT_TRUE(IsKnownPhoneRegion("DE"));
  EXPECT_FALSE(IsKnownPhoneRegion("XX"));
  EXPECT_FALSE(IsKnownPhoneRegion("ZZ"));
  EXPECT_FALSE(IsKnownPhoneRegion("001"));
  EXPECT_FALSE(IsKnownPhoneRegion("USA"));
  EXPECT_FALSE(IsKnownPhoneRegion(""));
}

}  // namespace
}  // namespace ccrm

namespace ccrm {
namespace {

// Found by fuzzing (server/fuzz/regressions/phone_number): the library strips one national-
// prefix-like digit per reading, so the first reading of this number read differently again.
TEST(PhoneNumberTest, AStoredNumberReadsAsItself) {
  for (std::string_view typed : {"+52 1 15 12304 5678", "+52 1 55 1234 5678", "+44 (0)20 7946 0958"}) {
    const auto e164 = NormalizeToE164(typed, "US");
    ASSERT_TRUE(e164.has_value()) << typed;
    EXPECT_EQ(NormalizeToE164(*e164, "US"), e164) << typed;
    EXPECT_EQ(NormalizeToE164(*e164, "MX"), e164) << typed;
  }
}

// Found by fuzzing (server/fuzz/regressions/phone_number/german-17-digits): the library deems a
// 17-digit German number possible; E.164 stops at 15 digits.
TEST(PhoneNumberTest, NeverMoreThanFifteenDigits) {
  EXPECT_EQ(NormalizeToE164("020 5840 )74646 0958", "DE"), std::nullopt);
  EXPECT_EQ(NormalizeToE164("+49 20 5840 74646 0958", "US"), std::nullopt);
}

}  // namespace
}  // namespace ccrm
