#include "auth/identity.hpp"

#include "auth/auth_routes.hpp"
#include "auth/external_user_provisioner.hpp"
#include "auth/master_key.hpp"
#include "auth/user_routes.hpp"

namespace ccrm::auth {

Identity::Identity(storage::RecordStorePtr records, std::shared_ptr<audit::AuditLog> audit,
                   IdentityOptions options, ClockPtr clock)
    : records_(std::move(records)),
      audit_(std::move(audit)),
      options_(std::move(options)),
      clock_(std::move(clock)) {}

void Identity::Open() {
  // Two handles on the one key file: the key ring owns one, sealing TOTP secrets uses the other.
  key_ring_ = std::make_shared<KeyRing>(records_, MasterKey::LoadOrCreate(options_.data_dir),
                                        clock_, options_.access_lifetime);
  key_ring_->Load();
  credentials_ = std::make_shared<Credentials>(
      std::make_shared<const MasterKey>(MasterKey::LoadOrCreate(options_.data_dir)), clock_);
  users_ = std::make_shared<UserRepository>(records_, audit_);
  users_->EnsureTables();
  refresh_ = std::make_shared<RefreshTokens>(records_, clock_, options_.refresh_lifetime);
  refresh_->EnsureTables();
  sessions_ = std::make_shared<SessionCache>(users_, refresh_);
  external_users_ = std::make_shared<ExternalUserProvisioner>(users_, clock_);
  auto ring = key_ring_;
  TokenOptions token_options;
  token_options.issuer = options_.issuer;
  token_options.client_id = options_.client_id;
  token_options.access_lifetime = options_.access_lifetime;
  tokens_ = std::make_shared<TokenService>(
      [ring] {
        const auto active = ring->Active();
        return SigningKey{active.kid, active.key};
      },
      token_options, clock_);
  auto limits = std::make_shared<SignInLimits>(options_.sign_in_limits);
  login_ = std::make_shared<LoginService>(users_, refresh_, tokens_, sessions_, credentials_,
                                          clock_, limits);
  user_service_ = std::make_shared<UserService>(users_, credentials_, sessions_, clock_, limits);
}

void Identity::AddRoutes(gateway::Router& router) {
  AddAuthRoutes(router, login_, options_.refresh_lifetime);
  AddUserRoutes(router, user_service_);
  auto ring = key_ring_;
  AddWellKnownRoutes(router, options_.issuer, [ring] { return ring->Jwks(); });
}

std::optional<std::string> Identity::Bootstrap(const std::optional<std::string>& admin_password) {
  return user_service_->Bootstrap(admin_password);
}

}  // namespace ccrm::auth
