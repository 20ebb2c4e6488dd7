#include "gateway/security_headers.hpp"

#include <gtest/gtest.h>

namespace ccrm::gateway {
namespace {

size_t Count(const Response& r, std::string_view name) {
  size_t n = 0;
  for (const auto& [k, v] : r.headers.All()) n += k == name ? 1 : 0;
  return n;
}

TEST(SecurityHeadersTest, DefaultsOnAPlainReply) {
  Response r = Response::WithText(200, "x");
  SecurityHeaders::Apply(false, r);
  EXPECT_EQ(*r.headers.Find("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(*r.headers.Find("X-Frame-Options"), "DENY");
  EXPECT_EQ(*r.headers.Find("Referrer-Policy"), "no-referrer");
  EXPECT_EQ(*r.headers.Find("Content-Security-Policy"), SecurityHeaders::kContentSecurityPolicy);
  EXPECT_EQ(*r.headers.Find("Cache-Control"), "no-store");
  EXPECT_EQ(r.headers.Find("Strict-Transport-Security"), nullptr);
}

TEST(SecurityHeadersTest, ForcedOnesReplaceTheHandlersAndDefaultsKeepThem) {
  Response r = Response::WithText(200, "x");
  r.headers.Add("x-frame-options", "SAMEORIGIN");
  r.headers.Add("Content-Security-Policy", "default-src 'none'");
  r.headers.Add("Cache-Control", "public, max-age=60");
  r.headers.Add("Strict-Transport-Security", "max-age=1");
  SecurityHeaders::Apply(true, r);
  EXPECT_EQ(*r.headers.Find("X-Frame-Options"), "DENY");
  EXPECT_EQ(Count(r, "x-frame-options") + Count(r, "X-Frame-Options"), 1u);
  EXPECT_EQ(*r.headers.Find("Content-Security-Policy"), "default-src 'none'");
  EXPECT_EQ(Count(r, "Content-Security-Policy"), 1u);
  EXPECT_EQ(*r.headers.Find("Cache-Control"), "public, max-age=60");
  EXPECT_EQ(*r.headers.Find("Strict-Transport-Security"),
            SecurityHeaders::kStrictTransportSecurity);
  EXPECT_EQ(Count(r, "Strict-Transport-Security"), 1u);
}

TEST(SecurityHeadersTest, AHandlersHstsOverPlainHttpIsLeftAlone) {
  Response r = Response::WithText(200, "x");
  r.headers.Add("Strict-Transport-Security", "max-age=1");
  SecurityHeaders::Apply(false, r);
  EXPECT_EQ(*r.headers.Find("Strict-Transport-Security"), "max-age=1");
}

}  // namespace
}  // namespace ccrm::gateway
