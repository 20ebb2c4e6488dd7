// Sign-in (Cognito's InitiateAuth / RespondToAuthChallenge): passwords with lockout, the
// NEW_PASSWORD_REQUIRED and SOFTWARE_TOKEN_MFA challenges, refresh rotation and logout.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "auth/account_lockout.hpp"
#include "auth/challenge_session.hpp"
#include "auth/credentials.hpp"
#include "auth/refresh_tokens.hpp"
#include "auth/session_cache.hpp"
#include "auth/sign_in_limits.hpp"
#include "auth/token_service.hpp"
#include "auth/user_repository.hpp"
#include "common/clock.hpp"
#include "common/problem.hpp"

namespace ccrm::auth {

// Who is asking, for the audit trail.
struct CallContext {
  std::string actor = "anonymous";
  std::string ip;
  std::string request_id;
};

struct LoginResult {
  std::optional<IssuedTokens> tokens;
  std::string challenge;  // SOFTWARE_TOKEN_MFA | NEW_PASSWORD_REQUIRED when tokens is empty
  std::string session;
  Json ToJson() const;
};

class LoginService {
 public:
  static constexpr int kMaxFailures = auth::kMaxFailures;
  static constexpr std::chrono::minutes kLockout = auth::kLockout;
  static constexpr const char* kMfaChallenge = "SOFTWARE_TOKEN_MFA";
  static constexpr const char* kNewPasswordChallenge = "NEW_PASSWORD_REQUIRED";

  LoginService(std::shared_ptr<UserRepository> users, std::shared_ptr<RefreshTokens> refresh,
               std::shared_ptr<TokenService> tokens, std::shared_ptr<SessionCache> sessions,
               std::shared_ptr<Credentials> credentials, ClockPtr clock,
               std::shared_ptr<SignInLimits> limits = nullptr);

  // Every refusal throws the same ProblemException (401), whatever the reason; attempts
  // beyond the sign-in limits (per address, per account) get 429 before any password is tried.
  LoginResult Login(const std::string& username, const std::string& password,
                    const CallContext& ctx);
  LoginResult RespondMfa(const std::string& session, const std::string& code,
                         const CallContext& ctx);
  LoginResult RespondNewPassword(const std::string& session, const std::string& new_password,
                                 const CallContext& ctx);
  IssuedTokens Refresh(const std::string& refresh_token, const CallContext& ctx);
  // Revokes the token's family; unknown tokens are ignored (no oracle for valid tokens).
  void Logout(const std::string& refresh_token, const CallContext& ctx);

  // The one answer to a refused sign-in.
  static Problem SignInRefused();

 private:
  bool IsLocked(const User& user) const;
  // Counts a failure (locking at kMaxFailures) and audits it; then throws SignInRefused.
  [[noreturn]] void Fail(const User& user, const std::string& reason, const CallContext& ctx);
  [[noreturn]] void Refuse(const std::string& action, const std::string& reason,
                           const std::string& entity_id, const CallContext& ctx);
  // Issues tokens in a new family, clearing failures and setting `mfa_step` when >= 0.
  LoginResult Complete(const User& user, const CallContext& ctx, int64_t mfa_step,
                       int64_t auth_time);
  audit::AuditEvent Event(const std::string& action, const std::string& entity_id,
                          const CallContext& ctx, const std::string& outcome = "ok") const;

  std::shared_ptr<UserRepository> users_;
  std::shared_ptr<RefreshTokens> refresh_;
  std::shared_ptr<TokenService> tokens_;
  std::shared_ptr<SessionCache> sessions_;
  std::shared_ptr<Credentials> credentials_;
  ClockPtr clock_;
  std::shared_ptr<SignInLimits> limits_;  // null: none
  ChallengeSessions challenges_;
};

}  // namespace ccrm::auth
