// Parsing JSON that comes from outside (request bodies, cursors, tokens, a JWKS): nesting is
// bounded before any document exists, so no recursive walk over the result (merge patch, diff,
// validation, audit masking, destruction) can run out of stack, whatever the bytes.
#pragma once

#include <optional>
#include <stdexcept>
#include <string_view>

#include "common/json.hpp"

namespace ccrm {

// The deepest nesting of objects and arrays any JSON from outside may have. A lead is four
// levels deep at most; 32 leaves room for every shape the API takes and is far from the stack.
inline constexpr int kMaxJsonDepth = 32;

// True when no object or array in `text` opens more than `max_depth` levels deep (the top level
// is 1). Bytes inside strings are skipped, escapes included; text that is not JSON may pass,
// and the parser then refuses it.
bool JsonNestingWithin(std::string_view text, int max_depth = kMaxJsonDepth);

// Thrown by ParseOutsideJson when the nesting is too deep; the problem reply names the limit.
class JsonTooDeep : public std::runtime_error {
 public:
  explicit JsonTooDeep(int max_depth);
  int max_depth() const { return max_depth_; }

 private:
  int max_depth_;
};

// Json::parse after the nesting check. Throws JsonTooDeep, or nlohmann's exceptions for text
// that is not JSON (parse_error, and out_of_range for a number that overflows a double).
Json ParseOutsideJson(std::string_view text, int max_depth = kMaxJsonDepth);

// The same without exceptions: nullopt for anything that is not JSON within the limit.
std::optional<Json> TryParseOutsideJson(std::string_view text, int max_depth = kMaxJsonDepth);

}  // namespace ccrm
