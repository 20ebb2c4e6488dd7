#include "auth/token_service.hpp"

#include "common/ids.hpp"

namespace ccrm::auth {

Json IssuedTokens::ToJson() const {
  return {{"accessToken", access_token},
          {"idToken", id_token},
          {"refreshToken", refresh_token},
          {"expiresIn", expires_in},
          {"tokenType", "Bearer"}};
}

TokenService::TokenService(ActiveKeyFn active_key, TokenOptions options, ClockPtr clock)
    : active_key_(std::move(active_key)), options_(std::move(options)), clock_(std::move(clock)) {}

IssuedTokens TokenService::Issue(const User& user, const std::string& family, int64_t auth_time,
                                 std::string refresh_token) const {
  const int64_t now = clock_->NowMillis() / 1000;
  const int64_t exp = now + options_.access_lifetime.count();
  const SigningKey signing = active_key_();
  // Cognito's shapes (WIRE-FORMATS.md): the access token has client_id and scope, no aud; the
  // id token has aud and the profile claims.
  const Json access = {{"iss", options_.issuer},
                       {"sub", user.id},
                       {"token_use", "access"},
                       {"client_id", options_.client_id},
                       {"scope", "openid profile email"},
                       {"cognito:groups", user.groups},
                       {"username", user.username},
                       {"auth_time", auth_time},
                       {"iat", now},
                       {"exp", exp},
                       {"jti", NewId("jti")},
                       {"origin_jti", family}};
  const Json id = {{"iss", options_.issuer},
                   {"sub", user.id},
                   {"token_use", "id"},
                   {"aud", options_.client_id},
                   {"cognito:groups", user.groups},
                   {"cognito:username", user.username},
                   {"email", user.email},
                   {"auth_time", auth_time},
                   {"iat", now},
                   {"exp", exp},
                   {"jti", NewId("jti")},
                   {"origin_jti", family}};
  IssuedTokens tokens;
  tokens.access_token = SignJwt(signing.kid, access, *signing.key);
  tokens.id_token = SignJwt(signing.kid, id, *signing.key);
  tokens.refresh_token = std::move(refresh_token);
  tokens.expires_in = options_.access_lifetime.count();
  return tokens;
}

JwtVerifyOptions TokenService::AccessVerifyOptions() const {
  JwtVerifyOptions options;
  options.issuer = options_.issuer;
  options.client_id = options_.client_id;
  options.token_use = TokenUse::kAccess;
  return options;
}

}  // namespace ccrm::auth
