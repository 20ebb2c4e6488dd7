#include "gateway/security_headers.hpp"

namespace ccrm::gateway {

void SecurityHeaders::Apply(bool secure, Response& response) {
  Headers& h = response.headers;
  h.Set("X-Content-Type-Options", "nosniff");
  h.Set("X-Frame-Options", "DENY");
  h.Set("Referrer-Policy", kReferrerPolicy);
  if (!h.Has("Content-Security-Policy")) h.Add("Content-Security-Policy", kContentSecurityPolicy);
  // API replies carry personal data: no shared or browser cache may keep them unless the
  // handler said otherwise (the static web assets do).
  if (!h.Has("Cache-Control")) h.Add("Cache-Control", "no-store");
  if (secure) h.Set("Strict-Transport-Security", kStrictTransportSecurity);
}

}  // namespace ccrm::gateway
