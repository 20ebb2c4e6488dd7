// Checking which members a JSON request body holds, for every route that reads one: a member
// the route does not know is refused (400 naming it), never silently dropped, so a client that
// sends `"enabled": false` or misspells a field learns at once that it had no effect.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "common/json.hpp"

namespace ccrm {

// A member name fit to appear in an error: names that are invalid UTF-8, hold control characters
// or are very long are shown with '?' for odd bytes and cut short, so the error reply can always
// be serialized and stays small.
std::string PrintableKey(std::string_view key);

// Throws ProblemException 400 when `body` is not an object, or lists each member whose name is
// not in `known` as "is not a known field (a, b, c)" (at most 20 of them).
void RequireKnownMembers(const Json& body, std::initializer_list<std::string_view> known);

}  // namespace ccrm
