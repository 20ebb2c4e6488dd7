// What the authorizer asks about a user of the external OIDC issuer: which local user stands for
// it. A local user lets leads be assigned to that person, shows them in GET /users, and lets an
// admin disable them here whatever the issuer says.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ccrm::auth {

struct ExternalIdentity {
  std::string issuer;
  std::string subject;                // the token's "sub"
  std::string username;               // as the token names it ("username", else "email")
  std::string email;                  // empty when the token carries none
  std::vector<std::string> groups;    // ours (admin, manager, agent), already mapped; not empty
  int64_t issued_at_ms = 0;           // the token's "iat": a newer token's groups win
  std::string request_id;             // of the request that presented the token, for the audit
  std::string ip;
};

class ExternalUsers {
 public:
  virtual ~ExternalUsers() = default;
  // The id of the local user for `identity`: made at its first sight, its groups brought in
  // line with the token's unless a newer token's are stored. nullopt when that user is disabled here. Throws on storage failure.
  virtual std::optional<std::string> Resolve(const ExternalIdentity& identity) = 0;
};
using ExternalUsersPtr = std::shared_ptr<ExternalUsers>;

}  // namespace ccrm::auth
