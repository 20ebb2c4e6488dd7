#include "gateway/dispatcher.hpp"

#include <algorithm>

#include <exception>
#include <stdexcept>

#include "gateway/request_id.hpp"
#include "gateway/security_headers.hpp"

namespace ccrm::gateway {
namespace {

constexpr size_t kMaxRequestId = 128;

// nlohmann's what() opens with "[json.exception.type_error.302] "; the client needs the rest.
std::string_view WithoutJsonPrefix(std::string_view what) {
  if (what.starts_with("[json.exception.")) {
    if (const size_t end = what.find("] "); end != std::string_view::npos) {
      return what.substr(end + 2);
    }
  }
  return what;
}

bool StatusHasNoBody(int status) { return status < 200 || status == 204 || status == 304; }

}  // namespace

Dispatcher::Dispatcher(std::shared_ptr<const Router> router, DispatcherOptions options,
                       std::shared_ptr<Metrics> metrics, std::shared_ptr<AccessLog> access_log)
    : router_(std::move(router)),
      metrics_(metrics ? std::move(metrics) : std::make_shared<Metrics>()),
      access_log_(std::move(access_log)),
      trusted_proxies_(options.trusted_proxies),
      cors_(std::move(options.cors)),
      throttle_(std::make_unique<Throttle>(options.throttle)) {
  if (!router_) throw std::invalid_argument("Dispatcher needs a router");
  cached_routes_ = router_->Routes().size();
  series_ = std::make_unique<std::atomic<Metrics::RouteSeries*>[]>(cached_routes_ *
                                                                    Metrics::kMethodSlots);
}

Dispatcher::~Dispatcher() = default;

void Dispatcher::AddBeforeHook(BeforeHook hook, InlineCheck can_run_inline,
                               const std::string& authentication) {
  if (authentication == kNoAuthentication) {
    throw std::invalid_argument("\"none\" authentication takes no hooks");
  }
  Authentication& kind = authentications_[authentication];
  kind.hooks.push_back(std::move(hook));
  if (can_run_inline) kind.inline_checks.push_back(std::move(can_run_inline));
}

void Dispatcher::RequireAuthentications() const {
  for (const auto& route : router_->Routes()) {
    const std::string& kind = route->options.authentication;
    if (kind != kNoAuthentication && !authentications_.contains(kind)) {
      throw std::logic_error("route " + route->method + " " + route->pattern +
                             " names authentication \"" + kind + "\", which has no hook");
    }
  }
}

const Dispatcher::Authentication* Dispatcher::AuthenticationOf(const Route& route) const {
  const auto it = authentications_.find(route.options.authentication);
  return it == authentications_.end() ? nullptr : &it->second;
}

bool Dispatcher::CanRunInline(const Route& route, const Request& request) const {
  if (route.options.offload) return false;
  if (route.options.inline_if && !route.options.inline_if(request)) return false;
  return CanAuthorizeInline(route, request);
}

bool Dispatcher::CanAuthorizeInline(const Route& route, const Request& request) const {
  const Authentication* kind = AuthenticationOf(route);
  if (kind == nullptr) return true;
  for (const InlineCheck& check : kind->inline_checks) {
    if (!check(route, request)) return false;
  }
  return true;
}

bool Dispatcher::IsValidRequestId(std::string_view id) {
  if (id.empty() || id.size() > kMaxRequestId) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

void Dispatcher::AssignRequestId(Request& request) const {
  if (!request.request_id.empty()) return;
  const std::string* given = request.Header("X-Request-Id");
  request.request_id = given && IsValidRequestId(*given) ? *given : NewRequestId();
}

Response Dispatcher::Handle(Request& request) {
  const TimePoint start = std::chrono::steady_clock::now();
  Prepared prepared = Prepare(request);
  Response response =
      prepared.response ? std::move(*prepared.response) : Invoke(*prepared.route, request);
  if (response.stream && request.method != "HEAD") DrainStream(request, response);
  Finish(request, response, start, prepared.route);
  return response;
}

Dispatcher::Prepared Dispatcher::Prepare(Request& request) {
  trusted_proxies_.Apply(request);
  AssignRequestId(request);
  metrics_->AddInFlight(1);
  RouteMatch match = router_->Match(request.method, request.path);
  // Labelled with the path's template (the method may not have matched), never the raw path.
  if (match.pattern) request.route = *match.pattern;
  if (Cors::IsPreflight(request)) return {nullptr, cors_.Preflight(request)};

  if (match.outcome == RouteMatch::Outcome::kNotFound) {
    return {nullptr, Response::WithProblem(Problem::NotFound("No resource at this path."))};
  }
  if (match.outcome == RouteMatch::Outcome::kMethodNotAllowed) {
    if (request.method == "OPTIONS") {
      Response response = Response::NoContent();
      response.headers.Add("Allow", match.allow + ", OPTIONS");
      return {nullptr, std::move(response)};
    }
    Response response = Response::WithProblem(
        Problem{.status = 405, .title = "Method Not Allowed",
                .detail = "The method " + request.method.substr(0, 16) +
                          " is not allowed here; see the Allow header."});
    response.headers.Add("Allow", match.allow);
    return {nullptr, std::move(response)};
  }

  const Route* route = match.route;
  request.path_params = std::move(match.params);
  if (route->options.unthrottled) return {route, std::nullopt};
  if (const ThrottleDecision d = throttle_->CheckIp(request.remote_ip); !d.allowed) {
    return {route, TooManyRequests(d.retry_after_seconds)};
  }
  return {route, std::nullopt};
}

Response Dispatcher::Invoke(const Route& route, Request& request, bool authorized) const {
  if (!authorized) {
    if (std::optional<Response> refused = Authorize(route, request)) return std::move(*refused);
  }
  // In memory already (a unit test, a proxy event, a body too short to stream): the handler of a
  // stream_body route reads it the same way.
  if (route.options.stream_body && !request.body_stream) {
    request.body_stream = ReadFromString(std::move(request.body));
    request.body.clear();
  }
  try {
    return route.handler(request);
  } catch (...) {
    return MapCurrentException(request);
  }
}

std::optional<Response> Dispatcher::Authorize(const Route& route, Request& request) const {
  try {
    // No hooks (kind "none", or a kind nobody registered): nobody is established, so only a
    // public route answers.
    if (const Authentication* kind = AuthenticationOf(route)) {
      for (const BeforeHook& hook : kind->hooks) {
        if (std::optional<Response> early = hook(route, request)) return early;
      }
    }
    if (std::optional<Response> denied = CheckAccess(route.options.access, request)) {
      return denied;
    }
    // After the hooks: only they know who is calling.
    if (request.principal.authenticated()) {
      if (const ThrottleDecision d = throttle_->CheckPrincipal(request.principal.id);
          !d.allowed) {
        return TooManyRequests(d.retry_after_seconds);
      }
    }
    return std::nullopt;
  } catch (...) {
    return MapCurrentException(request);
  }
}

std::optional<Response> Dispatcher::CheckAccess(const Access& access, const Request& request) {
  if (access.kind == Access::Kind::kPublic) return std::nullopt;
  const Principal& who = request.principal;
  const bool wants_key = access.kind == Access::Kind::kApiKey;
  auto unauthorized = [&](std::string detail) {
    Response r = Response::WithProblem(
        Problem{.status = 401, .title = "Unauthorized", .detail = std::move(detail)});
    r.headers.Add("WWW-Authenticate",
                  wants_key ? "ApiKey realm=\"ccrm\", header=\"X-Api-Key\"" : "Bearer realm=\"ccrm\"");
    return r;
  };
  if (!who.authenticated()) {
    return unauthorized(wants_key ? "This route needs an API key in X-Api-Key."
                                  : "Sign in: this route needs a Bearer access token.");
  }
  if (wants_key != who.is_api_key) {
    return unauthorized(wants_key ? "This route takes an API key, not a user's token."
                                  : "An API key cannot call this route; it is for users.");
  }
  const auto has = [&](const std::string& g) {
    return std::find(who.groups.begin(), who.groups.end(), g) != who.groups.end();
  };
  if (wants_key) {
    if (!has(access.scope)) {
      return Response::WithProblem(Problem{
          .status = 403, .title = "Forbidden",
          .detail = "The API key lacks the scope " + access.scope + "."});
    }
    return std::nullopt;
  }
  if (!access.groups.empty() && std::none_of(access.groups.begin(), access.groups.end(), has)) {
    return Response::WithProblem(Problem::NotFound());
  }
  return std::nullopt;
}

Response Dispatcher::MapCurrentException(const Request& request) const {
  try {
    throw;
  } catch (const ProblemException& e) {
    return Response::WithProblem(e.problem());
  } catch (const Json::parse_error& e) {
    // Almost always the handler parsing the body itself; the position is counted in it.
    return Response::WithProblem(MalformedJsonProblem(request.body, e));
  } catch (const Json::exception& e) {
    return Response::WithProblem(Problem::BadRequest(
        "The JSON does not have the expected shape: " + std::string(WithoutJsonPrefix(e.what())),
        {{"body", "unexpected JSON"}}));
  } catch (const std::invalid_argument& e) {
    return Response::WithProblem(Problem::BadRequest(e.what()));
  } catch (const std::exception& e) {
    // The message may name tables, files or peers: it goes to the log, never to the client.
    if (access_log_) access_log_->LogHandlerError(request, e.what());
  } catch (...) {
    if (access_log_) access_log_->LogHandlerError(request, "non-standard exception");
  }
  return Response::WithProblem(Problem::Internal());
}

Response Dispatcher::TooManyRequests(int retry_after_seconds) const {
  return Response::WithProblem(Problem::TooManyRequests(retry_after_seconds));
}

void Dispatcher::Finish(const Request& request, Response& response, TimePoint start,
                        const Route* route) const {
  if (StatusHasNoBody(response.status)) {
    response.body.clear();
    response.stream = nullptr;
    response.headers.Remove("Content-Type");
  } else if (request.method == "HEAD") {
    // The transport writes this Content-Length and no body, as for the GET it stands for
    // (a streamed GET has none: chunked). A handler that answered HEAD itself with the length
    // of what GET would send (a stored object's) keeps it.
    const bool own_length = response.body.empty() && response.headers.Has("Content-Length");
    if (!response.stream && !own_length) {
      response.headers.Set("Content-Length", std::to_string(response.body.size()));
    }
    response.body.clear();
  }
  if (route && route->options.reshape_error && response.status >= 400 && !response.stream) {
    route->options.reshape_error(request, response);
  }
  // Room for what is added below (CORS, security headers, the id) in one allocation.
  response.headers.Reserve(response.headers.Size() + 10);
  if (!Cors::IsPreflight(request)) cors_.Apply(request, response);
  SecurityHeaders::Apply(request.secure, response);
  response.headers.Set("X-Request-Id", request.request_id);
  // A stream is recorded when it ends, with the bytes it took.
  if (response.stream && request.method != "HEAD") return;
  Record(request, response.status, response.body.size(), start, route);
}

void Dispatcher::Record(const Request& request, int status, size_t bytes, TimePoint start,
                        const Route* route) const {
  const auto elapsed = std::chrono::steady_clock::now() - start;
  RecordMetrics(request, route, status, elapsed, bytes);
  metrics_->AddInFlight(-1);
  if (access_log_ && !(route && route->options.quiet)) {
    access_log_->LogRequest(request, status, bytes,
                            std::chrono::duration_cast<std::chrono::microseconds>(elapsed));
  }
}

void Dispatcher::StartStream(const Request& request, Response& response) const {
  try {
    response.body.clear();
    if (!response.stream(response.body)) response.stream = nullptr;
  } catch (...) {
    response = MapCurrentException(request);
  }
}

Dispatcher::StreamStep Dispatcher::Pull(const Request& request, Response& response) const {
  response.body.clear();
  try {
    return response.stream(response.body) ? StreamStep::kMore : StreamStep::kLast;
  } catch (const std::exception& e) {
    if (access_log_) {
      access_log_->LogHandlerError(request, std::string("stream cut short: ") + e.what());
    }
  } catch (...) {
    if (access_log_)
      access_log_->LogHandlerError(request, "stream cut short: non-standard exception");
  }
  return StreamStep::kFailed;
}

void Dispatcher::EndStream(const Request& request, int status, size_t bytes, TimePoint start,
                           const Route* route) const {
  Record(request, status, bytes, start, route);
}

void Dispatcher::DrainStream(const Request& request, Response& response) const {
  StartStream(request, response);
  if (!response.stream) return;
  std::string whole = std::move(response.body);
  for (;;) {
    const StreamStep step = Pull(request, response);
    if (step == StreamStep::kFailed) {
      response = Response::WithProblem(Problem::Internal());
      return;
    }
    whole.append(response.body);
    if (step == StreamStep::kLast) break;
  }
  response.body = std::move(whole);
  response.stream = nullptr;
}

void Dispatcher::RecordMetrics(const Request& request, const Route* route, int status,
                               std::chrono::nanoseconds elapsed, size_t bytes) const {
  if (route && route->index < cached_routes_ && request.route == route->pattern) {
    std::atomic<Metrics::RouteSeries*>& slot =
        series_[route->index * Metrics::kMethodSlots + Metrics::MethodSlot(request.method)];
    Metrics::RouteSeries* series = slot.load(std::memory_order_acquire);
    if (!series) {
      // Two threads may both look it up; they find the same series.
      series = &metrics_->Series(request.method, route->pattern);
      slot.store(series, std::memory_order_release);
    }
    metrics_->Record(*series, status, elapsed, bytes);
    return;
  }
  metrics_->RecordRequest(request.method, request.route.empty() ? "unmatched" : request.route,
                          status, elapsed, bytes);
}

Response Dispatcher::Reject(Request& request, const Problem& problem, TimePoint start,
                           bool prepared) {
  AssignRequestId(request);
  if (!prepared) metrics_->AddInFlight(1);
  Response response = Response::WithProblem(problem);
  // The transport found the problem before any route ran; the route the request was for
  // still shapes it (a 413 for Firehose is final only in Firehose's own shape).
  const RouteMatch match = router_->Match(request.method, request.path);
  if (match.outcome == RouteMatch::Outcome::kFound && match.route->options.reshape_error) {
    match.route->options.reshape_error(request, response);
  }
  Finish(request, response, start, nullptr);
  return response;
}

}  // namespace ccrm::gateway
