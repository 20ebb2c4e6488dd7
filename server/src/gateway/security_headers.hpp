// The security headers every response carries (nosniff, CSP, frame denial, referrer, HSTS).
#pragma once

#include "gateway/http_types.hpp"

namespace ccrm::gateway {

class SecurityHeaders {
 public:
  // The Content-Security-Policy for the web app and every API reply. style-src allows
  // 'unsafe-inline' because MUI (emotion) injects <style> elements at run time; scripts stay
  // 'self' only. blob: media and images are the document previews and the call-recording player.
  static constexpr const char* kContentSecurityPolicy =
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
      "img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; "
      "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
  // no-referrer rather than strict-origin-when-cross-origin: the app links to nothing that
  // needs to know where a visitor came from, and its URLs carry lead ids and phone numbers
  // (screen-pop) that must not leak to a third party, not even as an origin.
  static constexpr const char* kReferrerPolicy = "no-referrer";
  static constexpr const char* kStrictTransportSecurity = "max-age=31536000; includeSubDomains";

  // `secure`: the request arrived over TLS (HSTS over plain HTTP is meaningless and ignored).
  // A handler's own Content-Security-Policy or Cache-Control (static assets) is kept.
  static void Apply(bool secure, Response& response);
};

}  // namespace ccrm::gateway
