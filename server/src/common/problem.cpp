#include "common/problem.hpp"

#include <algorithm>

namespace ccrm {
namespace {

// A reply never echoes unbounded input: whatever a message quotes (a parser's token, a value
// the client sent), it is cut at a character boundary with an ellipsis.
constexpr size_t kMaxDetailBytes = 512;
constexpr size_t kMaxFieldBytes = 200;
constexpr size_t kMaxMessageBytes = 300;

std::string Bounded(const std::string& text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "\u2026";
}

}  // namespace

Json Problem::ToJson() const {
  Json body = extra.is_object() ? extra : Json::object();
  body["type"] = type;
  body["title"] = title.empty() ? StatusTitle(status) : title;
  body["status"] = status;
  if (!detail.empty()) body["detail"] = Bounded(detail, kMaxDetailBytes);
  if (!errors.empty()) {
    Json list = Json::array();
    for (const auto& e : errors) {
      list.push_back({{"field", Bounded(e.field, kMaxFieldBytes)},
                      {"message", Bounded(e.message, kMaxMessageBytes)}});
    }
    body["errors"] = std::move(list);
  }
  return body;
}

Problem Problem::BadRequest(std::string detail, std::vector<FieldError> errors) {
  return Problem{.status = 400, .title = "Bad Request", .detail = std::move(detail),
                 .errors = std::move(errors)};
}

Problem Problem::Validation(std::vector<FieldError> errors) {
  return Problem{.status = 400, .title = "Validation failed",
                 .detail = "One or more fields are invalid.", .errors = std::move(errors)};
}

Problem Problem::NotFound(std::string detail) {
  return Problem{.status = 404, .title = "Not Found", .detail = std::move(detail)};
}

Problem Problem::Conflict(std::string detail) {
  return Problem{.status = 409, .title = "Conflict", .detail = std::move(detail)};
}

Problem Problem::PreconditionFailed(std::string detail) {
  return Problem{.status = 412, .title = "Precondition Failed", .detail = std::move(detail)};
}

Problem Problem::Internal() {
  return Problem{.status = 500, .title = "Internal Server Error",
                 .detail = "The server failed to handle the request; it has been logged."};
}

Problem Problem::TooManyRequests(int retry_after_seconds, std::string detail) {
  retry_after_seconds = std::max(1, retry_after_seconds);
  Problem p{.status = 429, .title = "Too Many Requests",
            .detail = detail.empty() ? "Request rate limit exceeded; retry after " +
                                           std::to_string(retry_after_seconds) + " s."
                                     : std::move(detail)};
  p.extra["retryAfter"] = retry_after_seconds;
  return p;
}

const char* StatusTitle(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    default: return "Error";
  }
}

}  // namespace ccrm
