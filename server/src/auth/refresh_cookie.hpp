// The browser's way to hold a refresh token: an HttpOnly cookie that the page's scripts cannot
// read (so an injected script cannot steal it), scoped to /api/v1/auth, and a CSRF token bound
// to it that the page can read and must echo in X-CSRF-Token (double submit), because a cookie
// is sent by the browser whoever asks. Machine clients keep the JSON mode.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "gateway/http_types.hpp"

namespace ccrm::auth {

class RefreshCookie {
 public:
  static constexpr std::string_view kRefreshName = "ccrm_refresh";
  static constexpr std::string_view kCsrfName = "ccrm_csrf";
  static constexpr std::string_view kCsrfHeader = "X-CSRF-Token";
  static constexpr std::string_view kPath = "/api/v1/auth";

  // Derived from the refresh token (SHA-256 with a label), so nothing is stored, it changes
  // with every rotation, and a CSRF cookie planted from elsewhere matches no one's token.
  static std::string CsrfTokenFor(std::string_view refresh_token);
  // Set-Cookie for both cookies, living as long as the refresh token.
  static void Set(gateway::Response& response, std::string_view refresh_token,
                  std::chrono::seconds lifetime);
  // Set-Cookie that removes both (sign-out, or a refused refresh).
  static void Clear(gateway::Response& response);
  // The refresh token a cookie-mode request carries, once its X-CSRF-Token matches (in
  // constant time); throws a 401 problem otherwise.
  static std::string FromRequest(const gateway::Request& request);
  // A cookie's value from the request's Cookie headers.
  static std::optional<std::string_view> CookieValue(const gateway::Request& request,
                                                     std::string_view name);
};

}  // namespace ccrm::auth
