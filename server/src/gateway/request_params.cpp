#include "gateway/request_params.hpp"

#include <charconv>

#include "common/problem.hpp"

namespace ccrm::gateway {
namespace {

std::optional<int64_t> ParseInt(std::string_view text) {
  int64_t value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

}  // namespace

int64_t IntQuery(const Request& request, std::string_view name, int64_t fallback, int64_t low,
                 int64_t high) {
  const auto text = request.Query(name);
  if (!text) return fallback;
  const auto value = ParseInt(*text);
  if (!value || *value < low || *value > high) {
    throw ProblemException(
        Problem::Validation({{std::string(name), "must be an integer from " + std::to_string(low) +
                                                     " to " + std::to_string(high)}}));
  }
  return *value;
}

int PageLimit(const Request& request) {
  return static_cast<int>(IntQuery(request, "limit", kDefaultPageLimit, 1, kMaxPageLimit));
}

std::optional<int64_t> IfMatchVersion(const Request& request) {
  const std::string* header = request.Header("If-Match");
  if (!header) return std::nullopt;
  std::string_view text = *header;
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (text == "*") return std::nullopt;  // any current version: the record must only exist
  if (text.starts_with("W/")) {
    // RFC 9110 13.1.1: If-Match compares strongly, and a weak tag never matches.
    throw ProblemException(Problem::PreconditionFailed(
        "If-Match names a weak entity tag, which never matches; send the strong ETag as "
        "this API sent it, such as \"7\"."));
  }
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    text = text.substr(1, text.size() - 2);
  }
  const auto version = ParseInt(text);
  if (!version || *version < 0) {
    throw ProblemException(Problem::BadRequest(
        "If-Match must be one version's ETag as this API sent it (\"7\", or the bare 7), or *.",
        {{"If-Match", "is not a version's ETag"}}));
  }
  return version;
}

std::string VersionETag(int64_t version) { return "\"" + std::to_string(version) + "\""; }

}  // namespace ccrm::gateway
