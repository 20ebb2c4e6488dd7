// Issues Cognito-shaped access and id tokens (RS256) and refresh tokens, and describes how our
// own access tokens are verified.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "auth/jwt.hpp"
#include "auth/refresh_tokens.hpp"
#include "auth/user.hpp"
#include "common/clock.hpp"
#include "common/json.hpp"
#include "crypto/rsa_key.hpp"

namespace ccrm::auth {

struct SigningKey {
  std::string kid;
  std::shared_ptr<const crypto::RsaKey> key;
};
// The key that signs now (KeyRing's active key); called per issue so rotation applies at once.
using ActiveKeyFn = std::function<SigningKey()>;

struct TokenOptions {
  std::string issuer;
  std::string client_id = "ccrm-web";
  std::chrono::seconds access_lifetime{3600};
};

struct IssuedTokens {
  std::string access_token;
  std::string id_token;
  std::string refresh_token;
  int64_t expires_in = 0;
  Json ToJson() const;  // {accessToken, idToken, refreshToken, expiresIn, tokenType}
};

class TokenService {
 public:
  TokenService(ActiveKeyFn active_key, TokenOptions options, ClockPtr clock);

  // Access and id tokens for `user` in refresh family `family` (the origin_jti).
  IssuedTokens Issue(const User& user, const std::string& family, int64_t auth_time,
                     std::string refresh_token) const;

  // What the authorizer checks our access tokens against.
  JwtVerifyOptions AccessVerifyOptions() const;
  const TokenOptions& options() const { return options_; }

 private:
  ActiveKeyFn active_key_;
  TokenOptions options_;
  ClockPtr clock_;
};

}  // namespace ccrm::auth
