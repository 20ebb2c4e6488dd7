// Router: method + path template ("/api/v1/leads/{id}") to handler, with per-route options.
// Literal segments win over parameters; a last segment "{name+}" takes the rest of the path,
// slashes included (object keys: "/s3/{bucket}/{key+}"); an unknown path is 404, a known path
// with another method is 405 with the allowed methods.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/http_types.hpp"

namespace ccrm::gateway {

using Handler = std::function<Response(Request&)>;

// Who may call a route. The dispatcher checks it after the before-hooks (the authorizer) have
// established the principal, so the rule sits with the route, not in its handler. Deny by
// default: a route is public only when it says so.
struct Access {
  enum class Kind { kPublic, kUser, kApiKey };
  Kind kind = Kind::kUser;
  std::vector<std::string> groups;  // kUser: any one of these groups; empty = any signed-in user
  std::string scope;                // kApiKey: the scope the key must carry

  static Access Public() { return {Kind::kPublic, {}, {}}; }
  static Access Users(std::vector<std::string> groups = {}) {
    return {Kind::kUser, std::move(groups), {}};
  }
  static Access ApiKey(std::string scope) { return {Kind::kApiKey, {}, std::move(scope)}; }
};

// The kinds of request authentication a route may name (RouteOptions::authentication); the
// application registers what each does (Dispatcher::AddBeforeHook).
inline constexpr const char* kBearerAuthentication = "bearer";  // tokens, X-Api-Key
inline constexpr const char* kNoAuthentication = "none";

struct RouteOptions {
  // Run on the worker pool (the handler may block on storage or CPU-heavy work such as
  // password hashing). Inline handlers run on the io thread and must be quick and non-blocking;
  // they run there only when the before-hooks can work from memory for the request (see
  // InlineCheck), else on the pool.
  bool offload = true;
  // For an inline route: whether this request in particular is quick enough for the io thread
  // (GET /leads/{id}: the lead was read recently, so its version check finds its pages in
  // memory); else it goes to the pool. Empty: every request is. Runs on the io thread.
  std::function<bool(const Request&)> inline_if;
  // Offloaded to the separate heavy pool (ServerOptions::heavy_threads): for handlers that burn
  // tens of milliseconds of CPU (argon2id), so they cannot occupy every worker of the others.
  bool heavy = false;
  // Offloaded to the bulk pool (ServerOptions::bulk_threads): machine deliveries that arrive in
  // floods and each wait on a durable write (the contact center's events, records,
  // notifications), kept from the workers everything else needs.
  bool bulk = false;
  // Left out of the access log and request metrics labels are kept; true for probes
  // (/healthz) that monitoring systems hit every few seconds.
  bool quiet = false;
  // Not counted against the per-IP budget: the operations probes (/healthz, /readyz, /metrics),
  // which a load balancer or scraper polls from one address that may also carry the API
  // traffic of a whole office. They answer from memory (readyz: one storage ping) and reveal
  // nothing, like the 404 an unknown path gets, which is not throttled either.
  bool unthrottled = false;
  Access access;
  // The largest request body this route accepts; 0: ServerOptions::max_body_bytes. Checked
  // once the head is read (declared Content-Length, then a chunked body as it comes), so a
  // bulk import may take more than every other route without raising the global limit.
  size_t max_body_bytes = 0;
  // The handler reads the body as it arrives, from Request::body_stream (uploads): it starts
  // once the head passed the authorizer and runs on the transfer pool
  // (ServerOptions::transfer_threads, which also caps how many run at once: beyond, 503).
  // body_timeout then bounds a stall (no byte for that long), not the whole body.
  bool stream_body = false;
  // Which kind of authentication says who calls: the hooks registered under this name run
  // before `access` is checked. kBearerAuthentication: our tokens, the external issuer's, API
  // keys; a route of the S3-compatible endpoint names "sigv4"; kNoAuthentication runs none.
  std::string authentication = kBearerAuthentication;
  // Rewrites each error reply of this route (status 400 and up, not streamed) before it is
  // sent: the handler's, the access check's, the throttle's and the transport's 413 alike. For
  // a peer that reads an error shape of its own (Kinesis Data Firehose); `response` holds the
  // problem reply.
  std::function<void(const Request&, Response&)> reshape_error;
};

struct Route {
  std::string method;
  std::string pattern;
  Handler handler;
  RouteOptions options;
  size_t index = 0;  // position in Router::Routes(), for per-route tables (metrics series)
};

struct RouteMatch {
  enum class Outcome { kFound, kNotFound, kMethodNotAllowed };
  Outcome outcome = Outcome::kNotFound;
  const Route* route = nullptr;
  // The template of the matched path, also for kMethodNotAllowed (metrics and log labels).
  const std::string* pattern = nullptr;
  std::map<std::string, std::string, std::less<>> params;
  std::string allow;  // "GET, PATCH, DELETE" for kMethodNotAllowed
};

class Router {
 public:
  Router();
  ~Router();
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  // Throws std::invalid_argument on a malformed pattern or a duplicate method + pattern.
  void Add(std::string method, std::string pattern, Handler handler, RouteOptions options = {});
  // The route for a GET or HEAD that no pattern matches, except under `reserved` prefixes
  // (the API's own paths keep their 404 problem): the web app's assets and its history-API
  // fallback. Matched with the template `pattern` for metrics and logs. At most one.
  void SetFallback(std::string pattern, Handler handler, RouteOptions options,
                   std::vector<std::string> reserved);
  RouteMatch Match(std::string_view method, std::string_view path) const;
  const std::vector<std::unique_ptr<Route>>& Routes() const { return routes_; }
  // The max_body_bytes of the route `method` + `path` reach; 0 when none is set or nothing
  // matches. Allocates nothing unless the path binds a parameter.
  size_t BodyLimit(std::string_view method, std::string_view path) const;
  // The largest max_body_bytes of any route (0: none set): the listener reads a head with
  // this as its limit, then narrows it to the route's.
  size_t LargestBodyLimit() const { return largest_body_limit_; }

 private:
  struct Node;
  using Bindings = std::vector<std::pair<std::string_view, std::string_view>>;
  static const Node* Walk(const Node* node, std::string_view path, size_t start,
                          Bindings& bound);

  bool FallbackServes(std::string_view method, std::string_view path) const;

  std::unique_ptr<Node> root_;
  std::vector<std::unique_ptr<Route>> routes_;
  const Route* fallback_ = nullptr;  // owned by routes_
  std::vector<std::string> fallback_reserved_;
  size_t largest_body_limit_ = 0;
};

}  // namespace ccrm::gateway
