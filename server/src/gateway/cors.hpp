// CORS for the configured origins: preflight answers and the headers of actual responses.
#pragma once

#include <string>
#include <vector>

#include "gateway/http_types.hpp"

namespace ccrm::gateway {

struct CorsOptions {
  // Exact origins ("https://crm.example.com"), or "*" (only without credentials).
  std::vector<std::string> allowed_origins;
  bool allow_credentials = false;
  int max_age_seconds = 600;
};

class Cors {
 public:
  // Throws std::invalid_argument for "*" with credentials, which browsers refuse anyway.
  explicit Cors(CorsOptions options);

  // OPTIONS with Origin and Access-Control-Request-Method: answered before routing and auth.
  static bool IsPreflight(const Request& request);
  // 204; carries the CORS headers only when the origin is allowed (otherwise the browser
  // blocks the actual request, which is the point).
  Response Preflight(const Request& request) const;
  // Adds Allow-Origin, Expose-Headers and Vary to a response to an allowed origin.
  void Apply(const Request& request, Response& response) const;

  bool IsAllowedOrigin(std::string_view origin) const;

 private:
  void AddVaryOrigin(Response& response) const;

  CorsOptions options_;
  bool any_origin_ = false;
};

}  // namespace ccrm::gateway
