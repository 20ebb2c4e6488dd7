#include "auth/authorizer.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>

#include "auth/external_jwks.hpp"
#include "common/base64.hpp"
#include "common/json_parse.hpp"

namespace ccrm::auth {
namespace {

constexpr std::string_view kBearerScheme = "bearer";

bool StartsWithIgnoreCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    const char c = text[i];
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if (lower != prefix[i]) return false;
  }
  return true;
}

// "Bearer <token>" -> the token; empty when the scheme is another or the token is missing.
std::string_view BearerToken(std::string_view header) {
  if (!StartsWithIgnoreCase(header, kBearerScheme)) return {};
  header.remove_prefix(kBearerScheme.size());
  if (header.empty() || (header.front() != ' ' && header.front() != '\t')) return {};
  while (!header.empty() && (header.front() == ' ' || header.front() == '\t')) {
    header.remove_prefix(1);
  }
  while (!header.empty() && (header.back() == ' ' || header.back() == '\t')) {
    header.remove_suffix(1);
  }
  return header;
}

const std::string* StringClaim(const Json& claims, const char* name) {
  const auto it = claims.find(name);
  if (it == claims.end() || !it->is_string()) return nullptr;
  return it->get_ptr<const std::string*>();
}

std::string FirstStringClaim(const Json& claims, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (const std::string* value = StringClaim(claims, name); value && !value->empty()) {
      return *value;
    }
  }
  return {};
}

// Strings of an array claim (a lone string counts as one); anything else is ignored.
std::vector<std::string> StringList(const Json& claims, const std::string& name) {
  std::vector<std::string> out;
  const auto it = claims.find(name);
  if (it == claims.end()) return out;
  if (it->is_string()) {
    out.push_back(it->get<std::string>());
  } else if (it->is_array()) {
    for (const auto& item : *it) {
      if (item.is_string()) out.push_back(item.get<std::string>());
    }
  }
  return out;
}

gateway::Response Unauthorized(std::string detail, std::string challenge) {
  gateway::Response response = gateway::Response::WithProblem(
      Problem{.status = 401, .title = "Unauthorized", .detail = std::move(detail)});
  response.headers.Add("WWW-Authenticate", std::move(challenge));
  return response;
}

}  // namespace

std::optional<std::string> PeekIssuer(std::string_view token) {
  const size_t first = token.find('.');
  if (first == std::string_view::npos) return std::nullopt;
  const size_t second = token.find('.', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  const auto payload = Base64UrlDecode(token.substr(first + 1, second - first - 1));
  if (!payload) return std::nullopt;
  const Json claims = TryParseOutsideJson(*payload).value_or(Json());
  if (!claims.is_object()) return std::nullopt;
  const std::string* iss = StringClaim(claims, "iss");
  if (!iss) return std::nullopt;
  return *iss;
}

Authorizer::Authorizer(AuthorizerOptions options, OurKeys our_keys, SessionStatePtr sessions,
                       std::shared_ptr<ExternalJwks> external_keys, ApiKeyAuthenticator api_keys,
                       ClockPtr clock, std::shared_ptr<gateway::Metrics> metrics,
                       ExternalUsersPtr external_users)
    : options_(std::move(options)),
      our_keys_(std::move(our_keys)),
      sessions_(std::move(sessions)),
      external_keys_(std::move(external_keys)),
      api_keys_(std::move(api_keys)),
      clock_(std::move(clock)),
      metrics_(std::move(metrics)),
      external_users_(std::move(external_users)) {
  if (options_.issuer.empty() || options_.client_id.empty()) {
    throw std::invalid_argument("Authorizer: issuer and client_id are required");
  }
  if (!clock_) throw std::invalid_argument("Authorizer: a clock is required");
  ours_ = JwtVerifyOptions{.issuer = options_.issuer,
                           .token_use = TokenUse::kAccess,
                           .client_id = options_.client_id,
                           .leeway = options_.leeway};
  if (options_.external) {
    const auto& ext = *options_.external;
    if (ext.issuer.empty() || ext.client_id.empty() || !external_keys_) {
      throw std::invalid_argument(
          "Authorizer: the external issuer needs an issuer, a client id and its JWKS");
    }
    if (ext.issuer == options_.issuer) {
      throw std::invalid_argument("Authorizer: the external issuer must differ from ours");
    }
    theirs_ = JwtVerifyOptions{.issuer = ext.issuer,
                               .token_use = TokenUse::kAccess,
                               .client_id = ext.client_id,
                               .leeway = options_.leeway};
  }
}

Authorizer::~Authorizer() = default;

gateway::BeforeHook Authorizer::AsHook(std::shared_ptr<Authorizer> authorizer) {
  return
      [authorizer = std::move(authorizer)](const gateway::Route& route, gateway::Request& request) {
        return (*authorizer)(route, request);
      };
}

gateway::InlineCheck Authorizer::AsInlineCheck(std::shared_ptr<Authorizer> authorizer) {
  return [authorizer = std::move(authorizer)](const gateway::Route& route,
                                              const gateway::Request& request) {
    return authorizer->CanAnswerInline(route, request);
  };
}

const std::string* Authorizer::ApiKeyHeader(const gateway::Request& request) {
  if (const std::string* key = request.Header("X-Api-Key")) return key;
  // Kinesis Data Firehose sends the access key configured on its HTTP endpoint here, verbatim.
  return request.Header("X-Amz-Firehose-Access-Key");
}

bool Authorizer::CanAnswerInline(const gateway::Route& route,
                                 const gateway::Request& request) const {
  if (route.options.access.kind == gateway::Access::Kind::kPublic) return true;
  const std::string* authorization = request.Header("Authorization");
  const std::string* api_key = ApiKeyHeader(request);
  if (authorization && api_key) return true;  // refused as it is
  if (api_key) return false;
  if (!authorization) return true;  // the dispatcher answers 401
  const std::string_view token = BearerToken(*authorization);
  if (token.empty()) return true;
  const std::shared_ptr<const VerifiedToken> verified = verified_.Find(token, clock_->Now());
  if (!verified) return false;
  if (verified->external) {
    return !verified->local_user || (sessions_ && sessions_->IsUserCached(verified->principal.id));
  }
  return sessions_ && sessions_->IsCached(verified->principal.id, verified->family);
}

std::optional<gateway::Response> Authorizer::operator()(const gateway::Route& route,
                                                        gateway::Request& request) {
  if (route.options.access.kind == gateway::Access::Kind::kPublic) return std::nullopt;
  const std::string* authorization = request.Header("Authorization");
  const std::string* api_key = ApiKeyHeader(request);
  if (authorization && api_key) {
    return gateway::Response::WithProblem(
        Problem::BadRequest("Send either Authorization or X-Api-Key, not both.",
                            {{"X-Api-Key", "not allowed together with Authorization"}}));
  }
  if (authorization) {
    const std::string_view token = BearerToken(*authorization);
    if (token.empty()) return RejectToken("The Authorization header must be Bearer <token>.");
    return AuthorizeBearer(token, request);
  }
  if (api_key) return AuthorizeApiKey(*api_key, request);
  return std::nullopt;
}

namespace {
// A demotion left the token none of its groups: refused, so the client refreshes (the new
// token carries the groups held now) rather than acting with rights it lost.
constexpr const char* kGroupsChanged =
    "The user no longer holds the token's groups; refresh the token or sign in again.";
}  // namespace

std::optional<gateway::Response> Authorizer::AuthorizeBearer(std::string_view token,
                                                             gateway::Request& request) {
  const auto now = clock_->Now();
  std::shared_ptr<const VerifiedToken> verified = verified_.Find(token, now);
  if (!verified) {
    std::string error;
    std::optional<VerifiedToken> fresh = VerifyBearer(token, request, error);
    if (!fresh) return RejectToken(error);
    verified = verified_.Insert(token, std::move(*fresh));
  }
  Principal principal = verified->principal;  // its groups may be narrowed below
  if (!verified->external) {
    // The signature says who; only the session store knows whether that still holds. Checked
    // on every request, cached token or not (SessionState answers from a 1 s cache).
    if (!sessions_) return RejectToken("Sessions cannot be checked yet.");
    if (!sessions_->IsUserActive(verified->principal.id)) {
      return RejectToken("The user is disabled.");
    }
    if (!sessions_->KeepHeldGroups(principal.id, principal.groups)) {
      return RejectToken(kGroupsChanged);
    }
    if (sessions_->IsFamilyRevoked(verified->family)) {
      return RejectToken("The session was revoked.");
    }
  } else if (verified->local_user) {
    // Disabled here after the token was first seen (the issuer may still think well of them),
    // or disabled and enabled again since it was issued.
    if (!sessions_ || !sessions_->IsUserActive(verified->principal.id)) {
      return RejectToken("The user is disabled.");
    }
    // The stored groups follow the issuer's newest token (see ExternalUserProvisioner): an
    // older token keeps only what the person still holds.
    if (!sessions_->KeepHeldGroups(principal.id, principal.groups)) {
      return RejectToken(kGroupsChanged);
    }
    if (sessions_->IsIssuedBeforeRevocation(verified->principal.id, verified->issued_at_ms)) {
      return RejectToken("The session was revoked.");
    }
  }
  request.principal = std::move(principal);
  return std::nullopt;
}

std::optional<VerifiedToken> Authorizer::VerifyBearer(std::string_view token,
                                                      const gateway::Request& request,
                                                      std::string& error) {
  const auto fail = [&error](std::string_view why) -> std::optional<VerifiedToken> {
    error = why;
    return std::nullopt;
  };
  const bool external =
      theirs_ && token.size() <= kMaxJwtBytes && PeekIssuer(token) == theirs_->issuer;
  const JwtVerifyResult result = external ? VerifyExternal(token) : VerifyOurs(token);
  if (!result) return fail(result.description());
  const Json& claims = result.claims();
  const std::string* sub = StringClaim(claims, "sub");
  if (!sub || sub->empty()) return fail("The token has no subject.");

  VerifiedToken verified;
  verified.external = external;
  const auto exp = claims.find("exp");  // VerifyJwt required a number
  verified.expires = std::chrono::system_clock::time_point(std::chrono::seconds(
                         exp != claims.end() && exp->is_number() ? exp->get<int64_t>() : 0)) +
                     (external ? theirs_->leeway : ours_.leeway);
  Principal& principal = verified.principal;
  if (external) {
    principal.id = "ext:" + *sub;
    principal.name = FirstStringClaim(claims, {"username", "cognito:username", "email"});
    if (principal.name.empty()) principal.name = principal.id;
    for (const std::string& theirs : StringList(claims, options_.external->groups_claim)) {
      const auto mapped = options_.external->group_map.find(theirs);
      if (mapped == options_.external->group_map.end()) continue;  // a group we do not use
      if (std::find(principal.groups.begin(), principal.groups.end(), mapped->second) ==
          principal.groups.end()) {
        principal.groups.push_back(mapped->second);
      }
    }
    // Signed-in alone opens some routes (creating a lead): a person none of whose groups is
    // mapped gets nothing, rather than acting without a role.
    if (principal.groups.empty()) return fail("None of the token's groups has a role here.");
    if (external_users_) {
      const auto iat = claims.find("iat");  // VerifyJwt required a number
      verified.issued_at_ms = iat != claims.end() && iat->is_number()
                                  ? static_cast<int64_t>(iat->get<double>() * 1000)
                                  : 0;
      // An email is kept only when the issuer vouches for it: anyone able to register with the
      // issuer could otherwise claim an address first.
      const bool email_verified = claims.value("email_verified", Json(false)) == Json(true) ||
                                  claims.value("email_verified", Json(false)) == Json("true");
      const std::optional<std::string> local = external_users_->Resolve(
          {.issuer = theirs_->issuer,
           .subject = *sub,
           .username = principal.name == principal.id ? std::string() : principal.name,
           .email = email_verified ? FirstStringClaim(claims, {"email"}) : std::string(),
           .groups = principal.groups,
           .issued_at_ms = verified.issued_at_ms,
           .request_id = request.request_id,
           .ip = request.remote_ip});
      if (!local) return fail("The user is disabled.");
      principal.id = *local;
      verified.local_user = true;
    }
  } else {
    const std::string* family = StringClaim(claims, "origin_jti");
    if (!family || family->empty()) return fail("The token has no origin_jti.");
    verified.family = *family;
    principal.id = *sub;
    principal.name = FirstStringClaim(claims, {"username", "cognito:username"});
    principal.groups = StringList(claims, "cognito:groups");
  }
  principal.is_api_key = false;
  return verified;
}

JwtVerifyResult Authorizer::VerifyOurs(std::string_view token) {
  const auto resolve = [this](std::string_view kid) -> std::shared_ptr<const crypto::RsaKey> {
    return our_keys_.find ? our_keys_.find(kid) : nullptr;
  };
  JwtVerifyResult result = VerifyJwt(token, resolve, ours_, clock_->Now());
  if (!result && result.error() == JwtError::kUnknownKey && MaybeReloadOurKeys()) {
    result = VerifyJwt(token, resolve, ours_, clock_->Now());
  }
  return result;
}

JwtVerifyResult Authorizer::VerifyExternal(std::string_view token) {
  const auto resolve = [this](std::string_view kid) { return external_keys_->Find(kid); };
  JwtVerifyResult result = VerifyJwt(token, resolve, *theirs_, clock_->Now());
  if (!result && result.error() == JwtError::kUnknownKey && external_keys_->Refresh()) {
    result = VerifyJwt(token, resolve, *theirs_, clock_->Now());
  }
  return result;
}

bool Authorizer::MaybeReloadOurKeys() {
  if (!our_keys_.reload) return false;
  std::lock_guard lock(reload_mutex_);
  const auto now = clock_->Now();
  if (last_reload_ != std::chrono::system_clock::time_point{} &&
      now - last_reload_ < options_.reload_interval) {
    return false;
  }
  last_reload_ = now;
  try {
    our_keys_.reload();
  } catch (const std::exception& e) {
    // The snapshot in use is kept; the token is refused as signed by an unknown key.
    spdlog::warn("reloading the signing keys failed: {}", e.what());
    return false;
  }
  return true;
}

std::optional<gateway::Response> Authorizer::AuthorizeApiKey(std::string_view key,
                                                             gateway::Request& request) {
  std::optional<Principal> principal;
  if (api_keys_ && !key.empty()) principal = api_keys_(key, request);
  if (!principal) return RejectApiKey();
  principal->is_api_key = true;
  request.principal = std::move(*principal);
  return std::nullopt;
}

gateway::Response Authorizer::RejectToken(std::string_view description) {
  const uint64_t count = rejected_tokens_.fetch_add(1, std::memory_order_relaxed) + 1;
  if (metrics_) {
    metrics_->SetGauge("ccrm_auth_rejected_tokens_total",
                       "Bearer tokens the authorizer refused since start",
                       static_cast<double>(count));
  }
  // The description comes from a fixed set of sentences without quotes or token bytes.
  std::string challenge = "Bearer realm=\"ccrm\", error=\"invalid_token\", error_description=\"";
  challenge.append(description);
  challenge.push_back('"');
  return Unauthorized("The access token is not valid: " + std::string(description),
                      std::move(challenge));
}

gateway::Response Authorizer::RejectApiKey() {
  const uint64_t count = rejected_keys_.fetch_add(1, std::memory_order_relaxed) + 1;
  if (metrics_) {
    metrics_->SetGauge("ccrm_auth_rejected_api_keys_total",
                       "API keys the authorizer refused since start", static_cast<double>(count));
  }
  return Unauthorized("The API key is not valid or was revoked.",
                      "ApiKey realm=\"ccrm\", header=\"X-Api-Key\", error=\"invalid_key\"");
}

}  // namespace ccrm::auth
