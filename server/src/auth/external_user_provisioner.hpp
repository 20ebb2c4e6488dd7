// ExternalUsers over the users table: a user of the external issuer gets a local user record at
// its first request (just-in-time provisioning, as Cognito does for federated sign-ins).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "auth/external_users.hpp"
#include "auth/user_repository.hpp"
#include "common/clock.hpp"

namespace ccrm::auth {

class ExternalUserProvisioner final : public ExternalUsers {
 public:
  ExternalUserProvisioner(std::shared_ptr<UserRepository> users, ClockPtr clock);

  // The user id is derived from issuer and subject (DerivedId of their SHA-256), so processes
  // sharing one store agree on it and concurrent first requests create one user. The username is
  // the token's, made to fit our rules, with a suffix from the id when another user has it; the
  // email is left out when another user has it: nothing links an outside identity to an
  // existing account. A stored user that is not this identity's is refused (throws).
  std::optional<std::string> Resolve(const ExternalIdentity& identity) override;

  static std::string UserIdOf(const std::string& issuer, const std::string& subject);
  // Lower case, characters outside [a-z0-9._-] as '.', cut to 64; "user" when nothing is left.
  static std::string UsernameOf(const std::string& wanted);

 private:
  // Creates the user; false when it could not (made meanwhile by another request, or every
  // username tried is taken).
  bool Create(const std::string& id, const ExternalIdentity& identity);
  // Brings the stored groups in line with the token's (audited as user.sync); false on a
  // concurrent write.
  bool SyncGroups(const User& user, const ExternalIdentity& identity);

  std::shared_ptr<UserRepository> users_;
  ClockPtr clock_;
};

}  // namespace ccrm::auth
