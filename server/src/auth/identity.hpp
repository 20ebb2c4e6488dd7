// The identity module assembled: master key, signing keys, users, sign-in and tokens, with the
// routes and what the authorizer needs. Application and the CLI build one of these.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "audit/audit_log.hpp"
#include "auth/external_users.hpp"
#include "auth/jwt.hpp"
#include "auth/key_ring.hpp"
#include "auth/sign_in_limits.hpp"
#include "auth/login_service.hpp"
#include "auth/session_cache.hpp"
#include "auth/user_service.hpp"
#include "common/clock.hpp"
#include "gateway/router.hpp"
#include "storage/record_store.hpp"

namespace ccrm::auth {

struct IdentityOptions {
  std::filesystem::path data_dir;
  std::string issuer;
  std::string client_id = "ccrm-web";
  std::chrono::seconds access_lifetime{3600};
  std::chrono::seconds refresh_lifetime{30 * 24 * 3600};
  SignInLimitOptions sign_in_limits;
};

class Identity {
 public:
  Identity(storage::RecordStorePtr records, std::shared_ptr<audit::AuditLog> audit,
           IdentityOptions options, ClockPtr clock);

  // Loads or creates master.key and the signing keys, creates the tables. Throws on failure.
  void Open();
  void AddRoutes(gateway::Router& router);

  // First start: see UserService::Bootstrap.
  std::optional<std::string> Bootstrap(const std::optional<std::string>& admin_password);

  // For the authorizer.
  SessionStatePtr sessions() const { return sessions_; }
  // Local users for the external issuer's (ExternalUserProvisioner).
  ExternalUsersPtr external_users() const { return external_users_; }
  std::shared_ptr<KeyRing> key_ring() const { return key_ring_; }
  JwtVerifyOptions AccessVerifyOptions() const { return tokens_->AccessVerifyOptions(); }
  const IdentityOptions& options() const { return options_; }

  std::shared_ptr<UserService> users() const { return user_service_; }
  std::shared_ptr<LoginService> login() const { return login_; }

 private:
  storage::RecordStorePtr records_;
  std::shared_ptr<audit::AuditLog> audit_;
  IdentityOptions options_;
  ClockPtr clock_;
  std::shared_ptr<KeyRing> key_ring_;
  std::shared_ptr<UserRepository> users_;
  std::shared_ptr<RefreshTokens> refresh_;
  std::shared_ptr<SessionCache> sessions_;
  ExternalUsersPtr external_users_;
  std::shared_ptr<TokenService> tokens_;
  std::shared_ptr<Credentials> credentials_;
  std::shared_ptr<LoginService> login_;
  std::shared_ptr<UserService> user_service_;
};

}  // namespace ccrm::auth
