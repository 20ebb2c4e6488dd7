#include "gateway/wire.hpp"

#include <boost/beast/http/error.hpp>
#include <boost/beast/http/field.hpp>

#include <fmt/format.h>
#include <strings.h>

#include <cstdio>
#include <ctime>

namespace ccrm::gateway {
namespace {

namespace http = boost::beast::http;

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// Transport-level headers are the listener's business, whatever a handler set.
bool IsHopByHop(std::string_view name) {
  return IEquals(name, "Connection") || IEquals(name, "Keep-Alive") ||
         IEquals(name, "Transfer-Encoding") || IEquals(name, "Date") ||
         IEquals(name, "Content-Length");
}

bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

// A CR or LF in a value would let a handler echoing client input split the response.
bool IsSafeValue(std::string_view s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

}  // namespace

std::optional<Problem> FromBeast(BeastRequest&& in, Request& out) {
  out.method = std::string(in.method_string());
  out.target = std::string(in.target());
  std::string_view target = out.target;
  // Absolute-form ("http://host/path"), which RFC 9112 says a server must accept.
  if (target.starts_with("http://") || target.starts_with("https://")) {
    const size_t authority = target.find("://") + 3;
    const size_t rest = target.find_first_of("/?", authority);
    target = rest == std::string_view::npos ? std::string_view("/") : target.substr(rest);
  }
  const size_t q = target.find('?');
  std::string_view raw_path = target.substr(0, q);
  if (raw_path.empty()) raw_path = "/";
  out.query = q == std::string_view::npos ? std::string() : std::string(target.substr(q + 1));
  auto path = PercentDecode(raw_path, false);
  if (!path) {
    return Problem::BadRequest("The request target is not valid percent-encoding.");
  }
  out.path = std::move(*path);
  for (const auto& field : in) {
    out.headers.Add(std::string(field.name_string()), std::string(field.value()));
  }
  out.body = std::move(in.body());
  return std::nullopt;
}

BeastResponse ToBeast(Response&& response, unsigned version, bool keep_alive, bool head) {
  BeastResponse out;
  out.version(version);
  out.result(static_cast<unsigned>(response.status));
  const std::string* head_length = nullptr;
  for (const auto& [name, value] : response.headers.All()) {
    if (head && IEquals(name, "Content-Length")) head_length = &value;
    if (IsHopByHop(name) || !IsToken(name) || !IsSafeValue(value)) continue;
    out.insert(name, value);
  }
  out.set(http::field::date, HttpDate());
  out.keep_alive(keep_alive);
  const int status = response.status;
  if (status >= 200 && status != 204 && status != 304) {
    if (head) {
      // The length of the GET reply this HEAD stands for; the body itself is not sent.
      out.set(http::field::content_length, head_length ? *head_length : std::string("0"));
    } else {
      out.content_length(response.body.size());
      out.body() = std::move(response.body);
    }
  }
  return out;
}

std::optional<Problem> ReadErrorProblem(const boost::system::error_code& ec, bool timed_out,
                                        bool reading_body, const ServerOptions& options) {
  if (timed_out) {
    const auto limit = reading_body ? options.body_timeout : options.header_timeout;
    return Problem{.status = 408, .title = "Request Timeout",
                   .detail = fmt::format("The request {} did not arrive within {} s.",
                                         reading_body ? "body" : "head", limit.count())};
  }
  if (ec == http::error::header_limit) {
    return Problem{.status = 431, .title = "Request Header Fields Too Large",
                   .detail = fmt::format("The request line and headers exceed {} bytes.",
                                         options.max_header_bytes)};
  }
  if (ec == http::error::body_limit) {
    return Problem{.status = 413, .title = "Content Too Large",
                   .detail = fmt::format("The request body exceeds {} bytes.",
                                         options.max_body_bytes)};
  }
  if (ec == http::error::end_of_stream || ec == http::error::partial_message) return std::nullopt;
  if (ec.category() == http::make_error_code(http::error::bad_method).category()) {
    return Problem::BadRequest("Malformed HTTP request: " + ec.message() + ".");
  }
  return std::nullopt;
}

std::string_view HttpDate() {
  thread_local std::time_t last = 0;
  thread_local char text[40] = {};
  const std::time_t now = std::time(nullptr);
  if (now != last) {
    last = now;
    std::tm tm{};
    gmtime_r(&now, &tm);
    // Spelled out rather than strftime("%a"), which follows the process locale.
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT",
                  kDays[tm.tm_wday % 7], tm.tm_mday % 100, kMonths[tm.tm_mon % 12],
                  (tm.tm_year + 1900) % 10000, tm.tm_hour % 100, tm.tm_min % 100,
                  tm.tm_sec % 100);
  }
  return text;
}

bool IsSafeMethod(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

}  // namespace ccrm::gateway
