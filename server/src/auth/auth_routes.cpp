#include "auth/auth_routes.hpp"

#include "auth/refresh_cookie.hpp"
#include "common/json_members.hpp"

namespace ccrm::auth {

CallContext ContextOf(const gateway::Request& request) {
  CallContext ctx;
  ctx.actor = request.principal.authenticated() ? request.principal.id : "anonymous";
  ctx.ip = request.remote_ip;
  ctx.request_id = request.request_id;
  return ctx;
}

std::string RequiredString(const Json& body, const char* field, size_t max_length) {
  if (!body.is_object()) {
    throw ProblemException(Problem::BadRequest("The body must be a JSON object."));
  }
  const auto it = body.find(field);
  if (it == body.end() || !it->is_string() || it->get<std::string>().empty()) {
    throw ProblemException(Problem::Validation({{field, "is required (a string)"}}));
  }
  std::string value = it->get<std::string>();
  if (value.size() > max_length) {
    throw ProblemException(Problem::Validation(
        {{field, "must be at most " + std::to_string(max_length) + " characters"}}));
  }
  return value;
}

namespace {

// "tokenDelivery": "body" (the default: the refresh token in the JSON, for machine clients) or
// "cookie" (the web app: the refresh token in an HttpOnly cookie, see RefreshCookie).
bool WantsCookie(const Json& body) {
  const auto it = body.find("tokenDelivery");
  if (it == body.end()) return false;
  if (!it->is_string() || (*it != "body" && *it != "cookie")) {
    throw ProblemException(Problem::Validation({{"tokenDelivery", "must be body or cookie"}}));
  }
  return *it == "cookie";
}

gateway::Response TokensReply(const IssuedTokens& tokens, bool cookie,
                              std::chrono::seconds refresh_lifetime) {
  if (!cookie) return gateway::Response::WithJson(200, tokens.ToJson());
  Json json = tokens.ToJson();
  json.erase("refreshToken");
  auto response = gateway::Response::WithJson(200, json);
  RefreshCookie::Set(response, tokens.refresh_token, refresh_lifetime);
  return response;
}

gateway::Response LoginReply(const LoginResult& result, bool cookie,
                             std::chrono::seconds refresh_lifetime) {
  if (result.tokens) return TokensReply(*result.tokens, cookie, refresh_lifetime);
  return gateway::Response::WithJson(200, result.ToJson());
}

// The refresh token of a refresh or sign-out: the body's in JSON mode, the cookie's (with its
// CSRF header) in cookie mode.
std::string PresentedRefreshToken(const gateway::Request& request, const Json& body,
                                  bool cookie) {
  if (!cookie) return RequiredString(body, "refreshToken", 256);
  if (body.contains("refreshToken")) {
    throw ProblemException(Problem::Validation(
        {{"refreshToken", "is not sent in cookie mode; the ccrm_refresh cookie carries it"}}));
  }
  return RefreshCookie::FromRequest(request);
}

}  // namespace

void AddAuthRoutes(gateway::Router& router, std::shared_ptr<LoginService> login,
                   std::chrono::seconds refresh_lifetime) {
  const gateway::RouteOptions open{.offload = true, .access = gateway::Access::Public()};
  // Sign-ins verify or hash an argon2id password (~12 ms of CPU): the heavy pool.
  const gateway::RouteOptions hashing{
      .offload = true, .heavy = true, .access = gateway::Access::Public()};
  router.Add(
      "POST", "/api/v1/auth/login",
      [login, refresh_lifetime](gateway::Request& request) {
        const Json body = request.JsonBody();
        RequireKnownMembers(body, {"username", "password", "tokenDelivery"});
        const bool cookie = WantsCookie(body);
        const auto result =
            login->Login(RequiredString(body, "username", 256),
                         RequiredString(body, "password", 1024), ContextOf(request));
        return LoginReply(result, cookie, refresh_lifetime);
      },
      hashing);
  router.Add(
      "POST", "/api/v1/auth/mfa",
      [login, refresh_lifetime](gateway::Request& request) {
        const Json body = request.JsonBody();
        RequireKnownMembers(body, {"session", "code", "tokenDelivery"});
        const bool cookie = WantsCookie(body);
        const auto result = login->RespondMfa(RequiredString(body, "session", 1024),
                                              RequiredString(body, "code", 16), ContextOf(request));
        return LoginReply(result, cookie, refresh_lifetime);
      },
      open);
  router.Add(
      "POST", "/api/v1/auth/new-password",
      [login, refresh_lifetime](gateway::Request& request) {
        const Json body = request.JsonBody();
        RequireKnownMembers(body, {"session", "newPassword", "tokenDelivery"});
        const bool cookie = WantsCookie(body);
        const auto result = login->RespondNewPassword(RequiredString(body, "session", 1024),
                                                      RequiredString(body, "newPassword", 1024),
                                                      ContextOf(request));
        return LoginReply(result, cookie, refresh_lifetime);
      },
      hashing);
  router.Add(
      "POST", "/api/v1/auth/refresh",
      [login, refresh_lifetime](gateway::Request& request) {
        const Json body = request.JsonBody();
        RequireKnownMembers(body, {"refreshToken", "tokenDelivery"});
        const bool cookie = WantsCookie(body);
        try {
          const std::string presented = PresentedRefreshToken(request, body, cookie);
          const auto tokens = login->Refresh(presented, ContextOf(request));
          return TokensReply(tokens, cookie, refresh_lifetime);
        } catch (const ProblemException& e) {
          if (!cookie || e.problem().status != 401) throw;
          // A refresh cookie that no longer works is removed, so the app does not try it on
          // every page load.
          auto refused = gateway::Response::WithProblem(e.problem());
          RefreshCookie::Clear(refused);
          return refused;
        }
      },
      open);
  router.Add(
      "POST", "/api/v1/auth/logout",
      [login, refresh_lifetime](gateway::Request& request) {
        const Json body = request.JsonBody();
        RequireKnownMembers(body, {"refreshToken", "tokenDelivery"});
        const bool cookie = WantsCookie(body);
        login->Logout(PresentedRefreshToken(request, body, cookie), ContextOf(request));
        auto response = gateway::Response::NoContent();
        if (cookie) RefreshCookie::Clear(response);
        return response;
      },
      open);
}

void AddWellKnownRoutes(gateway::Router& router, std::string issuer, std::function<Json()> jwks) {
  // Offloaded: KeyRing::Jwks() re-reads storage when its snapshot is a minute old, which must not
  // block an io thread. The discovery document is a constant and is answered inline.
  router.Add("GET", "/.well-known/jwks.json",
             [jwks](gateway::Request&) {
               auto response = gateway::Response::WithJson(200, jwks());
               response.headers.Set("Cache-Control", "public, max-age=300");
               return response;
             },
             {.offload = true, .access = gateway::Access::Public()});
  const Json discovery = {
      {"issuer", issuer},
      {"jwks_uri", issuer + "/.well-known/jwks.json"},
      {"token_endpoint", issuer + "/api/v1/auth/login"},
      {"authorization_endpoint", issuer + "/api/v1/auth/login"},
      {"response_types_supported", {"token"}},
      {"subject_types_supported", {"public"}},
      {"id_token_signing_alg_values_supported", {"RS256"}},
      {"token_endpoint_auth_methods_supported", {"none"}},
      {"scopes_supported", {"openid", "profile", "email"}},
      {"claims_supported",
       {"sub", "iss", "aud", "exp", "iat", "auth_time", "jti", "origin_jti", "token_use",
        "client_id", "username", "cognito:username", "cognito:groups", "email", "scope"}},
  };
  router.Add("GET", "/.well-known/openid-configuration",
             [discovery](gateway::Request&) {
               auto response = gateway::Response::WithJson(200, discovery);
               response.headers.Set("Cache-Control", "public, max-age=300");
               return response;
             },
             {.offload = false, .access = gateway::Access::Public()});
}

}  // namespace ccrm::auth
