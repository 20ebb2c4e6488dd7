// Rate limits on the flows that try a password or a code (sign-in, its MFA and new-password
// challenges, changing one's password): per client IP and per account, lower than the general
// throttle. The lockout (account_lockout.hpp) stops guessing one account; these stop one
// address guessing many accounts at a few tries each, and bound even successful sign-ins of one
// account (a script looping on it).
#pragma once

#include <string_view>

#include "gateway/token_buckets.hpp"

namespace ccrm::auth {

struct SignInLimitOptions {
  bool enabled = true;
  double ip_rate = 1;          // attempts per second per client IP (a /64 for IPv6)...
  double ip_burst = 30;        // ...after this many at once: an office signing in at 9 am
  double account_rate = 0.2;   // attempts per second per account (12 a minute)...
  double account_burst = 20;   // ...after this many at once (the lockout stops guessing at 5)
};

class SignInLimits {
 public:
  explicit SignInLimits(SignInLimitOptions options);

  // Spends one attempt of the address, then one of the account ("usr_…", or the username as
  // typed when no such user exists, so unknown names answer alike). Throws ProblemException
  // 429 with Retry-After when either is spent; a refused address spends nothing of the account.
  void Charge(std::string_view ip, std::string_view account);

 private:
  bool enabled_;
  gateway::TokenBuckets by_ip_;
  gateway::TokenBuckets by_account_;
};

}  // namespace ccrm::auth
