// Internal to the listener: the request target into path and query, a Response into the
// bytes of an HTTP/1.1 reply, and the problems that read errors earn.
#pragma once

#include <boost/system/error_code.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "common/problem.hpp"
#include "gateway/http_types.hpp"
#include "gateway/router.hpp"
#include "gateway/server_options.hpp"

namespace ccrm::gateway {

// Splits `request.target` into `path` (percent-decoded) and `query`. A problem when the
// target cannot be a path (bad percent-encoding).
std::optional<Problem> ParseTarget(Request& request);

// The body limit of the route a request head names: `server_limit` unless the route sets its
// own (RouteOptions::max_body_bytes). Only a router with such routes is walked, and a target
// that is no path keeps the server's limit.
size_t BodyLimitFor(const Router& router, Request& request, size_t server_limit);

// Appends the reply to `out`, in one piece so that it leaves in one write: status line, the
// handler's headers (those that are not valid tokens or values are dropped), Date,
// Connection (as Beast's keep_alive() would set it) and Content-Length (for HEAD, the one the
// dispatcher set), then the body. Connection, Keep-Alive, Transfer-Encoding, Date and
// Content-Length from a handler are the transport's business and replaced. A streamed reply
// (response.stream) gets only its head here: Transfer-Encoding: chunked for HTTP/1.1.
void SerializeResponse(const Response& response, unsigned version, bool keep_alive, bool head,
                       std::string& out);

// The reply a failed read earns: 400, 408, 413 (over `body_limit`, the route's) or 431;
// nullopt when there is nobody to answer (the peer closed or reset, or the server aborted
// the connection).
std::optional<Problem> ReadErrorProblem(const boost::system::error_code& ec, bool timed_out,
                                        bool reading_body, const ServerOptions& options,
                                        size_t body_limit);

// The current IMF-fixdate, reformatted at most once a second per thread.
std::string_view HttpDate();

// "GET", "HEAD" and "OPTIONS" may be handled while earlier pipelined requests still run.
bool IsSafeMethod(std::string_view method);

}  // namespace ccrm::gateway
