// Sign-in routes (/api/v1/auth/...) and the OIDC discovery routes (/.well-known/...).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "auth/login_service.hpp"
#include "common/json.hpp"
#include "gateway/router.hpp"

namespace ccrm::auth {

// The audit context of a request.
CallContext ContextOf(const gateway::Request& request);
// A required string member of a JSON body (400 naming the field otherwise).
std::string RequiredString(const Json& body, const char* field, size_t max_length = 1024);

// `refresh_lifetime`: how long the web app's refresh cookie lives (the refresh token's life).
void AddAuthRoutes(gateway::Router& router, std::shared_ptr<LoginService> login,
                   std::chrono::seconds refresh_lifetime);

// `jwks` returns the published keys ({"keys": [...]}).
void AddWellKnownRoutes(gateway::Router& router, std::string issuer,
                        std::function<Json()> jwks);

}  // namespace ccrm::auth
