#include "auth/login_service.hpp"

#include <algorithm>
#include <cctype>

namespace ccrm::auth {
namespace {

constexpr const char* kMfaPurpose = "mfa";
constexpr const char* kNewPasswordPurpose = "new_password";

int64_t UnixSeconds(const Clock& clock) { return clock.NowMillis() / 1000; }

}  // namespace

Json LoginResult::ToJson() const {
  if (tokens) return tokens->ToJson();
  return {{"challenge", challenge}, {"session", session}};
}

LoginService::LoginService(std::shared_ptr<UserRepository> users,
                           std::shared_ptr<RefreshTokens> refresh,
                           std::shared_ptr<TokenService> tokens,
                           std::shared_ptr<SessionCache> sessions,
                           std::shared_ptr<Credentials> credentials, ClockPtr clock,
                           std::shared_ptr<SignInLimits> limits)
    : users_(std::move(users)),
      refresh_(std::move(refresh)),
      tokens_(std::move(tokens)),
      sessions_(std::move(sessions)),
      credentials_(std::move(credentials)),
      clock_(clock),
      limits_(std::move(limits)),
      challenges_(clock) {}

Problem LoginService::SignInRefused() {
  Problem p;
  p.status = 401;
  p.title = StatusTitle(401);
  p.detail = "Incorrect username or password.";
  return p;
}

audit::AuditEvent LoginService::Event(const std::string& action, const std::string& entity_id,
                                      const CallContext& ctx, const std::string& outcome) const {
  audit::AuditEvent event;
  event.actor = ctx.actor;
  event.action = action;
  if (!entity_id.empty()) {
    event.entity = "user";
    event.entity_id = entity_id;
  }
  event.request_id = ctx.request_id;
  event.ip = ctx.ip;
  event.outcome = outcome;
  return event;
}

bool LoginService::IsLocked(const User& user) const {
  return LockedFor(user, clock_->Now()).has_value();
}

void LoginService::Refuse(const std::string& action, const std::string& reason,
                          const std::string& entity_id, const CallContext& ctx) {
  auto event = Event(action, entity_id, ctx, "denied");
  event.changes = {{"reason", {{"old", nullptr}, {"new", reason}}}};
  users_->Audit(event);
  throw ProblemException(SignInRefused());
}

void LoginService::Fail(const User& user, const std::string& reason, const CallContext& ctx) {
  auto [after, lock] = CountFailure(user, clock_->Now());
  auto event = Event(lock ? "auth.lockout" : "auth.login_failed", user.id, ctx, "denied");
  event.changes = {{"reason", {{"old", nullptr}, {"new", reason}}},
                   {"failedAttempts", {{"old", user.failed_attempts}, {"new", after.failed_attempts}}}};
  if (lock) event.changes["lockedUntil"] = {{"old", nullptr}, {"new", after.locked_until}};
  // A concurrent failure may win the version race; the count is then one short, which the next
  // attempt makes up. The answer is the same either way.
  users_->Update(user, after, event);
  throw ProblemException(SignInRefused());
}

LoginResult LoginService::Login(const std::string& username, const std::string& password,
                                const CallContext& ctx) {
  auto user = users_->FindByUsername(username);
  if (limits_) {
    // An unknown name is limited as typed, in any case, as a real account would be.
    std::string name = username;
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    limits_->Charge(ctx.ip, user ? user->id : "name:" + name);
  }
  if (!user) {
    // Same work as a real check, so the answer's timing does not tell which usernames exist.
    credentials_->DummyVerify(password);
    Refuse("auth.login_failed", "unknown user", "", ctx);
  }
  if (user->external()) {
    // Signs in through the external issuer: no password here, no failed attempts to count.
    credentials_->DummyVerify(password);
    Refuse("auth.login_failed", "external user", user->id, ctx);
  }
  if (IsLocked(*user)) {
    credentials_->DummyVerify(password);
    Refuse("auth.login_failed", "locked", user->id, ctx);
  }
  if (!credentials_->VerifyPassword(user->password_hash, password)) {
    Fail(*user, "wrong password", ctx);
  }
  if (!user->enabled) Refuse("auth.login_failed", "disabled", user->id, ctx);
  const int64_t auth_time = UnixSeconds(*clock_);
  if (user->must_change_password) {
    users_->Audit(Event("auth.challenge_new_password", user->id, ctx));
    return {std::nullopt, kNewPasswordChallenge,
            challenges_.Make(user->id, kNewPasswordPurpose, auth_time)};
  }
  if (user->mfa.enabled) {
    users_->Audit(Event("auth.challenge_mfa", user->id, ctx));
    return {std::nullopt, kMfaChallenge, challenges_.Make(user->id, kMfaPurpose, auth_time)};
  }
  return Complete(*user, ctx, -1, auth_time);
}

LoginResult LoginService::RespondMfa(const std::string& session, const std::string& code,
                                     const CallContext& ctx) {
  const auto content = challenges_.Open(session, kMfaPurpose);
  if (!content) throw ProblemException(SignInRefused());
  if (limits_) limits_->Charge(ctx.ip, content->user_id);
  auto user = users_->Get(content->user_id);
  if (!user || !user->enabled || !user->mfa.enabled) throw ProblemException(SignInRefused());
  if (IsLocked(*user)) Refuse("auth.mfa_failed", "locked", user->id, ctx);
  const auto secret = credentials_->UnsealTotpSecret(user->mfa.sealed_secret, user->id);
  const auto step =
      secret ? credentials_->VerifyTotp(*secret, code, user->mfa.last_used_step) : std::nullopt;
  // A code of a step already used (by sign-in or enrolment) is refused: a code seen over a
  // shoulder or in a log cannot be replayed within its window.
  if (!step || *step <= user->mfa.last_used_step) Fail(*user, "wrong or reused MFA code", ctx);
  return Complete(*user, ctx, *step, content->auth_time);
}

LoginResult LoginService::RespondNewPassword(const std::string& session,
                                             const std::string& new_password,
                                             const CallContext& ctx) {
  const auto content = challenges_.Open(session, kNewPasswordPurpose);
  if (!content) throw ProblemException(SignInRefused());
  if (limits_) limits_->Charge(ctx.ip, content->user_id);
  auto user = users_->Get(content->user_id);
  if (!user || !user->enabled || !user->must_change_password) {
    throw ProblemException(SignInRefused());
  }
  auto errors = credentials_->CheckPolicy(new_password, user->username, user->email, "newPassword");
  if (!errors.empty()) throw ProblemException(Problem::Validation(std::move(errors)));
  User after = *user;
  after.password_hash = credentials_->HashPassword(new_password);
  after.must_change_password = false;
  after.updated_at = FormatRfc3339Millis(clock_->Now());
  auto event = Event("user.password_change", user->id,
                     CallContext{user->id, ctx.ip, ctx.request_id});
  event.changes = {{"passwordHash", {{"old", "***"}, {"new", "***"}}},
                   {"mustChangePassword", {{"old", true}, {"new", false}}}};
  if (users_->Update(*user, after, event) != UserWrite::kOk) {
    throw ProblemException(Problem::Conflict("The user changed meanwhile; sign in again."));
  }
  if (after.mfa.enabled) {
    return {std::nullopt, kMfaChallenge,
            challenges_.Make(after.id, kMfaPurpose, content->auth_time)};
  }
  return Complete(after, ctx, -1, content->auth_time);
}

LoginResult LoginService::Complete(const User& user, const CallContext& ctx, int64_t mfa_step,
                                   int64_t auth_time) {
  IssuedRefresh refresh = refresh_->StartFamily(user.id, auth_time);
  auto event = Event("auth.login", user.id, CallContext{user.id, ctx.ip, ctx.request_id});
  event.changes = {{"family", {{"old", nullptr}, {"new", refresh.family}}}};
  if (mfa_step >= 0) event.changes["mfa"] = {{"old", nullptr}, {"new", true}};
  const bool touch = mfa_step >= 0 || user.failed_attempts != 0 || !user.locked_until.empty();
  if (touch) {
    User after = user;
    after.failed_attempts = 0;
    after.locked_until.clear();
    if (mfa_step >= 0) after.mfa.last_used_step = mfa_step;
    // The version condition also makes two concurrent uses of one MFA code yield one sign-in.
    if (users_->Update(user, after, event, std::move(refresh.actions)) != UserWrite::kOk) {
      throw ProblemException(SignInRefused());
    }
  } else {
    users_->Audit(event, std::move(refresh.actions));
  }
  return {tokens_->Issue(user, refresh.family, auth_time, refresh.token), "", ""};
}

IssuedTokens LoginService::Refresh(const std::string& refresh_token, const CallContext& ctx) {
  const Problem refused = [] {
    Problem p;
    p.status = 401;
    p.title = StatusTitle(401);
    p.detail = "The refresh token is invalid, expired or revoked; sign in again.";
    return p;
  }();
  Rotation rotation = refresh_->Rotate(refresh_token);
  const std::string user_id = rotation.family.user_id;
  if (rotation.outcome == Rotation::Outcome::kInvalid) {
    users_->Audit(Event("auth.refresh_failed", "", ctx, "denied"));
    throw ProblemException(refused);
  }
  auto revoke_family = [&](const char* reason) {
    auto event = Event("auth.refresh_reuse", user_id, ctx, "denied");
    event.changes = {{"family", {{"old", rotation.family.family}, {"new", "revoked"}}},
                     {"reason", {{"old", nullptr}, {"new", reason}}}};
    users_->Audit(event, {refresh_->Revoke(rotation.family)});
    sessions_->Invalidate();
    throw ProblemException(refused);
  };
  if (rotation.outcome == Rotation::Outcome::kReused) revoke_family("used refresh token presented again");
  auto user = users_->Get(user_id);
  if (!user || !user->enabled ||
      rotation.family.created_at_ms <= user->sessions_revoked_at_ms) {
    users_->Audit(Event("auth.refresh_failed", user_id, ctx, "denied"));
    throw ProblemException(refused);
  }
  auto event = Event("auth.refresh", user_id, CallContext{user_id, ctx.ip, ctx.request_id});
  event.changes = {{"family", {{"old", rotation.family.family}, {"new", rotation.family.family}}}};
  if (!users_->Audit(event, std::move(rotation.next.actions))) {
    // Lost the race to another use of the same token: that is a reuse too.
    revoke_family("refresh token used twice at once");
  }
  return tokens_->Issue(*user, rotation.family.family, rotation.family.auth_time,
                        rotation.next.token);
}

void LoginService::Logout(const std::string& refresh_token, const CallContext& ctx) {
  const auto family = refresh_->FamilyOfToken(refresh_token);
  if (!family || family->revoked) return;
  auto event = Event("auth.logout", family->user_id,
                     CallContext{family->user_id, ctx.ip, ctx.request_id});
  event.changes = {{"family", {{"old", family->family}, {"new", "revoked"}}}};
  users_->Audit(event, {refresh_->Revoke(*family)});
  sessions_->Invalidate();
}

}  // namespace ccrm::auth
