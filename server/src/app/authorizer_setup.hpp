// Builds the authorizer hook from the configuration and the services Application owns.
#pragma once

#include <memory>

#include "app/config.hpp"
#include "auth/api_key_service.hpp"
#include "auth/authorizer.hpp"
#include "gateway/metrics.hpp"

namespace ccrm::app {

// What sign-in provides for verifying our own tokens. Until it is wired, `our_keys` is empty
// and `sessions` null: every token of ours is refused (API keys and the external issuer work).
struct OurTokenVerification {
  auth::OurKeys our_keys;
  auth::SessionStatePtr sessions;
  auth::ExternalUsersPtr external_users;  // null: external principals stay "ext:<sub>"
  std::string issuer;     // empty: config.auth.issuer, else server.public_url, else http://listen
  std::string client_id;  // empty: config.auth.client_id
};

// With auth.external_issuer set, also the issuer's JWKS cache; the first token that needs it
// fetches it (startup does not wait for, or fail on, a remote issuer).
std::shared_ptr<auth::Authorizer> BuildAuthorizer(const Config& config, OurTokenVerification ours,
                                                  std::shared_ptr<auth::ApiKeyService> api_keys,
                                                  std::shared_ptr<gateway::Metrics> metrics);

}  // namespace ccrm::app
