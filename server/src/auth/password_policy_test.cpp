#include "auth/password_policy.hpp"

#include <gtest/gtest.h>

namespace ccrm::auth {
namespace {

std::vector<std::string> Messages(std::string_view password, std::string_view username = "ann",
                                  std::string_view email = "ann.smith@example.com") {
  std::vector<std::string> out;
  for (const auto& e : CheckPassword(password, username, email)) out.push_back(e.message);
  return out;
}

bool Accepted(std::string_view password) { return Messages(password).empty(); }

bool Mentions(const std::vector<std::string>& messages, std::string_view word) {
  for (const auto& m : messages) {
    if (m.find(word) != std::string::npos) return true;
  }
  return false;
}

TEST(PasswordPolicyTest, EmbedsTheCommonPasswordsList) { EXPECT_GE(CommonPasswordCount(), 10000u); }

TEST(PasswordPolicyTest, AcceptsLongUnpredictablePasswords) {
  EXPECT_TRUE(Accepted("correct horse battery staple"));
  EXPECT_TRUE(Accepted("plum-Ostrich-42-vacuum"));
  EXPECT_TRUE(Accepted("x83619402758"));
  EXPECT_TRUE(Accepted("Zürich Ölfass Früh"));
}

TEST(PasswordPolicyTest, CountsCharactersNotBytes) {
  // 11 characters in 22 bytes: too short. 12 characters: long enough.
  EXPECT_TRUE(Mentions(Messages("жёлтыйкотик"), "at least 12"));
  EXPECT_TRUE(Accepted("жёлтыйкотик7"));
  const auto errors = CheckPassword("short", "ann", "a@b.c", "newPassword");
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors[0].field, "newPassword");
  EXPECT_NE(errors[0].message.find("this one has 5"), std::string::npos);
}

TEST(PasswordPolicyTest, RefusesTooLong) {
  std::string long_one;
  for (int i = 0; long_one.size() < 257; ++i) long_one += "word" + std::to_string(i * 7919) + " ";
  EXPECT_TRUE(Mentions(Messages(long_one.substr(0, 257)), "at most 256"));
  EXPECT_FALSE(Mentions(Messages(long_one.substr(0, 256)), "at most 256"));
}

TEST(PasswordPolicyTest, RefusesTheUsernameAndEmail) {
  EXPECT_TRUE(Mentions(Messages("Kowalski1234", "kowalski1234"), "username"));
  EXPECT_TRUE(Mentions(Messages("JOHN.KOWALSKI", "jk", "john.kowalski@example.com"), "email"));
  EXPECT_TRUE(
      Mentions(Messages("john.kowalski@example.com", "jk", "john.kowalski@example.com"), "email"));
  // Decorated with digits and punctuation, still the username.
  EXPECT_TRUE(Mentions(Messages("Kowalski.Jan2024!", "kowalski.jan"), "username"));
}

TEST(PasswordPolicyTest, RefusesCommonPasswordsAndTheirDecorations) {
  for (const char* common : {"password1234", "qwertyuiop123", "Password12345!", "!!Password2024",
                             "iloveyou1234", "PASSWORD1234", "sunshine2024!", "1234567890123"}) {
    EXPECT_FALSE(Accepted(common)) << common;
  }
  EXPECT_TRUE(Mentions(Messages("Password12345!"), "commonly used"));
}

TEST(PasswordPolicyTest, RefusesTrivialPatterns) {
  for (const char* weak : {"aaaaaaaaaaaa", "111111111111", "abababababab", "abcabcabcabc",
                           "abcdabcdabcd", "abcdefghijkl", "lkjihgfedcba", "123456789012",
                           "zyxwvutsrqpo", "asdfghjkl;'a", "passwordpassword", "1qaz2wsx3edc",
                           "aaaabbbbcccc", "ZZZZZZZZZZZZ99", "abcdefghijkl2024!"}) {
    EXPECT_FALSE(Accepted(weak)) << weak;
  }
}

TEST(PasswordPolicyTest, RefusesInvalidTextAndControlCharacters) {
  EXPECT_TRUE(Mentions(Messages("valid start \xff\xfe end"), "UTF-8"));
  EXPECT_TRUE(Mentions(Messages("overlong \xc0\xaf slash!!"), "UTF-8"));
  EXPECT_TRUE(Mentions(Messages("surrogate \xed\xa0\x80 half"), "UTF-8"));
  EXPECT_TRUE(Mentions(Messages("correct horse battery staple\n"), "control characters"));
}

TEST(PasswordPolicyTest, ReportsEveryProblemOnce) {
  const auto messages = Messages("password");
  EXPECT_EQ(messages.size(), 2u);  // too short, and common
  EXPECT_TRUE(Mentions(messages, "at least 12"));
  EXPECT_TRUE(Mentions(messages, "commonly used"));
}

}  // namespace
}  // namespace ccrm::auth
