// The web app's session against the real binary: the refresh token in an HttpOnly cookie,
// refreshed and revoked only with the CSRF header bound to it.
#include <gtest/gtest.h>

#include <string>

#include "harness.hpp"
#include "identity_client.hpp"

namespace ccrm::testing {
namespace {

struct Cookies {
  std::string refresh;
  std::string csrf;
  std::vector<std::string> set_cookie;  // the raw Set-Cookie lines
};

Cookies CookiesOf(const HttpResponse& response) {
  Cookies cookies;
  for (const auto& [name, value] : response.headers) {
    if (!EqualsIgnoreCase(name, "Set-Cookie")) continue;
    cookies.set_cookie.push_back(value);
    const std::string pair = value.substr(0, value.find(';'));
    const size_t eq = pair.find('=');
    if (pair.substr(0, eq) == "ccrm_refresh") cookies.refresh = pair.substr(eq + 1);
    if (pair.substr(0, eq) == "ccrm_csrf") cookies.csrf = pair.substr(eq + 1);
  }
  return cookies;
}

class AuthCookieTest : public ::testing::Test {
 protected:
  HttpResponse CookieCall(const std::string& path, const Cookies& cookies,
                          const std::string& csrf) {
    HeaderList headers = {{"Content-Type", "application/json"},
                          {"Cookie", "ccrm_refresh=" + cookies.refresh + "; ccrm_csrf=" +
                                         cookies.csrf}};
    if (!csrf.empty()) headers.emplace_back("X-CSRF-Token", csrf);
    return Request(server_.port(), "POST", path, headers, R"({"tokenDelivery":"cookie"})");
  }

  ServerProcess server_{WithAdminPassword()};
};

TEST_F(AuthCookieTest, SignInSetsAnHttpOnlyRefreshCookieAndNoTokenInTheBody) {
  const auto response = PostJson(server_.port(), "/api/v1/auth/login",
                                 {{"username", "admin"},
                                  {"password", kAdminPassword},
                                  {"tokenDelivery", "cookie"}});
  ASSERT_EQ(response.status, 200) << response.Describe();
  const Json body = Json::parse(response.body);
  EXPECT_TRUE(body.contains("accessToken"));
  EXPECT_FALSE(body.contains("refreshToken")) << response.body;
  const Cookies cookies = CookiesOf(response);
  ASSERT_EQ(cookies.set_cookie.size(), 2u) << response.Describe();
  ASSERT_FALSE(cookies.refresh.empty());
  ASSERT_FALSE(cookies.csrf.empty());
  for (const std::string& line : cookies.set_cookie) {
    EXPECT_NE(line.find("; Secure"), std::string::npos) << line;
    EXPECT_NE(line.find("; SameSite=Strict"), std::string::npos) << line;
    EXPECT_NE(line.find("; Max-Age=2592000"), std::string::npos) << line;
  }
  const std::string& refresh_line =
      cookies.set_cookie[0].starts_with("ccrm_refresh") ? cookies.set_cookie[0]
                                                        : cookies.set_cookie[1];
  EXPECT_NE(refresh_line.find("; Path=/api/v1/auth;"), std::string::npos) << refresh_line;
  EXPECT_NE(refresh_line.find("; HttpOnly"), std::string::npos) << refresh_line;
  // The JSON mode for machine clients is unchanged.
  EXPECT_TRUE(Login(server_.port(), "admin", kAdminPassword).contains("refreshToken"));
}

TEST_F(AuthCookieTest, RefreshNeedsTheCsrfHeaderAndRotatesTheCookie) {
  const Cookies first = CookiesOf(PostJson(
      server_.port(), "/api/v1/auth/login",
      {{"username", "admin"}, {"password", kAdminPassword}, {"tokenDelivery", "cookie"}}));
  ASSERT_FALSE(first.refresh.empty());

  // A cross-site request carries the cookies but cannot know the CSRF token.
  EXPECT_TRUE(IsProblem(CookieCall("/api/v1/auth/refresh", first, ""), 401));
  EXPECT_TRUE(IsProblem(CookieCall("/api/v1/auth/refresh", first, "forged"), 401));
  Cookies without_cookie = first;
  without_cookie.refresh.clear();
  EXPECT_TRUE(IsProblem(CookieCall("/api/v1/auth/refresh", without_cookie, first.csrf), 401));

  const auto refreshed = CookieCall("/api/v1/auth/refresh", first, first.csrf);
  ASSERT_EQ(refreshed.status, 200) << refreshed.Describe() << refreshed.body;
  const Json body = Json::parse(refreshed.body);
  EXPECT_FALSE(body.contains("refreshToken"));
  const std::string access = body.at("accessToken");
  EXPECT_EQ(GetWith(server_.port(), "/api/v1/users/me", access).status, 200);
  const Cookies second = CookiesOf(refreshed);
  ASSERT_FALSE(second.refresh.empty());
  EXPECT_NE(second.refresh, first.refresh);
  EXPECT_NE(second.csrf, first.csrf);

  // Replaying the retired cookie revokes the family, the new cookie with it; a refused
  // cookie is removed.
  const auto replayed = CookieCall("/api/v1/auth/refresh", first, first.csrf);
  EXPECT_TRUE(IsProblem(replayed, 401));
  const Cookies removed = CookiesOf(replayed);
  ASSERT_EQ(removed.set_cookie.size(), 2u) << replayed.Describe();
  EXPECT_NE(removed.set_cookie[0].find("Max-Age=0"), std::string::npos);
  EXPECT_TRUE(IsProblem(CookieCall("/api/v1/auth/refresh", second, second.csrf), 401));
}

TEST_F(AuthCookieTest, SignOutRevokesTheFamilyAndClearsBothCookies) {
  const Cookies cookies = CookiesOf(PostJson(
      server_.port(), "/api/v1/auth/login",
      {{"username", "admin"}, {"password", kAdminPassword}, {"tokenDelivery", "cookie"}}));
  EXPECT_TRUE(IsProblem(CookieCall("/api/v1/auth/logout", cookies, "nope"), 401));
  const auto out = CookieCall("/api/v1/auth/logout", cookies, cookies.csrf);
  ASSERT_EQ(out.status, 204) << out.Describe();
  const Cookies cleared = CookiesOf(out);
  ASSERT_EQ(cleared.set_cookie.size(), 2u);
  for (const std::string& line : cleared.set_cookie) {
    EXPECT_NE(line.find("Max-Age=0"), std::string::npos) << line;
  }
  EXPECT_TRUE(IsProblem(CookieCall("/api/v1/auth/refresh", cookies, cookies.csrf), 401));
}

TEST_F(AuthCookieTest, ModesAreNamedAndNotMixed) {
  auto bad = PostJson(server_.port(), "/api/v1/auth/login",
                      {{"username", "admin"}, {"password", kAdminPassword},
                       {"tokenDelivery", "localStorage"}});
  ASSERT_TRUE(IsProblem(bad, 400));
  EXPECT_NE(bad.body.find("tokenDelivery"), std::string::npos) << bad.body;
  auto mixed = PostJson(server_.port(), "/api/v1/auth/refresh",
                        {{"refreshToken", "x"}, {"tokenDelivery", "cookie"}});
  ASSERT_TRUE(IsProblem(mixed, 400));
  EXPECT_NE(mixed.body.find("refreshToken"), std::string::npos) << mixed.body;
}

}  // namespace
}  // namespace ccrm::testing
