#include "gateway/cors.hpp"

#include <algorithm>
#include <stdexcept>

namespace ccrm::gateway {
namespace {

constexpr const char* kAllowMethods = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
constexpr const char* kAllowHeaders =
    "Authorization, Content-Type, If-Match, If-None-Match, X-Request-Id, X-Api-Key, "
    "Idempotency-Key";
constexpr const char* kExposeHeaders = "ETag, Location, X-Request-Id, Retry-After";

}  // namespace

Cors::Cors(CorsOptions options) : options_(std::move(options)) {
  any_origin_ = std::find(options_.allowed_origins.begin(), options_.allowed_origins.end(),
                          "*") != options_.allowed_origins.end();
  if (any_origin_ && options_.allow_credentials) {
    throw std::invalid_argument(
        "CORS: the origin \"*\" cannot be combined with credentials; list the origins");
  }
}

bool Cors::IsPreflight(const Request& request) {
  return request.method == "OPTIONS" && request.Header("Origin") != nullptr &&
         request.Header("Access-Control-Request-Method") != nullptr;
}

bool Cors::IsAllowedOrigin(std::string_view origin) const {
  if (origin.empty()) return false;
  if (any_origin_) return true;
  return std::find(options_.allowed_origins.begin(), options_.allowed_origins.end(), origin) !=
         options_.allowed_origins.end();
}

void Cors::AddVaryOrigin(Response& response) const {
  // Caches must not serve one origin's answer to another; "*" replies are the same for all.
  if (any_origin_) return;
  if (const std::string* vary = response.headers.Find("Vary")) {
    if (vary->find("Origin") != std::string::npos || *vary == "*") return;
    response.headers.Set("Vary", *vary + ", Origin");
  } else {
    response.headers.Add("Vary", "Origin");
  }
}

Response Cors::Preflight(const Request& request) const {
  Response response = Response::NoContent();
  const std::string* origin = request.Header("Origin");
  AddVaryOrigin(response);
  if (!origin || !IsAllowedOrigin(*origin)) return response;
  response.headers.Add("Access-Control-Allow-Origin", any_origin_ ? "*" : *origin);
  response.headers.Add("Access-Control-Allow-Methods", kAllowMethods);
  response.headers.Add("Access-Control-Allow-Headers", kAllowHeaders);
  response.headers.Add("Access-Control-Max-Age", std::to_string(options_.max_age_seconds));
  if (options_.allow_credentials) {
    response.headers.Add("Access-Control-Allow-Credentials", "true");
  }
  return response;
}

void Cors::Apply(const Request& request, Response& response) const {
  if (options_.allowed_origins.empty()) return;
  const std::string* origin = request.Header("Origin");
  if (!origin) return;
  AddVaryOrigin(response);
  if (!IsAllowedOrigin(*origin)) return;
  response.headers.Set("Access-Control-Allow-Origin", any_origin_ ? "*" : *origin);
  response.headers.Set("Access-Control-Expose-Headers", kExposeHeaders);
  if (options_.allow_credentials) {
    response.headers.Set("Access-Control-Allow-Credentials", "true");
  }
}

}  // namespace ccrm::gateway
