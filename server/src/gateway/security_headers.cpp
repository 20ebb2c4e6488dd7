#include "gateway/security_headers.hpp"

#include <strings.h>

#include "common/ascii.hpp"

namespace ccrm::gateway {

void SecurityHeaders::Apply(bool secure, Response& response) {
  Headers& h = response.headers;
  // One look at the handler's headers instead of a search per header: handlers rarely set
  // any of these, and then everything below is an append. The result is that of replacing
  // the forced ones and adding the defaults only where missing.
  bool forced_present = false;
  bool has_csp = false;
  bool has_cache_control = false;
  for (const auto& [name, value] : h.All()) {
    has_csp = has_csp || IEquals(name, "Content-Security-Policy");
    has_cache_control = has_cache_control || IEquals(name, "Cache-Control");
    forced_present = forced_present || IEquals(name, "X-Content-Type-Options") ||
                     IEquals(name, "X-Frame-Options") || IEquals(name, "Referrer-Policy") ||
                     (secure && IEquals(name, "Strict-Transport-Security"));
  }
  if (forced_present) {
    h.Remove("X-Content-Type-Options");
    h.Remove("X-Frame-Options");
    h.Remove("Referrer-Policy");
    if (secure) h.Remove("Strict-Transport-Security");
  }
  h.Add("X-Content-Type-Options", "nosniff");
  h.Add("X-Frame-Options", "DENY");
  h.Add("Referrer-Policy", kReferrerPolicy);
  if (!has_csp) h.Add("Content-Security-Policy", kContentSecurityPolicy);
  // API replies carry personal data: no shared or browser cache may keep them unless the
  // handler said otherwise (the static web assets do).
  if (!has_cache_control) h.Add("Cache-Control", "no-store");
  if (secure) h.Add("Strict-Transport-Security", kStrictTransportSecurity);
}

}  // namespace ccrm::gateway
