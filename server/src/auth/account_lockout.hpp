// The lockout rule that sign-in (wrong password, wrong MFA code) and changing one's password
// (wrong current password) share: kMaxFailures wrong secrets in a row lock the account for
// kLockout.
#pragma once

#include <chrono>
#include <optional>

#include "auth/user.hpp"

namespace ccrm::auth {

inline constexpr int kMaxFailures = 5;
inline constexpr std::chrono::minutes kLockout{15};

struct CountedFailure {
  User after;           // the user with the failure counted (written by the caller, audited)
  bool locked = false;  // this failure locked the account
};

// One more failure; at kMaxFailures the count starts again and the account locks until
// now + kLockout.
CountedFailure CountFailure(const User& user, std::chrono::system_clock::time_point now);
// How long the account stays locked, or nullopt when it is not.
std::optional<std::chrono::seconds> LockedFor(const User& user,
                                              std::chrono::system_clock::time_point now);

}  // namespace ccrm::auth
