// Internal to the listener: Beast messages to and from the transport-free Request/Response,
// and the problems that read errors earn.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/system/error_code.hpp>

#include <optional>
#include <string_view>

#include "common/problem.hpp"
#include "gateway/http_types.hpp"
#include "gateway/server_options.hpp"

namespace ccrm::gateway {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using BeastResponse = boost::beast::http::response<boost::beast::http::string_body>;

// Moves method, target, headers and body into `out`. A problem when the target cannot be a
// path (bad percent-encoding).
std::optional<Problem> FromBeast(BeastRequest&& in, Request& out);

// Moves the body out of `response`. Content-Length is computed (for HEAD, taken from the one
// the dispatcher set); Connection, Transfer-Encoding and Date from a handler are replaced.
BeastResponse ToBeast(Response&& response, unsigned version, bool keep_alive, bool head);

// The reply a failed read earns: 400, 408, 413 or 431; nullopt when there is nobody to answer
// (the peer closed or reset, or the server aborted the connection).
std::optional<Problem> ReadErrorProblem(const boost::system::error_code& ec, bool timed_out,
                                        bool reading_body, const ServerOptions& options);

// The current IMF-fixdate, reformatted at most once a second per thread.
std::string_view HttpDate();

// "GET", "HEAD" and "OPTIONS" may be handled while earlier pipelined requests still run.
bool IsSafeMethod(std::string_view method);

}  // namespace ccrm::gateway
