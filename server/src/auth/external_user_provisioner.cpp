#include "auth/external_user_provisioner.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>
#include <utility>
#include <vector>

#include "audit/audit_changes.hpp"
#include "auth/user_service.hpp"
#include "common/ids.hpp"
#include "crypto/digest.hpp"

namespace ccrm::auth {
namespace {

std::vector<std::string> Sorted(std::vector<std::string> groups) {
  std::sort(groups.begin(), groups.end());
  return groups;
}

audit::AuditEvent EventFor(const std::string& action, const std::string& user_id,
                           const ExternalIdentity& identity) {
  // The actor is the person, known to us through their issuer's signature.
  return UserEvent(action, user_id,
                   {.actor = user_id, .ip = identity.ip, .request_id = identity.request_id});
}

// A valid email of the token, or none: an address we could not accept from an admin is not
// stored either.
std::string UsableEmail(const std::string& email) {
  std::vector<FieldError> errors;
  ValidateEmail(email, errors);
  return errors.empty() ? email : std::string();
}

}  // namespace

ExternalUserProvisioner::ExternalUserProvisioner(std::shared_ptr<UserRepository> users,
                                                 ClockPtr clock)
    : users_(std::move(users)), clock_(std::move(clock)) {
  if (!users_ || !clock_) {
    throw std::invalid_argument("ExternalUserProvisioner: users and clock are required");
  }
}

std::string ExternalUserProvisioner::UserIdOf(const std::string& issuer,
                                              const std::string& subject) {
  // The NUL keeps ("ab", "c") and ("a", "bc") apart; neither part can contain one (JSON strings
  // of a verified token could, so the lengths go in as well).
  return DerivedId("usr", crypto::Sha256(std::to_string(issuer.size()) + ":" + issuer + '\0' +
                                         subject));
}

std::string ExternalUserProvisioner::UsernameOf(const std::string& wanted) {
  std::string name;
  for (const char c : wanted) {
    if (name.size() == 64) break;
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    const bool ok = (lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9') ||
                    lower == '.' || lower == '_' || lower == '-';
    name += ok ? lower : '.';
  }
  while (!name.empty() && name.back() == '.') name.pop_back();
  while (!name.empty() && name.front() == '.') name.erase(name.begin());
  if (name.size() < 3) name = name.empty() ? "user" : name + "-user";
  return name;
}

std::optional<std::string> ExternalUserProvisioner::Resolve(const ExternalIdentity& identity) {
  if (identity.issuer.empty() || identity.subject.empty() || identity.groups.empty()) {
    throw std::invalid_argument("ExternalUserProvisioner: issuer, subject and groups are needed");
  }
  const std::string id = UserIdOf(identity.issuer, identity.subject);
  // Three rounds cover every race: a concurrent first request creating the same user, or a
  // concurrent change of it; each ends in one of the returns below.
  for (int round = 0; round < 3; ++round) {
    if (const auto user = users_->Get(id)) {
      if (user->external_issuer != identity.issuer || user->external_subject != identity.subject) {
        // A 128-bit digest does not collide; a user here that is not this person's is damage.
        throw std::runtime_error("user " + id + " is not the external user it is derived for");
      }
      if (!user->enabled) return std::nullopt;
      // A token older than the one the groups came from does not set them back; the
      // authorizer gives it only the groups still held.
      if (Sorted(user->groups) == Sorted(identity.groups) ||
          identity.issued_at_ms < user->external_groups_as_of_ms || SyncGroups(*user, identity)) {
        return id;
      }
      continue;
    }
    if (Create(id, identity)) return id;
  }
  throw std::runtime_error("external user " + id + " could not be provisioned");
}

bool ExternalUserProvisioner::Create(const std::string& id, const ExternalIdentity& identity) {
  const std::string wanted =
      UsernameOf(identity.username.empty() ? identity.subject : identity.username);
  const std::string email = UsableEmail(identity.email);
  const std::string suffix = "-" + id.substr(id.size() - 6);
  // As the token names the person, then suffixed when another user has that username, each
  // with the email and then without it (another user may have it); at last a username made
  // of the id, which nobody else holds.
  std::vector<std::pair<std::string, std::string>> attempts;
  for (const std::string& username : {wanted, wanted.substr(0, 64 - suffix.size()) + suffix}) {
    if (!email.empty()) attempts.emplace_back(username, email);
    attempts.emplace_back(username, "");
  }
  attempts.emplace_back("ext-" + id.substr(4), "");
  for (const auto& [username, address] : attempts) {
    User user;
    user.id = id;
    user.username = username;
    user.email = address;
    user.groups = identity.groups;
    user.external_issuer = identity.issuer;
    user.external_subject = identity.subject;
    user.external_groups_as_of_ms = identity.issued_at_ms;
    user.created_at = user.updated_at = FormatRfc3339Millis(clock_->Now());
    User shown = user;
    shown.version = 1;
    audit::AuditEvent event = EventFor("user.provision", id, identity);
    event.changes = audit::Diff(nullptr, UserToJson(shown));
    if (users_->Create(user, event) == UserWrite::kOk) {
      spdlog::info("external user {} ({}) provisioned as {}", user.username, identity.issuer, id);
      return true;
    }
    if (users_->Get(id)) return false;  // made meanwhile by a concurrent first request
  }
  return false;
}

bool ExternalUserProvisioner::SyncGroups(const User& user, const ExternalIdentity& identity) {
  User after = user;
  after.groups = identity.groups;
  after.external_groups_as_of_ms = identity.issued_at_ms;
  after.updated_at = FormatRfc3339Millis(clock_->Now());
  audit::AuditEvent event = EventFor("user.sync", user.id, identity);
  event.changes = {{"groups", {{"old", user.groups}, {"new", after.groups}}}};
  return users_->Update(user, after, event) == UserWrite::kOk;
}

}  // namespace ccrm::auth
