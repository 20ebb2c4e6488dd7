#include "leads/phone_query.hpp"

namespace ccrm::leads {

std::optional<std::string> PhonePrefixOf(std::string_view q) {
  std::string digits;
  int groups = 0;
  bool in_group = false;
  for (const char c : q) {
    if (c >= '0' && c <= '9') {
      if (!in_group) ++groups;
      in_group = true;
      digits += c;
    } else if (c == ' ' || c == '\t' || c == '(' || c == ')' || c == '-' || c == '.' || c == '+') {
      in_group = false;
    } else {
      return std::nullopt;
    }
  }
  if (groups < 2 || digits.size() < 3 || digits.size() > 15) return std::nullopt;
  return digits;
}

}  // namespace ccrm::leads
