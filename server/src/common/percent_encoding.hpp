// Percent-encoding (RFC 3986 §2.1) of URL paths and query values: the gateway's query
// parameters, SigV4's canonical requests.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ccrm {

// Decodes %XX escapes (and '+' as space when `plus_is_space`); nullopt on a bad escape.
std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space);
// %XX-escapes every byte but RFC 3986's unreserved ones (ALPHA DIGIT - . _ ~), upper-case hex:
// fit for a query value or a path segment, and exactly SigV4's URI encoding ('/' kept when
// `keep_slash`: an object key's path). PercentDecode gives the text back.
std::string PercentEncode(std::string_view text, bool keep_slash = false);

}  // namespace ccrm
