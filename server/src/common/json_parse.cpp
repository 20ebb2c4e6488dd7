#include "common/json_parse.hpp"

#include <cstring>
#include <string>

namespace ccrm {

bool JsonNestingWithin(std::string_view text, int max_depth) {
  int depth = 0;
  const char* p = text.data();
  const char* const end = p + text.size();
  while (p < end) {
    switch (*p) {
      case '{':
      case '[':
        if (++depth > max_depth) return false;
        ++p;
        break;
      case '}':
      case ']':
        --depth;  // may go negative on text that is not JSON; the parser refuses that
        ++p;
        break;
      case '"': {
        // To the closing quote: memchr is much faster than a byte loop on long strings.
        ++p;
        for (;;) {
          const void* quote = std::memchr(p, '"', static_cast<size_t>(end - p));
          if (!quote) return true;  // unterminated: not JSON, the parser says where
          const char* q = static_cast<const char*>(quote);
          size_t backslashes = 0;
          for (const char* b = q; b > p && b[-1] == '\\'; --b) ++backslashes;
          p = q + 1;
          if (backslashes % 2 == 0) break;
        }
        break;
      }
      default:
        ++p;
    }
  }
  return true;
}

JsonTooDeep::JsonTooDeep(int max_depth)
    : std::runtime_error("JSON nests objects and arrays deeper than " +
                         std::to_string(max_depth) + " levels"),
      max_depth_(max_depth) {}

Json ParseOutsideJson(std::string_view text, int max_depth) {
  if (!JsonNestingWithin(text, max_depth)) throw JsonTooDeep(max_depth);
  return Json::parse(text);
}

std::optional<Json> TryParseOutsideJson(std::string_view text, int max_depth) {
  if (!JsonNestingWithin(text, max_depth)) return std::nullopt;
  try {
    Json json = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded()) return std::nullopt;
    return json;
  } catch (const Json::exception&) {
    return std::nullopt;  // a number overflowing a double throws even without exceptions
  }
}

}  // namespace ccrm
