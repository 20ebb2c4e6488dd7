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
  // the token's, made to fit our rules; when it or the email belongs to another user, the
  // username gets a suffix from the id and the email is left out: nothing links an outside
  // identity to an existing account (the issuer could claim any email).
  std::optional<std::string> Resolve(const ExternalIdentity& identity) override;

  static std::string UserIdOf(const std::string& issuer, const std::string& subject);
  // Lower case, characters outside [a-z0-9._-] as '.', cut to 64; "user" when nothing is left.
  static std::string UsernameOf(const std::string& wanted);

 private:
  // Brings the stored groups in line with the token's (audited as user.sync); false on a
  // concurrent write.
  bool SyncGroups(const User& user, const ExternalIdentity& identity);

  std::shared_ptr<UserRepository> users_;
  ClockPtr clock_;
};

}  // namespace ccrm::auth
