// A user of the CRM (Cognito's user-pool entry): its stored form, its API form and validation.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.hpp"
#include "common/problem.hpp"

namespace ccrm::auth {

inline constexpr const char* kGroupAdmin = "admin";
inline constexpr const char* kGroupManager = "manager";
inline constexpr const char* kGroupAgent = "agent";

struct MfaState {
  bool enabled = false;
  // The TOTP secret sealed with the master key (base64url of crypto::Seal); empty = none.
  std::string sealed_secret;
  // Enrolment started but not yet verified: replaces sealed_secret once a code matches.
  std::string pending_sealed_secret;
  // The last TOTP time step accepted: a code of that step or earlier cannot be used again.
  int64_t last_used_step = -1;
};

struct User {
  std::string id;        // usr_…
  std::string username;  // lower case, 3..64 of [a-z0-9._-]
  std::string email;
  std::vector<std::string> groups;  // non-empty subset of admin, manager, agent
  bool enabled = true;
  MfaState mfa;
  int failed_attempts = 0;
  std::string locked_until;  // RFC 3339, empty when not locked
  std::string password_hash;
  bool must_change_password = false;
  // Every refresh family started at or before this instant (Unix ms) is revoked: disabling the
  // user and resetting the password revoke all sessions with this one field, written in the same
  // transaction as the change itself, however many families there are.
  int64_t sessions_revoked_at_ms = 0;
  std::string created_at;
  std::string updated_at;
  int64_t version = 0;
  // Set for a user of the external OIDC issuer, made at its first request: that issuer and the
  // token's "sub". Such a user has no password here and may have no email (access tokens carry
  // none); its groups follow the issuer's groups claim.
  std::string external_issuer;
  std::string external_subject;
  // The "iat" (Unix ms) of the issuer's token the groups were last taken from: an older token
  // seen later (another process, a cache miss) does not bring back groups since taken away.
  int64_t external_groups_as_of_ms = 0;

  bool external() const { return !external_issuer.empty(); }
  bool InGroup(std::string_view group) const;
};

// The storage item (users table), secrets included.
Json UserToItem(const User& user);
User UserFromItem(const Json& item);
// What the API and the audit trail see: never the password hash or the MFA secret.
Json UserToJson(const User& user);

// Lower-cases; validation happens separately so the error can name the field.
std::string NormalizeUsername(std::string_view username);
std::string NormalizeEmail(std::string_view email);

// Errors for the fields (named as in the API: username, email, groups), empty when all valid.
void ValidateUsername(const std::string& username, std::vector<FieldError>& errors);
void ValidateEmail(const std::string& email, std::vector<FieldError>& errors);
void ValidateGroups(const std::vector<std::string>& groups, std::vector<FieldError>& errors);

// Reads a JSON array of group names (errors under "groups" when it is not one).
std::optional<std::vector<std::string>> GroupsFromJson(const Json& value,
                                                       std::vector<FieldError>& errors);

}  // namespace ccrm::auth
