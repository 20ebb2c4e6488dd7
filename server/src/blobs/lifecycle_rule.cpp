#include "blobs/lifecycle_rule.hpp"

#include <charconv>
#include <stdexcept>

namespace ccrm::blobs {
namespace {

constexpr int kMaxDays = 36500;

[[noreturn]] void Refuse(std::string_view text, const std::string& why) {
  throw std::invalid_argument("rule \"" + std::string(text) + "\": " + why);
}

std::vector<std::string_view> Words(std::string_view text) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    const size_t start = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\t') ++i;
    if (i > start) words.push_back(text.substr(start, i - start));
  }
  return words;
}

bool ValidBucket(std::string_view bucket) {
  if (bucket.empty() || bucket.size() > 63) return false;
  for (const char c : bucket) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) return false;
  }
  return true;
}

}  // namespace

LifecycleRule ParseLifecycleRule(std::string_view text) {
  const std::vector<std::string_view> words = Words(text);
  if (words.empty()) Refuse(text, "name a bucket, e.g. \"recordings/ expire=2555\"");
  LifecycleRule rule;
  rule.text = std::string(text);
  const std::string_view where = words.front();
  const size_t slash = where.find('/');
  rule.bucket = std::string(where.substr(0, slash));
  if (slash != std::string_view::npos) rule.prefix = std::string(where.substr(slash + 1));
  if (!ValidBucket(rule.bucket)) Refuse(text, "\"" + rule.bucket + "\" is not a bucket name");
  for (size_t i = 1; i < words.size(); ++i) {
    const std::string_view word = words[i];
    const size_t equals = word.find('=');
    const std::string_view name = word.substr(0, equals);
    std::optional<int>* target = name == "transition" ? &rule.transition_days
                                 : name == "expire"   ? &rule.expire_days
                                                      : nullptr;
    if (target == nullptr || equals == std::string_view::npos) {
      Refuse(text, "\"" + std::string(word) + "\" is not transition=DAYS or expire=DAYS");
    }
    if (target->has_value()) Refuse(text, std::string(name) + " is given twice");
    const std::string_view value = word.substr(equals + 1);
    int days = -1;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), days);
    if (error != std::errc() || end != value.data() + value.size() || days < 0 || days > kMaxDays) {
      Refuse(text, std::string(name) + " must be 0 to 36500 days");
    }
    *target = days;
  }
  if (!rule.transition_days && !rule.expire_days) {
    Refuse(text, "give transition=DAYS, expire=DAYS or both");
  }
  if (rule.transition_days && rule.expire_days && *rule.expire_days < *rule.transition_days) {
    Refuse(text, "it expires before it would move to the cold tier");
  }
  return rule;
}

const LifecycleRule* MatchLifecycleRule(const std::vector<LifecycleRule>& rules,
                                        std::string_view bucket, std::string_view key) {
  const LifecycleRule* best = nullptr;
  for (const LifecycleRule& rule : rules) {
    if (rule.bucket != bucket || !key.starts_with(rule.prefix)) continue;
    if (best == nullptr || rule.prefix.size() > best->prefix.size()) best = &rule;
  }
  return best;
}

}  // namespace ccrm::blobs
