#include "auth/refresh_cookie.hpp"

#include <strings.h>

#include "common/base64.hpp"
#include "common/problem.hpp"
#include "crypto/constant_time.hpp"
#include "crypto/digest.hpp"

namespace ccrm::auth {
namespace {

// Secure is set even for plain HTTP on loopback, which browsers treat as a secure context
// (`make run` on 127.0.0.1); anywhere else ccrm refuses plain HTTP already.
constexpr std::string_view kAttributes = "; Secure; SameSite=Strict";

ProblemException Refused(std::string detail) {
  return ProblemException(Problem{.status = 401, .title = "Unauthorized",
                                  .detail = std::move(detail)});
}

}  // namespace

std::string RefreshCookie::CsrfTokenFor(std::string_view refresh_token) {
  return Base64UrlEncode(crypto::Sha256("ccrm-csrf:" + std::string(refresh_token)));
}

namespace {

// One Set-Cookie value, appended piece by piece (g++ 12 sees a false out-of-bounds write in
// long chains of std::string temporaries, -Warray-bounds, an error under -Werror).
std::string CookieLine(std::string_view name, std::string_view value, std::string_view path,
                       int64_t max_age, bool http_only) {
  std::string line;
  line.reserve(name.size() + value.size() + path.size() + 80);
  line.append(name).append("=").append(value).append("; Path=").append(path);
  line.append("; Max-Age=").append(std::to_string(max_age));
  if (http_only) line.append("; HttpOnly");
  line.append(kAttributes);
  return line;
}

}  // namespace

void RefreshCookie::Set(gateway::Response& response, std::string_view refresh_token,
                        std::chrono::seconds lifetime) {
  response.headers.Add("Set-Cookie", CookieLine(kRefreshName, refresh_token, kPath,
                                                lifetime.count(), /*http_only=*/true));
  response.headers.Add("Set-Cookie", CookieLine(kCsrfName, CsrfTokenFor(refresh_token), "/",
                                                lifetime.count(), /*http_only=*/false));
}

void RefreshCookie::Clear(gateway::Response& response) {
  response.headers.Add("Set-Cookie", CookieLine(kRefreshName, "", kPath, 0, true));
  response.headers.Add("Set-Cookie", CookieLine(kCsrfName, "", "/", 0, false));
}

std::optional<std::string_view> RefreshCookie::CookieValue(const gateway::Request& request,
                                                           std::string_view name) {
  for (const auto& [header, value] : request.headers.All()) {
    if (header.size() != 6 || strncasecmp(header.data(), "Cookie", 6) != 0) continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      const size_t semi = rest.find(';');
      std::string_view pair = rest.substr(0, semi);
      rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      const size_t eq = pair.find('=');
      if (eq == std::string_view::npos || pair.substr(0, eq) != name) continue;
      std::string_view cookie = pair.substr(eq + 1);
      while (!cookie.empty() && cookie.back() == ' ') cookie.remove_suffix(1);
      return cookie;
    }
  }
  return std::nullopt;
}

std::string RefreshCookie::FromRequest(const gateway::Request& request) {
  const auto token = CookieValue(request, kRefreshName);
  if (!token || token->empty() || token->size() > 256) {
    throw Refused("No refresh cookie: sign in again.");
  }
  const std::string* csrf = request.Header(kCsrfHeader);
  if (!csrf || !crypto::ConstantTimeEquals(*csrf, CsrfTokenFor(*token))) {
    throw Refused("The X-CSRF-Token header must carry the ccrm_csrf cookie's value.");
  }
  return std::string(*token);
}

}  // namespace ccrm::auth
