// The transport-free request pipeline: request id, CORS, routing, throttling, hooks (the
// authorizer), the handler with its errors mapped to problems, response headers, metrics, log.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/access_log.hpp"
#include "gateway/cors.hpp"
#include "gateway/http_types.hpp"
#include "gateway/metrics.hpp"
#include "gateway/router.hpp"
#include "gateway/throttle.hpp"
#include "gateway/trusted_proxies.hpp"

namespace ccrm::gateway {

struct DispatcherOptions {
  CorsOptions cors;
  ThrottleOptions throttle;
  // Peers (IPs or CIDRs) whose X-Forwarded-For and X-Forwarded-Proto are believed; empty:
  // nobody's (the listener is not behind a proxy). See TrustedProxies.
  std::vector<std::string> trusted_proxies;
};

// Runs after routing, before the handler, in the order added; a returned Response answers the
// request instead of the handler (e.g. 401). Hooks may set request.principal. They run where
// the handler runs (the worker pool for offloaded routes), so they may block on storage.
using BeforeHook = std::function<std::optional<Response>(const Route&, Request&)>;
// Whether a hook can do its work for this request without blocking (from memory: no storage,
// no network). An inline route (RouteOptions::offload = false) runs on the io thread only when
// every hook's check says so; otherwise it goes to the pool like any other. A hook without a
// check never blocks.
using InlineCheck = std::function<bool(const Route&, const Request&)>;

// One request goes Prepare -> Invoke (unless Prepare answered) -> Finish. The socket server
// runs Prepare and Finish on its io thread and Invoke on the worker pool when the route says
// offload; Handle() runs all three for unit tests and for an API Gateway proxy event.
class Dispatcher {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  struct Prepared {
    const Route* route = nullptr;     // set when the handler should run
    std::optional<Response> response; // set when the gateway already answered
  };

  // `access_log` may be null (no access log); `metrics` may be null (private instance).
  // Throws std::invalid_argument on a trusted proxy that is not an IP or CIDR.
  Dispatcher(std::shared_ptr<const Router> router, DispatcherOptions options,
             std::shared_ptr<Metrics> metrics, std::shared_ptr<AccessLog> access_log);
  ~Dispatcher();
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  // Before serving starts; not synchronized with requests in flight. The hook runs for the
  // routes whose RouteOptions::authentication is `authentication`, after those added before it.
  void AddBeforeHook(BeforeHook hook, InlineCheck can_run_inline = nullptr,
                     const std::string& authentication = kBearerAuthentication);
  // Throws std::logic_error naming a route whose kind of authentication has no hook: at start,
  // so a route cannot go out unauthenticated by a typo.
  void RequireAuthentications() const;
  // True when the route may run on the io thread for this request (see InlineCheck).
  bool CanRunInline(const Route& route, const Request& request) const;

  Response Handle(Request& request);

  // The client address and scheme from a trusted proxy, request id, CORS preflight, routing
  // (404/405), per-IP throttling. Counts the request as in flight, so every Prepare must be
  // followed by Finish. Cheap and non-blocking.
  Prepared Prepare(Request& request);
  // Hooks, per-principal throttling, the handler. Never throws: exceptions become problems.
  // `authorized`: Authorize already passed for this request (the listener runs it on the head,
  // before reading a body), so only the handler runs.
  Response Invoke(const Route& route, Request& request, bool authorized = false) const;
  // The hooks (who is calling), the route's access check and per-principal throttling, on the
  // head alone: a refusal (401, 403, 404, 429) to send instead of the handler, or nullopt. The
  // listener calls it before 100 Continue and before a body is read, so a caller without the
  // right credentials never makes the server read or hold a body. Never throws.
  std::optional<Response> Authorize(const Route& route, Request& request) const;
  // True when every hook can do its part of Authorize from memory (see InlineCheck).
  bool CanAuthorizeInline(const Route& route, const Request& request) const;
  // CORS and security headers, X-Request-Id, HEAD's body dropped (its Content-Length kept),
  // metrics and the access log. `route` is what Prepare returned (null if none). For a
  // streamed reply (not HEAD), the metrics and log wait for EndStream.
  void Finish(const Request& request, Response& response, TimePoint start,
              const Route* route) const;

  // A streamed reply (Response::stream) as the listener sends it: StartStream after the
  // handler, then Pull per chunk, both on the worker pool; EndStream once it has ended.
  enum class StreamStep { kMore, kLast, kFailed };
  // The first chunk into response.body, before anything is sent: a producer that throws is
  // a handler that threw (its problem reply replaces `response`), one done at once leaves an
  // ordinary reply. Never throws.
  void StartStream(const Request& request, Response& response) const;
  // The next chunk into response.body (emptied first). Never throws: kFailed when the
  // producer did, which is logged with the request id.
  StreamStep Pull(const Request& request, Response& response) const;
  // The stream is over (complete, failed or abandoned by the client): metrics and the
  // access-log line, with the status sent and the body bytes written.
  void EndStream(const Request& request, int status, size_t bytes, TimePoint start,
                 const Route* route) const;
  // A problem found by the transport (400 malformed HTTP, 408, 413, 431, 503) answered
  // through the same headers, metrics and log as any other reply.
  // `prepared`: Prepare already ran for this request (and counted it in flight).
  Response Reject(Request& request, const Problem& problem, TimePoint start,
                  bool prepared = false);

  Metrics& metrics() const { return *metrics_; }
  const Router& router() const { return *router_; }

  // 1..128 characters of [A-Za-z0-9._-]: anything else from a client is replaced, so a log
  // line can never be forged or bloated through the id.
  static bool IsValidRequestId(std::string_view id);

 private:
  void AssignRequestId(Request& request) const;
  Response TooManyRequests(int retry_after_seconds) const;
  // The route's Access against the principal the hooks established: 401 without (the right
  // kind of) credentials, 404 for a user outside the route's groups (never 403: what an agent
  // may not use does not exist for them), 403 for an API key without the scope.
  static std::optional<Response> CheckAccess(const Access& access, const Request& request);
  Response MapCurrentException(const Request& request) const;
  // For Handle(): the whole stream into response.body (a 500 problem if the producer fails).
  void DrainStream(const Request& request, Response& response) const;
  void Record(const Request& request, int status, size_t bytes, TimePoint start,
              const Route* route) const;
  void RecordMetrics(const Request& request, const Route* route, int status,
                     std::chrono::nanoseconds elapsed, size_t bytes) const;

  std::shared_ptr<const Router> router_;
  std::shared_ptr<Metrics> metrics_;
  // The metrics series of each route (by Route::index) and method slot, filled on first use:
  // recording a request then takes no lock and builds no key. Routes added to the router
  // after the dispatcher was made take the slower path.
  size_t cached_routes_ = 0;
  std::unique_ptr<std::atomic<Metrics::RouteSeries*>[]> series_;
  std::shared_ptr<AccessLog> access_log_;
  TrustedProxies trusted_proxies_;
  Cors cors_;
  std::unique_ptr<Throttle> throttle_;
  // The hooks of each kind of authentication, and their inline checks.
  struct Authentication {
    std::vector<BeforeHook> hooks;
    std::vector<InlineCheck> inline_checks;
  };
  std::map<std::string, Authentication, std::less<>> authentications_;
  const Authentication* AuthenticationOf(const Route& route) const;
};

}  // namespace ccrm::gateway
