#include "auth/user_service.hpp"

#include <algorithm>

#include "audit/audit_changes.hpp"
#include "auth/account_lockout.hpp"
#include "auth/totp.hpp"
#include "common/ids.hpp"
#include "crypto/base32.hpp"

namespace ccrm::auth {

UserService::UserService(std::shared_ptr<UserRepository> users,
                         std::shared_ptr<Credentials> credentials,
                         std::shared_ptr<SessionCache> sessions, ClockPtr clock,
                         std::shared_ptr<SignInLimits> limits)
    : users_(std::move(users)),
      credentials_(std::move(credentials)),
      sessions_(std::move(sessions)),
      clock_(std::move(clock)),
      limits_(std::move(limits)) {}

audit::AuditEvent UserEvent(const std::string& action, const std::string& user_id,
                            const CallContext& ctx) {
  audit::AuditEvent event;
  event.actor = ctx.actor;
  event.action = action;
  event.entity = "user";
  event.entity_id = user_id;
  event.request_id = ctx.request_id;
  event.ip = ctx.ip;
  return event;
}

void UserService::RequireLocalSignIn(const User& user) {
  if (user.external()) {
    // Password and MFA are the issuer's business: a password or TOTP secret kept here would
    // be a second way in that the issuer knows nothing of.
    throw ProblemException(Problem::Conflict("This user signs in through " +
                                             user.external_issuer +
                                             "; passwords and MFA are managed there."));
  }
}

void UserService::Write(const User& before, User& after, audit::AuditEvent event,
                        std::vector<storage::WriteAction> extra) {
  after.updated_at = FormatRfc3339Millis(clock_->Now());
  Json changes = audit::Diff(UserToJson(before), UserToJson(after));
  changes.erase("updatedAt");
  changes.erase("version");
  for (auto& [k, v] : event.changes.items()) changes[k] = v;
  event.changes = changes;
  switch (users_->Update(before, after, event, std::move(extra))) {
    case UserWrite::kOk:
      return;
    case UserWrite::kTaken:
      throw ProblemException(Problem::Conflict("That email address is already in use."));
    case UserWrite::kConflict:
      throw ProblemException(Problem::Conflict("The user changed meanwhile; try again."));
  }
}

CreatedUser UserService::Create(NewUser request, const CallContext& ctx) {
  std::vector<FieldError> errors;
  User user;
  user.username = NormalizeUsername(request.username);
  user.email = request.email;
  user.groups = request.groups;
  ValidateUsername(user.username, errors);
  ValidateEmail(user.email, errors);
  ValidateGroups(user.groups, errors);
  CreatedUser created;
  std::string password;
  if (request.password) {
    password = *request.password;
    for (auto& e : credentials_->CheckPolicy(password, user.username, user.email, "password")) {
      errors.push_back(std::move(e));
    }
    user.must_change_password = request.temporary;
  } else {
    password = Credentials::NewTemporaryPassword();
    created.temporary_password = password;
    user.must_change_password = true;
  }
  if (!errors.empty()) throw ProblemException(Problem::Validation(std::move(errors)));
  user.id = NewId("usr");
  user.password_hash = credentials_->HashPassword(password);
  user.created_at = user.updated_at = FormatRfc3339Millis(clock_->Now());
  auto event = UserEvent("user.create", user.id, ctx);
  User shown = user;
  shown.version = 1;
  event.changes = audit::Diff(nullptr, UserToJson(shown));
  if (users_->Create(user, event) != UserWrite::kOk) {
    throw ProblemException(Problem::Conflict("That username or email address is already in use."));
  }
  created.user = user;
  return created;
}

User UserService::Get(const std::string& id) {
  auto user = users_->Get(id);
  if (!user) throw ProblemException(Problem::NotFound());
  return *user;
}

std::shared_ptr<const CachedUser> UserService::GetCached(const std::string& id) {
  auto user = users_->GetCached(id);
  if (!user) throw ProblemException(Problem::NotFound());
  return user;
}

std::optional<User> UserService::FindByUsername(const std::string& username) {
  return users_->FindByUsername(username);
}

storage::QueryResult UserService::List(int limit, const std::string& cursor) {
  return users_->List(limit, cursor);
}

User UserService::Patch(const std::string& id, const UserPatch& patch,
                        std::optional<int64_t> if_match, const CallContext& ctx) {
  const User before = Get(id);
  if (if_match && *if_match != before.version) {
    throw ProblemException(Problem::PreconditionFailed("The user has changed since you read it."));
  }
  User after = before;
  std::vector<FieldError> errors;
  if (patch.groups) {
    after.groups = *patch.groups;
    ValidateGroups(after.groups, errors);
    auto sorted = [](std::vector<std::string> groups) {
      std::sort(groups.begin(), groups.end());
      return groups;
    };
    if (before.external() && sorted(after.groups) != sorted(before.groups)) {
      // They would be overwritten by the next token the issuer signs for this person.
      errors.push_back({"groups", "follow the external issuer's groups claim; change them there"});
    }
  }
  if (patch.email) {
    after.email = *patch.email;
    ValidateEmail(after.email, errors);
  }
  if (patch.enabled) after.enabled = *patch.enabled;
  if (!errors.empty()) throw ProblemException(Problem::Validation(std::move(errors)));
  const bool disabling = before.enabled && !after.enabled;
  if (disabling) after.sessions_revoked_at_ms = clock_->NowMillis();
  std::vector<storage::WriteAction> extra;
  const auto is_active_admin = [](const User& u) { return u.enabled && u.InGroup("admin"); };
  if (is_active_admin(before) && !is_active_admin(after)) {
    // The office must keep someone able to manage users. The other admin's version is checked
    // in the same transaction, so two admins demoting each other at once cannot both succeed.
    const auto other = users_->AnotherEnabledAdmin(id);
    if (!other) {
      throw ProblemException(Problem::Conflict(
          "This is the last enabled admin; make another user an admin before removing the role "
          "or disabling this one."));
    }
    extra.push_back(storage::WriteAction::Check(UserRepository::kUsersTable, {other->id, ""},
                                                storage::Condition::VersionEquals(other->version)));
  }
  auto event = UserEvent(disabling ? "user.disable" : "user.update", id, ctx);
  Write(before, after, event, std::move(extra));
  if (disabling) sessions_->Invalidate();
  return after;
}

std::string UserService::ResetPassword(const std::string& id, const CallContext& ctx) {
  const User before = Get(id);
  RequireLocalSignIn(before);
  User after = before;
  const std::string password = Credentials::NewTemporaryPassword();
  after.password_hash = credentials_->HashPassword(password);
  after.must_change_password = true;
  after.failed_attempts = 0;
  after.locked_until.clear();
  after.sessions_revoked_at_ms = clock_->NowMillis();
  auto event = UserEvent("user.reset_password", id, ctx);
  event.changes = {{"passwordHash", {{"old", "***"}, {"new", "***"}}},
                   {"sessions", {{"old", nullptr}, {"new", "revoked"}}}};
  Write(before, after, event);
  sessions_->Invalidate();
  return password;
}

void UserService::ChangePassword(const std::string& id, const std::string& current,
                                 const std::string& next, const CallContext& ctx) {
  if (limits_) limits_->Charge(ctx.ip, id);
  const User before = Get(id);
  RequireLocalSignIn(before);
  if (const auto locked = LockedFor(before, clock_->Now())) {
    throw ProblemException(Problem::TooManyRequests(
        static_cast<int>(locked->count()),
        "Too many wrong passwords: the account is locked; retry after " +
            std::to_string(locked->count()) + " s."));
  }
  if (!credentials_->VerifyPassword(before.password_hash, current)) {
    auto [after, locked] = CountFailure(before, clock_->Now());
    auto event = UserEvent(locked ? "auth.lockout" : "user.password_change", id, ctx);
    event.outcome = "denied";
    event.changes = {{"reason", {{"old", nullptr}, {"new", "wrong current password"}}},
                     {"failedAttempts",
                      {{"old", before.failed_attempts}, {"new", after.failed_attempts}}}};
    if (locked) event.changes["lockedUntil"] = {{"old", nullptr}, {"new", after.locked_until}};
    // Lost to a concurrent write, the count is one short; the next wrong guess makes it up.
    users_->Update(before, after, event);
    throw ProblemException(
        Problem::Validation({{"currentPassword", "is not your current password"}}));
  }
  auto errors = credentials_->CheckPolicy(next, before.username, before.email, "newPassword");
  if (!errors.empty()) throw ProblemException(Problem::Validation(std::move(errors)));
  User after = before;
  after.password_hash = credentials_->HashPassword(next);
  after.must_change_password = false;
  auto event = UserEvent("user.password_change", id, ctx);
  event.changes = {{"passwordHash", {{"old", "***"}, {"new", "***"}}}};
  Write(before, after, event);
}

TotpEnrolment UserService::StartTotp(const std::string& id, const CallContext& ctx) {
  const User before = Get(id);
  RequireLocalSignIn(before);
  const std::string secret = Credentials::NewTotpSecret();
  User after = before;
  after.mfa.pending_sealed_secret = credentials_->SealTotpSecret(secret, id);
  auto event = UserEvent("user.mfa_enrol_start", id, ctx);
  event.changes = {{"mfa.pendingSecret", {{"old", nullptr}, {"new", "***"}}}};
  Write(before, after, event);
  TotpEnrolment enrolment;
  enrolment.secret_base32 = crypto::Base32Encode(secret);
  enrolment.otpauth_uri = OtpAuthUri("Claim Connectors CRM", before.username, secret);
  return enrolment;
}

User UserService::VerifyTotp(const std::string& id, const std::string& code,
                             const CallContext& ctx) {
  const User before = Get(id);
  const auto secret = before.mfa.pending_sealed_secret.empty()
                          ? std::nullopt
                          : credentials_->UnsealTotpSecret(before.mfa.pending_sealed_secret, id);
  if (!secret) {
    throw ProblemException(Problem::Conflict("Start the enrolment first (POST /users/me/mfa/totp)."));
  }
  const auto step = credentials_->VerifyTotp(*secret, code);
  if (!step) {
    auto event = UserEvent("user.mfa_enable", id, ctx);
    event.outcome = "denied";
    users_->Audit(event);
    throw ProblemException(Problem::Validation({{"code", "does not match; check the device clock"}}));
  }
  User after = before;
  after.mfa.enabled = true;
  after.mfa.sealed_secret = before.mfa.pending_sealed_secret;
  after.mfa.pending_sealed_secret.clear();
  after.mfa.last_used_step = *step;  // the enrolment code cannot sign in again
  Write(before, after, UserEvent("user.mfa_enable", id, ctx));
  return after;
}

std::optional<std::string> UserService::Bootstrap(const std::optional<std::string>& password) {
  if (!users_->IsEmpty()) return std::nullopt;
  NewUser request;
  request.username = "admin";
  request.email = "admin@localhost.localdomain";
  request.groups = {kGroupAdmin};
  request.password = password;
  CallContext ctx;
  ctx.actor = "system";
  auto created = Create(std::move(request), ctx);
  return created.temporary_password;
}

}  // namespace ccrm::auth
