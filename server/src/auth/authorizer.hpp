// The authorizer (API Gateway's Lambda authorizer): a Dispatcher before-hook that turns a
// Bearer token or an X-Api-Key into request.principal, or answers 401.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "auth/external_users.hpp"
#include "auth/jwt.hpp"
#include "auth/session_state.hpp"
#include "auth/verified_token_cache.hpp"
#include "common/clock.hpp"
#include "gateway/dispatcher.hpp"
#include "gateway/http_types.hpp"
#include "gateway/metrics.hpp"

namespace ccrm::auth {

class ExternalJwks;

// Our own signing keys as the authorizer needs them (KeyRing provides both).
struct OurKeys {
  KeyResolver find;              // kid -> public key, or null; called on every request
  std::function<void()> reload;  // re-reads the keys (a kid minted by a key rotated in meanwhile)
};

// The principal of a valid, unrevoked API key (the full X-Api-Key value), or nullopt.
// ApiKeyService::Authenticate provides it.
using ApiKeyAuthenticator = std::function<std::optional<Principal>(
    std::string_view presented, const gateway::Request& request)>;

struct AuthorizerOptions {
  std::string issuer;     // our "iss"; required
  std::string client_id;  // our app client; required
  std::chrono::seconds leeway{60};
  // An unknown kid reloads our keys at most this often: a flood of made-up kids must not
  // become a flood of storage reads.
  std::chrono::seconds reload_interval{10};

  // One external OIDC issuer (e.g. a real Cognito user pool), optional.
  struct External {
    std::string issuer;
    std::string client_id;
    std::string groups_claim = "cognito:groups";
    std::map<std::string, std::string, std::less<>> group_map;  // their group -> ours
  };
  std::optional<External> external;
};

class Authorizer {
 public:
  // `sessions` may be null only while no user store exists: then every token of ours is refused
  // (no session can be shown to be live). `external_keys` is required when options.external is
  // set. `api_keys` may be empty (every API key is refused). `metrics` may be null.
  // An external token none of whose groups maps to ours is refused. `external_users` may be
  // null: an external token's principal is then "ext:<sub>", which no lead can be assigned to;
  // with it, the token acts as the local user that stands for its subject (created at first
  // sight), and is refused once that user is disabled here, and after that for good when it
  // was issued before the disable.
  Authorizer(AuthorizerOptions options, OurKeys our_keys, SessionStatePtr sessions,
             std::shared_ptr<ExternalJwks> external_keys, ApiKeyAuthenticator api_keys,
             ClockPtr clock, std::shared_ptr<gateway::Metrics> metrics,
             ExternalUsersPtr external_users = nullptr);
  ~Authorizer();
  Authorizer(const Authorizer&) = delete;
  Authorizer& operator=(const Authorizer&) = delete;

  // The hook. Public routes are left alone (credentials are neither needed nor checked there,
  // so a stale token never breaks sign-in). Otherwise: no credentials -> nullopt (the
  // dispatcher answers 401 for protected routes); valid credentials -> sets request.principal,
  // nullopt; invalid ones -> 401 with WWW-Authenticate; both Authorization and X-Api-Key -> 400.
  std::optional<gateway::Response> operator()(const gateway::Route& route,
                                              gateway::Request& request);

  // True when operator() can decide for this request from memory: no credentials, a refusal
  // that needs no lookup, or a bearer token already verified whose user and session state are
  // cached. API keys (their last-used time is written) and unverified tokens (a key reload or
  // a JWKS fetch may follow) are not.
  bool CanAnswerInline(const gateway::Route& route, const gateway::Request& request) const;

  // A BeforeHook sharing ownership of the authorizer, and its InlineCheck.
  static gateway::BeforeHook AsHook(std::shared_ptr<Authorizer> authorizer);
  static gateway::InlineCheck AsInlineCheck(std::shared_ptr<Authorizer> authorizer);

  // Counters for metrics and tests.
  uint64_t rejected_tokens() const { return rejected_tokens_.load(std::memory_order_relaxed); }
  uint64_t rejected_api_keys() const { return rejected_keys_.load(std::memory_order_relaxed); }

 private:
  // The API key a request carries: X-Api-Key, or the access key Kinesis Data Firehose sends in
  // X-Amz-Firehose-Access-Key (its HTTP endpoint delivery has no other place for one).
  static const std::string* ApiKeyHeader(const gateway::Request& request);
  std::optional<gateway::Response> AuthorizeBearer(std::string_view token,
                                                   gateway::Request& request);
  std::optional<gateway::Response> AuthorizeApiKey(std::string_view key, gateway::Request& request);
  // Signature and claims of a token not in verified_; nullopt with `error` set when invalid.
  std::optional<VerifiedToken> VerifyBearer(std::string_view token,
                                            const gateway::Request& request, std::string& error);
  JwtVerifyResult VerifyOurs(std::string_view token);
  JwtVerifyResult VerifyExternal(std::string_view token);
  // Reloads our keys unless that happened within reload_interval; true when it reloaded.
  bool MaybeReloadOurKeys();
  gateway::Response RejectToken(std::string_view description);
  gateway::Response RejectApiKey();

  AuthorizerOptions options_;
  JwtVerifyOptions ours_;
  std::optional<JwtVerifyOptions> theirs_;
  OurKeys our_keys_;
  SessionStatePtr sessions_;
  std::shared_ptr<ExternalJwks> external_keys_;
  ApiKeyAuthenticator api_keys_;
  ClockPtr clock_;
  std::shared_ptr<gateway::Metrics> metrics_;
  ExternalUsersPtr external_users_;

  VerifiedTokenCache verified_;
  std::mutex reload_mutex_;
  std::chrono::system_clock::time_point last_reload_{};
  std::atomic<uint64_t> rejected_tokens_{0};
  std::atomic<uint64_t> rejected_keys_{0};
};

// The "iss" claim of a JWT, read without verifying anything: only to choose which issuer's
// keys verify it. nullopt when the token does not even decode.
std::optional<std::string> PeekIssuer(std::string_view token);

}  // namespace ccrm::auth
