#include "auth/refresh_cookie.hpp"

#include <gtest/gtest.h>

namespace ccrm::auth {
namespace {

gateway::Request WithCookies(std::string cookie_header, std::string csrf = "") {
  gateway::Request request;
  request.headers.Add("Cookie", std::move(cookie_header));
  if (!csrf.empty()) request.headers.Add("X-CSRF-Token", std::move(csrf));
  return request;
}

int StatusOf(const gateway::Request& request) {
  try {
    RefreshCookie::FromRequest(request);
    return 200;
  } catch (const ProblemException& e) {
    return e.problem().status;
  }
}

TEST(RefreshCookieTest, CsrfTokenIsBoundToTheRefreshToken) {
  const std::string a = RefreshCookie::CsrfTokenFor("token-a");
  EXPECT_EQ(a, RefreshCookie::CsrfTokenFor("token-a"));
  EXPECT_NE(a, RefreshCookie::CsrfTokenFor("token-b"));
  EXPECT_EQ(a.size(), 43u);  // SHA-256, base64url
}

TEST(RefreshCookieTest, ReadsTheCookieOnlyWithItsCsrfHeader) {
  const std::string csrf = RefreshCookie::CsrfTokenFor("rt1");
  EXPECT_EQ(RefreshCookie::FromRequest(
                WithCookies("theme=dark; ccrm_refresh=rt1; ccrm_csrf=" + csrf, csrf)),
            "rt1");
  EXPECT_EQ(StatusOf(WithCookies("ccrm_refresh=rt1")), 401);
  EXPECT_EQ(StatusOf(WithCookies("ccrm_refresh=rt1", "x" + csrf)), 401);
  EXPECT_EQ(StatusOf(WithCookies("ccrm_refresh=rt2", csrf)), 401);
  EXPECT_EQ(StatusOf(WithCookies("xccrm_refresh=rt1", csrf)), 401);
  EXPECT_EQ(StatusOf(WithCookies("ccrm_refresh=", RefreshCookie::CsrfTokenFor(""))), 401);
  EXPECT_EQ(StatusOf(WithCookies("ccrm_refresh=" + std::string(300, 'a'),
                                 RefreshCookie::CsrfTokenFor(std::string(300, 'a')))),
            401);
}

TEST(RefreshCookieTest, SetsAndClearsBothCookiesWithTheirScopes) {
  gateway::Response response;
  RefreshCookie::Set(response, "rt1", std::chrono::hours(1));
  std::vector<std::string> lines;
  for (const auto& [name, value] : response.headers.All()) lines.push_back(value);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "ccrm_refresh=rt1; Path=/api/v1/auth; Max-Age=3600; HttpOnly; Secure; "
                      "SameSite=Strict");
  EXPECT_EQ(lines[1], "ccrm_csrf=" + RefreshCookie::CsrfTokenFor("rt1") +
                          "; Path=/; Max-Age=3600; Secure; SameSite=Strict");
  gateway::Response cleared;
  RefreshCookie::Clear(cleared);
  for (const auto& [name, value] : cleared.headers.All()) {
    EXPECT_NE(value.find("=; Path="), std::string::npos) << value;
    EXPECT_NE(value.find("Max-Age=0"), std::string::npos) << value;
  }
}

}  // namespace
}  // namespace ccrm::auth
