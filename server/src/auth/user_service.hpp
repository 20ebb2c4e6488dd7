// User administration (admin routes, CLI), a user's own password and MFA enrolment, and the
// bootstrap admin of a fresh data dir.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "auth/credentials.hpp"
#include "auth/login_service.hpp"
#include "auth/session_cache.hpp"
#include "auth/sign_in_limits.hpp"
#include "auth/user_repository.hpp"
#include "common/clock.hpp"

namespace ccrm::auth {

struct NewUser {
  std::string username;
  std::string email;
  std::vector<std::string> groups;
  std::optional<std::string> password;  // none: a random temporary one is made
  bool temporary = false;               // must be changed at first sign-in
};

struct CreatedUser {
  User user;
  std::optional<std::string> temporary_password;  // shown once, when we generated it
};

struct UserPatch {
  std::optional<std::vector<std::string>> groups;
  std::optional<bool> enabled;
  std::optional<std::string> email;
};

struct TotpEnrolment {
  std::string secret_base32;
  std::string otpauth_uri;
};

// The audit event of `action` on user `user_id`, by ctx's actor.
audit::AuditEvent UserEvent(const std::string& action, const std::string& user_id,
                            const CallContext& ctx);

class UserService {
 public:
  UserService(std::shared_ptr<UserRepository> users, std::shared_ptr<Credentials> credentials,
              std::shared_ptr<SessionCache> sessions, ClockPtr clock,
              std::shared_ptr<SignInLimits> limits = nullptr);

  // Throws ProblemException: 400 with field errors, 409 when username or email are taken.
  CreatedUser Create(NewUser request, const CallContext& ctx);
  User Get(const std::string& id);  // 404 when unknown
  // The same from the user cache (UserRepository::GetCached): for GET /users/me.
  std::shared_ptr<const CachedUser> GetCached(const std::string& id);
  std::optional<User> FindByUsername(const std::string& username);
  storage::QueryResult List(int limit, const std::string& cursor);
  // Disabling revokes every refresh family of the user. 412 when if_match is set and stale.
  User Patch(const std::string& id, const UserPatch& patch, std::optional<int64_t> if_match,
             const CallContext& ctx);
  // A new temporary password (returned once); revokes every family.
  std::string ResetPassword(const std::string& id, const CallContext& ctx);
  // 400 (field currentPassword) when the current password is wrong, which counts toward the
  // lockout as a wrong sign-in password does; 429 while the account is locked or beyond the
  // sign-in limits (a stolen access token must not become an unlimited password oracle).
  void ChangePassword(const std::string& id, const std::string& current,
                      const std::string& next, const CallContext& ctx);
  TotpEnrolment StartTotp(const std::string& id, const CallContext& ctx);
  // Enables MFA when `code` matches the pending secret.
  User VerifyTotp(const std::string& id, const std::string& code, const CallContext& ctx);

  // On an empty users table: creates `admin` (group admin) with `password`, or with a random
  // temporary one that is returned. nullopt when users exist or a password was given.
  // Throws ProblemException (400) when `password` fails the policy.
  std::optional<std::string> Bootstrap(const std::optional<std::string>& password);

 private:
  // 409 for a user of the external issuer (no password or MFA here).
  static void RequireLocalSignIn(const User& user);
  // Writes with the audit diff; retries never: a conflict is 409 for the caller to repeat.
  // `extra` joins the transaction (the check that another admin remains).
  void Write(const User& before, User& after, audit::AuditEvent event,
             std::vector<storage::WriteAction> extra = {});

  std::shared_ptr<UserRepository> users_;
  std::shared_ptr<Credentials> credentials_;
  std::shared_ptr<SessionCache> sessions_;
  ClockPtr clock_;
  std::shared_ptr<SignInLimits> limits_;  // null: none
};

}  // namespace ccrm::auth
