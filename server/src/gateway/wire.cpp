#include "gateway/wire.hpp"

#include <boost/beast/http/error.hpp>
#include <boost/beast/http/status.hpp>

#include <fmt/format.h>
#include <strings.h>

#include <array>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <ctime>

#include "common/ascii.hpp"

namespace ccrm::gateway {
namespace {

namespace http = boost::beast::http;

// Transport-level headers are the listener's business, whatever a handler set.
bool IsHopByHop(std::string_view name) {
  switch (name.size()) {
    case 4: return IEquals(name, "Date");
    case 10: return IEquals(name, "Connection") || IEquals(name, "Keep-Alive");
    case 14: return IEquals(name, "Content-Length");
    case 17: return IEquals(name, "Transfer-Encoding");
    default: return false;
  }
}

constexpr std::array<bool, 256> MakeTokenTable() {
  std::array<bool, 256> table{};
  for (int c = 'a'; c <= 'z'; ++c) table[static_cast<size_t>(c)] = true;
  for (int c = 'A'; c <= 'Z'; ++c) table[static_cast<size_t>(c)] = true;
  for (int c = '0'; c <= '9'; ++c) table[static_cast<size_t>(c)] = true;
  for (char c : std::string_view("!#$%&'*+-.^_`|~")) table[static_cast<unsigned char>(c)] = true;
  return table;
}
constexpr std::array<bool, 256> kTokenChars = MakeTokenTable();

bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!kTokenChars[static_cast<unsigned char>(c)]) return false;
  }
  return true;
}

// A CR or LF in a value would let a handler echoing client input split the response, and a
// NUL has no place in one either. strcspn (vectorized in glibc) stops at the first of CR, LF
// or NUL; only a value without any reaches its terminating NUL.
bool IsSafeValue(const std::string& s) { return std::strcspn(s.c_str(), "\r\n") == s.size(); }

void AppendHeader(std::string& out, std::string_view name, std::string_view value) {
  out.append(name);
  out.append(": ", 2);
  out.append(value);
  out.append("\r\n", 2);
}

}  // namespace

std::optional<Problem> ParseTarget(Request& request) {
  std::string_view target = request.target;
  // Absolute-form ("http://host/path"), which RFC 9112 says a server must accept.
  if (target.starts_with("http://") || target.starts_with("https://")) {
    const size_t authority = target.find("://") + 3;
    const size_t rest = target.find_first_of("/?", authority);
    target = rest == std::string_view::npos ? std::string_view("/") : target.substr(rest);
  }
  const size_t q = target.find('?');
  std::string_view raw_path = target.substr(0, q);
  if (raw_path.empty()) raw_path = "/";
  if (q == std::string_view::npos) {
    request.query.clear();
  } else {
    request.query.assign(target.substr(q + 1));
  }
  // Most paths have no escape: no decoding pass, no temporary.
  if (raw_path.find('%') == std::string_view::npos) {
    request.path.assign(raw_path);
    return std::nullopt;
  }
  auto path = PercentDecode(raw_path, false);
  if (!path) {
    return Problem::BadRequest("The request target is not valid percent-encoding.");
  }
  request.path = std::move(*path);
  return std::nullopt;
}

size_t BodyLimitFor(const Router& router, Request& request, size_t server_limit) {
  if (router.LargestBodyLimit() == 0 || ParseTarget(request)) return server_limit;
  const size_t limit = router.BodyLimit(request.method, request.path);
  return limit != 0 ? limit : server_limit;
}

void SerializeResponse(const Response& response, unsigned version, bool keep_alive, bool head,
                       std::string& out) {
  // Beast's serializer refused these by throwing; a reply is better than a dropped connection.
  const int status = response.status >= 100 && response.status <= 999 ? response.status : 500;
  out.append("HTTP/");
  out.push_back(static_cast<char>('0' + (version / 10) % 10));
  out.push_back('.');
  out.push_back(static_cast<char>('0' + version % 10));
  out.push_back(' ');
  out.push_back(static_cast<char>('0' + status / 100));
  out.push_back(static_cast<char>('0' + (status / 10) % 10));
  out.push_back(static_cast<char>('0' + status % 10));
  out.push_back(' ');
  const auto reason = http::obsolete_reason(http::int_to_status(static_cast<unsigned>(status)));
  out.append(reason.data(), reason.size());
  out.append("\r\n", 2);

  const std::string* head_length = nullptr;
  for (const auto& [name, value] : response.headers.All()) {
    if (IsHopByHop(name)) {
      if (head && IEquals(name, "Content-Length")) head_length = &value;
      continue;
    }
    if (!IsToken(name) || !IsSafeValue(value)) continue;
    AppendHeader(out, name, value);
  }
  AppendHeader(out, "Date", HttpDate());
  // What Beast's keep_alive() writes: HTTP/1.1 is persistent unless it says close, 1.0 the
  // other way round.
  if (version >= 11 && !keep_alive) AppendHeader(out, "Connection", "close");
  if (version < 11 && keep_alive) AppendHeader(out, "Connection", "keep-alive");
  const bool has_body = status >= 200 && status != 204 && status != 304;
  if (has_body) {
    if (response.stream && response.stream_length) {
      char digits[24];
      const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, *response.stream_length);
      (void)ec;
      AppendHeader(out, "Content-Length", std::string_view(digits, end - digits));
    } else if (response.stream) {
      // The body follows in chunks (see StreamWriter); HTTP/1.0 has no chunking and the
      // connection's end ends the body. A HEAD says what its GET would.
      if (version >= 11) AppendHeader(out, "Transfer-Encoding", "chunked");
    } else if (head) {
      // The length of the GET reply this HEAD stands for; the body itself is not sent.
      AppendHeader(out, "Content-Length",
                   head_length && IsSafeValue(*head_length) ? std::string_view(*head_length)
                                                            : std::string_view("0"));
    } else {
      char digits[24];
      const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, response.body.size());
      (void)ec;
      AppendHeader(out, "Content-Length", std::string_view(digits, end - digits));
    }
  }
  out.append("\r\n", 2);
  if (has_body && !head && !response.stream) out.append(response.body);
}

std::optional<Problem> ReadErrorProblem(const boost::system::error_code& ec, bool timed_out,
                                        bool reading_body, const ServerOptions& options,
                                        size_t body_limit) {
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
                   .detail = fmt::format("The request body exceeds {} bytes.", body_limit)};
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
