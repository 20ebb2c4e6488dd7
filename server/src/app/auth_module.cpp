#include "app/auth_module.hpp"

#include "app/authorizer_setup.hpp"
#include "auth/api_key_routes.hpp"
#include "auth/auth_routes.hpp"
#include "auth/external_user_provisioner.hpp"
#include "crypto/master_key.hpp"
#include "auth/user_routes.hpp"

namespace ccrm::app {

IdentityOptions IdentityOptionsOf(const Config& config) {
  IdentityOptions options;
  options.issuer = !config.auth.issuer.empty() ? config.auth.issuer : config.PublicUrl();
  while (options.issuer.size() > 1 && options.issuer.back() == '/') options.issuer.pop_back();
  options.client_id = config.auth.client_id;
  options.access_lifetime = std::chrono::seconds(config.auth.access_token_seconds);
  options.refresh_lifetime = std::chrono::hours(24) * config.auth.refresh_token_days;
  options.sign_in_limits = {.enabled = config.throttle.enabled,
                            .ip_rate = config.throttle.signin_ip_rate,
                            .ip_burst = config.throttle.signin_ip_burst,
                            .account_rate = config.throttle.signin_account_rate,
                            .account_burst = config.throttle.signin_account_burst};
  return options;
}

AuthModule::AuthModule(const ModuleContext& context, std::shared_ptr<audit::AuditLog> audit)
    : context_(context), audit_(std::move(audit)), options_(IdentityOptionsOf(*context.config)) {}

void AuthModule::Open() {
  const ClockPtr& clock = context_.clock;
  // Two handles on the one key file: the key ring owns one, sealing TOTP secrets uses the other.
  key_ring_ = std::make_shared<auth::KeyRing>(context_.storage.records,
                                              crypto::MasterKey::LoadOrCreate(context_.data_dir),
                                              clock, options_.access_lifetime);
  key_ring_->Load();
  credentials_ = std::make_shared<auth::Credentials>(
      std::make_shared<const crypto::MasterKey>(crypto::MasterKey::LoadOrCreate(context_.data_dir)),
      clock);
  users_ = std::make_shared<auth::UserRepository>(context_.storage.records, audit_);
  users_->EnsureTables();
  refresh_ = std::make_shared<auth::RefreshTokens>(context_.storage.records, clock,
                                                   options_.refresh_lifetime);
  refresh_->EnsureTables();
  sessions_ = std::make_shared<auth::SessionCache>(users_, refresh_);
  external_users_ = std::make_shared<auth::ExternalUserProvisioner>(users_, clock);
  auto ring = key_ring_;
  auth::TokenOptions token_options;
  token_options.issuer = options_.issuer;
  token_options.client_id = options_.client_id;
  token_options.access_lifetime = options_.access_lifetime;
  tokens_ = std::make_shared<auth::TokenService>(
      [ring] {
        const auto active = ring->Active();
        return auth::SigningKey{active.kid, active.key};
      },
      token_options, clock);
  auto limits = std::make_shared<auth::SignInLimits>(options_.sign_in_limits);
  login_ = std::make_shared<auth::LoginService>(users_, refresh_, tokens_, sessions_,
                                                credentials_, clock, limits);
  user_service_ =
      std::make_shared<auth::UserService>(users_, credentials_, sessions_, clock, limits);
  api_keys_ = std::make_shared<auth::ApiKeyService>(context_.storage.records, audit_, clock);
  api_keys_->EnsureTables();
}

void AuthModule::AddRoutes(gateway::Router& router) {
  auth::AddAuthRoutes(router, login_, options_.refresh_lifetime);
  auth::AddUserRoutes(router, user_service_);
  auto ring = key_ring_;
  auth::AddWellKnownRoutes(router, options_.issuer, [ring] { return ring->Jwks(); });
  auth::AddApiKeyRoutes(router, api_keys_);
}

std::optional<std::string> AuthModule::Bootstrap(
    const std::optional<std::string>& admin_password) {
  return user_service_->Bootstrap(admin_password);
}

void AuthModule::AddAuthentication(gateway::Dispatcher& dispatcher) {
  auto authorizer = MakeAuthorizer();
  dispatcher.AddBeforeHook(auth::Authorizer::AsHook(authorizer),
                           auth::Authorizer::AsInlineCheck(authorizer));
}

std::shared_ptr<auth::Authorizer> AuthModule::MakeAuthorizer() const {
  auto ring = key_ring_;
  OurTokenVerification ours{.our_keys = {[ring](std::string_view kid) { return ring->Find(kid); },
                                         [ring] { ring->Reload(); }},
                            .sessions = sessions_,
                            .external_users = external_users_,
                            .issuer = options_.issuer,
                            .client_id = options_.client_id};
  // API keys and the external issuer come from the configuration and api_keys_.
  return BuildAuthorizer(*context_.config, std::move(ours), api_keys_, context_.metrics);
}

}  // namespace ccrm::app
