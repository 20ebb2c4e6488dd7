#include "common/json_members.hpp"

#include <vector>

#include "common/problem.hpp"
#include "common/utf8.hpp"

namespace ccrm {

std::string PrintableKey(std::string_view key) {
  constexpr size_t kMaxShown = 64;
  bool plain = key.size() <= kMaxShown;
  for (size_t pos = 0; plain && pos < key.size();) {
    const auto code_point = NextCodePoint(key, pos);
    plain = code_point && *code_point >= 0x20 && *code_point != 0x7f &&
            !(*code_point >= 0x80 && *code_point < 0xa0);
  }
  if (plain) return std::string(key);
  std::string out;
  for (size_t i = 0; i < key.size() && i < kMaxShown; ++i) {
    const char c = key[i];
    out += (c >= 0x20 && c < 0x7f) ? c : '?';
  }
  if (key.size() > kMaxShown) out += "...";
  return out;
}

void RequireKnownMembers(const Json& body, std::initializer_list<std::string_view> known) {
  if (!body.is_object()) {
    throw ProblemException(Problem::BadRequest("The body must be a JSON object."));
  }
  constexpr size_t kMaxListed = 20;
  std::vector<FieldError> errors;
  std::string names;
  for (auto it = body.begin(); it != body.end() && errors.size() < kMaxListed; ++it) {
    bool found = false;
    for (const auto name : known) found = found || it.key() == name;
    if (found) continue;
    if (names.empty()) {
      for (const auto name : known) names += (names.empty() ? "" : ", ") + std::string(name);
    }
    errors.push_back({PrintableKey(it.key()), "is not a known field (" + names + ")"});
  }
  if (!errors.empty()) throw ProblemException(Problem::Validation(std::move(errors)));
}

}  // namespace ccrm
