// What the authorizer asks about a token's subject beyond its signature.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ccrm::auth {

class SessionState {
 public:
  virtual ~SessionState() = default;
  // False for unknown or disabled users (their tokens stop working at once).
  virtual bool IsUserActive(const std::string& user_id) = 0;
  // Like IsUserActive, and removes from `groups` (a token's) those the stored user no longer
  // holds: a demotion takes effect on tokens issued before it, as disabling does. False too
  // when no group is left.
  virtual bool KeepHeldGroups(const std::string& user_id, std::vector<std::string>& groups) = 0;
  // True when the refresh-token family (the tokens' origin_jti) was revoked: logout, reuse of a
  // rotated refresh token, password reset, disabling the user.
  virtual bool IsFamilyRevoked(const std::string& family) = 0;
  // True when both questions above can be answered from memory for this user and family (an
  // inline route may then run on the io thread). Implementations without a cache: false.
  virtual bool IsCached(const std::string& user_id, const std::string& family) {
    (void)user_id;
    (void)family;
    return false;
  }
  // True when the user's sessions were revoked (disabling, a password reset) at or after
  // `issued_at_ms`: how a token without a family (the external issuer's) is revoked, so a
  // token from before a disable stays refused once the user is enabled again.
  virtual bool IsIssuedBeforeRevocation(const std::string& user_id, int64_t issued_at_ms) = 0;
  // IsCached for those two questions (tokens without a family).
  virtual bool IsUserCached(const std::string& user_id) {
    (void)user_id;
    return false;
  }
};
using SessionStatePtr = std::shared_ptr<SessionState>;

}  // namespace ccrm::auth
