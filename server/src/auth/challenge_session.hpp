// The opaque `session` of a sign-in challenge (SOFTWARE_TOKEN_MFA, NEW_PASSWORD_REQUIRED): the
// user id, purpose and expiry, MACed with a key held only in memory, so it cannot be forged
// or stretched, and a restart simply asks the user to sign in again.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "common/clock.hpp"

namespace ccrm::auth {

class ChallengeSessions {
 public:
  static constexpr std::chrono::seconds kLifetime{300};

  explicit ChallengeSessions(ClockPtr clock);

  std::string Make(const std::string& user_id, const std::string& purpose,
                   int64_t auth_time) const;

  struct Content {
    std::string user_id;
    int64_t auth_time = 0;
  };
  // The content when the MAC matches, the purpose is `purpose` and it has not expired.
  std::optional<Content> Open(const std::string& session, const std::string& purpose) const;

 private:
  ClockPtr clock_;
  std::string key_;
};

}  // namespace ccrm::auth
