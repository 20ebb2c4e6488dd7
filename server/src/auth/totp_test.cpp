#include "auth/totp.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "crypto/base32.hpp"

namespace ccrm::auth {
namespace {

constexpr char kRfcSecret[] = "12345678901234567890";  // RFC 6238 Appendix B, SHA-1

TEST(TotpTest, Rfc6238AppendixBVectors) {
  // The RFC lists 8-digit codes; a 6-digit code is the same value modulo 10^6, i.e. the last
  // six digits.
  const std::pair<int64_t, const char*> vectors[] = {
      {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
      {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"}};
  for (const auto& [time, eight_digits] : vectors) {
    EXPECT_EQ(TotpCode(kRfcSecret, time), std::string(eight_digits).substr(2)) << time;
  }
}

TEST(TotpTest, StepsAreThirtySeconds) {
  EXPECT_EQ(TotpCode(kRfcSecret, 60), TotpCode(kRfcSecret, 89));
  EXPECT_NE(TotpCode(kRfcSecret, 89), TotpCode(kRfcSecret, 90));
}

TEST(TotpTest, VerifiesWithinTheWindowAndReturnsTheStep) {
  const int64_t now = 1234567890;  // step 41152263
  const int64_t step = now / 30;
  EXPECT_EQ(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, now), now, std::nullopt), step);
  EXPECT_EQ(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, now - 30), now, std::nullopt), step - 1);
  EXPECT_EQ(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, now + 30), now, std::nullopt), step + 1);
  EXPECT_EQ(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, now - 60), now, std::nullopt),
            std::nullopt);
  EXPECT_EQ(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, now + 60), now, std::nullopt),
            std::nullopt);
  EXPECT_EQ(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, now - 60), now, std::nullopt, 2), step - 2);
  EXPECT_EQ(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, now - 30), now, std::nullopt, 0),
            std::nullopt);
}

TEST(TotpTest, RefusesAStepAlreadyUsed) {
  const int64_t now = 1234567890;
  const int64_t step = now / 30;
  const std::string code = TotpCode(kRfcSecret, now);
  const auto used = VerifyTotp(kRfcSecret, code, now, std::nullopt);
  ASSERT_EQ(used, step);
  EXPECT_EQ(VerifyTotp(kRfcSecret, code, now, used), std::nullopt);
  EXPECT_EQ(VerifyTotp(kRfcSecret, code, now + 20, used), std::nullopt);  // still in the window
  // An older code is refused once a newer step was used.
  EXPECT_EQ(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, now - 30), now, used), std::nullopt);
  // The next step's code is fine.
  EXPECT_EQ(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, now + 30), now + 30, used), step + 1);
}

TEST(TotpTest, RefusesMalformedCodes) {
  const int64_t now = 1234567890;
  const std::string code = TotpCode(kRfcSecret, now);
  for (const std::string& bad :
       {std::string(), code.substr(1), code + "0", " " + code.substr(1), code.substr(0, 5) + "a",
        std::string("00592４"), std::string("+05924"), std::string("89005924")}) {
    EXPECT_EQ(VerifyTotp(kRfcSecret, bad, now, std::nullopt), std::nullopt) << bad;
  }
  EXPECT_EQ(VerifyTotp(kRfcSecret, "123456", now, std::nullopt) == std::nullopt, code != "123456");
}

TEST(TotpTest, RefusesShortSecretsAndBadArguments) {
  EXPECT_THROW(TotpCode("short", 0), std::invalid_argument);
  EXPECT_THROW(TotpCode(kRfcSecret, -1), std::invalid_argument);
  EXPECT_THROW(VerifyTotp(kRfcSecret, "000000", 0, std::nullopt, -1), std::invalid_argument);
  EXPECT_THROW(VerifyTotp(kRfcSecret, "000000", 0, std::nullopt, 11), std::invalid_argument);
}

TEST(TotpTest, NewSecretsAreRandom160Bits) {
  const auto a = NewTotpSecret();
  EXPECT_EQ(a.size(), 20u);
  EXPECT_NE(a, NewTotpSecret());
  EXPECT_EQ(TotpCode(a, 1000).size(), 6u);
}

TEST(TotpTest, OtpAuthUri) {
  EXPECT_EQ(OtpAuthUri("Claim Connectors", "ann@example.com", kRfcSecret),
            "otpauth://totp/Claim%20Connectors:ann%40example.com"
            "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Claim%20Connectors"
            "&algorithm=SHA1&digits=6&period=30");
  EXPECT_EQ(crypto::Base32Decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), kRfcSecret);
  EXPECT_NE(OtpAuthUri("CCRM", "j&d?x=1", kRfcSecret).find("j%26d%3Fx%3D1"), std::string::npos);
  EXPECT_THROW(OtpAuthUri("A:B", "ann", kRfcSecret), std::invalid_argument);
  EXPECT_THROW(OtpAuthUri("CCRM", "a:b", kRfcSecret), std::invalid_argument);
  EXPECT_THROW(OtpAuthUri("", "ann", kRfcSecret), std::invalid_argument);
}

}  // namespace
}  // namespace ccrm::auth
