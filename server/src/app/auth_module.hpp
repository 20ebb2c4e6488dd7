// The auth module: master key, signing keys, users, sign-in, tokens and API keys, with their
// routes and the authorizer every request goes through.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "app/module.hpp"
#include "audit/audit_log.hpp"
#include "auth/api_key_service.hpp"
#include "auth/authorizer.hpp"
#include "auth/external_users.hpp"
#include "auth/key_ring.hpp"
#include "auth/login_service.hpp"
#include "auth/refresh_tokens.hpp"
#include "auth/session_cache.hpp"
#include "auth/sign_in_limits.hpp"
#include "auth/token_service.hpp"
#include "auth/user_service.hpp"

namespace ccrm::app {

// Where our tokens come from and how long they live, from the configuration.
struct IdentityOptions {
  std::string issuer;  // auth.issuer, else server.public_url, else http://listen; no final '/'
  std::string client_id = "ccrm-web";
  std::chrono::seconds access_lifetime{3600};
  std::chrono::seconds refresh_lifetime{30 * 24 * 3600};
  auth::SignInLimitOptions sign_in_limits;
};
IdentityOptions IdentityOptionsOf(const Config& config);

class AuthModule final : public Module {
 public:
  AuthModule(const ModuleContext& context, std::shared_ptr<audit::AuditLog> audit);
  std::string_view name() const override { return "auth"; }
  // Loads or creates master.key and the signing keys, creates the tables. Throws on failure.
  void Open() override;
  void AddRoutes(gateway::Router& router) override;
  // The "bearer" kind: our tokens, API keys, and the external issuer's tokens (MakeAuthorizer).
  void AddAuthentication(gateway::Dispatcher& dispatcher) override;

  // First start: see UserService::Bootstrap.
  std::optional<std::string> Bootstrap(const std::optional<std::string>& admin_password);
  // The hook that says who calls: our tokens, API keys, and the external issuer when configured.
  std::shared_ptr<auth::Authorizer> MakeAuthorizer() const;

  // Valid after Open(): the services other modules and the CLI use.
  std::shared_ptr<auth::UserService> users() const { return user_service_; }
  std::shared_ptr<auth::ApiKeyService> api_keys() const { return api_keys_; }
  std::shared_ptr<auth::KeyRing> key_ring() const { return key_ring_; }
  const IdentityOptions& options() const { return options_; }

 private:
  ModuleContext context_;
  std::shared_ptr<audit::AuditLog> audit_;
  IdentityOptions options_;
  std::shared_ptr<auth::KeyRing> key_ring_;
  std::shared_ptr<auth::UserRepository> users_;
  std::shared_ptr<auth::RefreshTokens> refresh_;
  std::shared_ptr<auth::SessionCache> sessions_;
  auth::ExternalUsersPtr external_users_;
  std::shared_ptr<auth::TokenService> tokens_;
  std::shared_ptr<auth::Credentials> credentials_;
  std::shared_ptr<auth::LoginService> login_;
  std::shared_ptr<auth::UserService> user_service_;
  std::shared_ptr<auth::ApiKeyService> api_keys_;
};

}  // namespace ccrm::app
