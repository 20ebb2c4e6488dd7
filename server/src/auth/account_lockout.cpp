#include "auth/account_lockout.hpp"

#include "common/clock.hpp"

namespace ccrm::auth {

CountedFailure CountFailure(const User& user, std::chrono::system_clock::time_point now) {
  CountedFailure counted{.after = user};
  User& after = counted.after;
  after.failed_attempts += 1;
  counted.locked = after.failed_attempts >= kMaxFailures;
  if (counted.locked) {
    after.failed_attempts = 0;
    after.locked_until = FormatRfc3339Millis(now + kLockout);
  }
  after.updated_at = FormatRfc3339Millis(now);
  return counted;
}

std::optional<std::chrono::seconds> LockedFor(const User& user,
                                              std::chrono::system_clock::time_point now) {
  if (user.locked_until.empty()) return std::nullopt;
  const auto until = ParseRfc3339(user.locked_until);
  if (!until || *until <= now) return std::nullopt;
  return std::chrono::ceil<std::chrono::seconds>(*until - now);
}

}  // namespace ccrm::auth
