#include "auth/sign_in_limits.hpp"

#include <string>

#include "common/problem.hpp"
#include "gateway/throttle.hpp"

namespace ccrm::auth {

SignInLimits::SignInLimits(SignInLimitOptions options)
    : enabled_(options.enabled),
      by_ip_(options.ip_rate, options.ip_burst),
      by_account_(options.account_rate, options.account_burst) {}

void SignInLimits::Charge(std::string_view ip, std::string_view account) {
  if (!enabled_) return;
  if (const auto d = by_ip_.Take(gateway::Throttle::IpKey(ip)); !d.allowed) {
    throw ProblemException(Problem::TooManyRequests(
        d.retry_after_seconds, "Too many sign-in attempts from this address; retry after " +
                                   std::to_string(d.retry_after_seconds) + " s."));
  }
  if (const auto d = by_account_.Take(account); !d.allowed) {
    throw ProblemException(Problem::TooManyRequests(
        d.retry_after_seconds, "Too many sign-in attempts for this account; retry after " +
                                   std::to_string(d.retry_after_seconds) + " s."));
  }
}

}  // namespace ccrm::auth
