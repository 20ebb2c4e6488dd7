// Query and header parameters every module's list and write routes read the same way:
// `limit`, `If-Match`, integers in the query string; bad values answer a 400 naming them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "gateway/http_types.hpp"

namespace ccrm::gateway {

inline constexpr int kDefaultPageLimit = 50;
inline constexpr int kMaxPageLimit = 200;

// ?limit=, 1..kMaxPageLimit (default kDefaultPageLimit); otherwise a 400 problem.
int PageLimit(const Request& request);

// The version in If-Match ("3" or the ETag form "\"3\""); nullopt when absent or "*" (the
// route's own lookup answers 404 for a missing record). Throws 412 for a weak tag (it never
// matches a strong comparison, RFC 9110 13.1.1) and 400 naming If-Match for anything else that
// is not one version (a list of several, garbage).
std::optional<int64_t> IfMatchVersion(const Request& request);

// An integer query parameter within [low, high], or `fallback` when absent; else 400.
int64_t IntQuery(const Request& request, std::string_view name, int64_t fallback, int64_t low,
                 int64_t high);

// The strong ETag of a record version: "\"3\"".
std::string VersionETag(int64_t version);

}  // namespace ccrm::gateway
