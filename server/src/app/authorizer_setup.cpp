#include "app/authorizer_setup.hpp"

#include "auth/external_jwks.hpp"

namespace ccrm::app {

std::shared_ptr<auth::Authorizer> BuildAuthorizer(const Config& config, OurTokenVerification ours,
                                                  std::shared_ptr<auth::ApiKeyService> api_keys,
                                                  std::shared_ptr<gateway::Metrics> metrics) {
  auth::AuthorizerOptions options;
  options.issuer = !ours.issuer.empty()          ? ours.issuer
                   : !config.auth.issuer.empty() ? config.auth.issuer
                                                 : config.PublicUrl();
  options.client_id = !ours.client_id.empty() ? ours.client_id : config.auth.client_id;
  std::shared_ptr<auth::ExternalJwks> external_keys;
  if (config.external_issuer.enabled()) {
    const auto& ext = config.external_issuer;
    auth::AuthorizerOptions::External external{.issuer = ext.issuer,
                                               .client_id = ext.client_id,
                                               .groups_claim = ext.groups_claim,
                                               .group_map = {}};
    for (const auto& entry : ext.group_map) {  // validated by Config: "theirs=ours"
      const size_t eq = entry.find('=');
      external.group_map.emplace(entry.substr(0, eq), entry.substr(eq + 1));
    }
    options.external = std::move(external);
    auth::ExternalJwksOptions jwks{.url = ext.jwks_url};
    external_keys =
        std::make_shared<auth::ExternalJwks>(jwks, auth::CurlJwksFetcher(jwks), SystemClock());
    external_keys->StartBackgroundRefresh();
  }
  auth::ApiKeyAuthenticator authenticate;
  if (api_keys) {
    authenticate = [api_keys](std::string_view presented, const gateway::Request& request) {
      return api_keys->Authenticate(presented, request);
    };
  }
  return std::make_shared<auth::Authorizer>(
      std::move(options), std::move(ours.our_keys), std::move(ours.sessions),
      std::move(external_keys), std::move(authenticate), SystemClock(), std::move(metrics),
      std::move(ours.external_users));
}

}  // namespace ccrm::app
