#include "audit/audit_changes.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>
#include <string>
#include <vector>

namespace ccrm::audit {
namespace {

bool IsUpper(char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; }
bool IsLower(char c) { return std::islower(static_cast<unsigned char>(c)) != 0; }
char Lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// "refreshToken" → {refresh, token}; "APIKey" → {api, key}; "totp_secret" → {totp, secret}.
std::vector<std::string> Words(std::string_view name) {
  std::vector<std::string> words;
  std::string word;
  const auto flush = [&] {
    if (!word.empty()) words.push_back(std::move(word));
    word.clear();
  };
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      flush();
      continue;
    }
    if (IsUpper(c) && i > 0) {
      const char prev = name[i - 1];
      const bool next_lower = i + 1 < name.size() && IsLower(name[i + 1]);
      // A new word starts at "aB" and at the last capital of an acronym ("APIKey" → API|Key).
      if (IsLower(prev) || std::isdigit(static_cast<unsigned char>(prev)) ||
          (IsUpper(prev) && next_lower)) {
        flush();
      }
    }
    word.push_back(Lower(c));
  }
  flush();
  return words;
}

Json MaskedValue(const Json& value) { return value.is_null() ? Json(nullptr) : Json(kMasked); }

// Masks secret-named members at any depth of a value.
Json MaskNested(const Json& value) {
  if (value.is_object()) {
    Json out = Json::object();
    for (const auto& [name, member] : value.items()) {
      out[name] = IsSecretField(name) ? MaskedValue(member) : MaskNested(member);
    }
    return out;
  }
  if (value.is_array()) {
    Json out = Json::array();
    for (const auto& element : value) out.push_back(MaskNested(element));
    return out;
  }
  return value;
}

bool IsOldNewPair(const Json& value) {
  if (!value.is_object() || value.empty()) return false;
  return std::all_of(value.items().begin(), value.items().end(),
                     [](const auto& item) { return item.key() == "old" || item.key() == "new"; });
}

void DiffInto(const Json& before, const Json& after, const std::string& prefix, Json& out) {
  static const Json kNull = nullptr;
  std::vector<std::string> names;
  for (const auto& [name, value] : before.items()) names.push_back(name);
  for (const auto& [name, value] : after.items()) {
    if (!before.contains(name)) names.push_back(name);
  }
  for (const auto& name : names) {
    const auto b = before.find(name);
    const auto a = after.find(name);
    const Json& old_value = b == before.end() ? kNull : *b;
    const Json& new_value = a == after.end() ? kNull : *a;
    if (old_value.is_object() && new_value.is_object()) {
      DiffInto(old_value, new_value, prefix + name + ".", out);
    } else if (old_value != new_value) {
      out[prefix + name] = {{"old", old_value}, {"new", new_value}};
    }
  }
}

}  // namespace

Json Diff(const Json& before, const Json& after) {
  const auto side = [](const Json& value) -> const Json& {
    static const Json kEmpty = Json::object();
    if (value.is_null()) return kEmpty;
    if (!value.is_object()) throw std::invalid_argument("audit: Diff compares JSON objects");
    return value;
  };
  Json out = Json::object();
  DiffInto(side(before), side(after), "", out);
  return out;
}

bool IsSecretField(std::string_view name) {
  static constexpr std::array<std::string_view, 8> kSecretWords = {
      "password", "passwd", "passphrase", "secret", "token", "key", "credential", "credentials"};
  // Words that describe a form of the secret rather than something about it: "passwordHash"
  // and "privateKeyPem" are still secrets, "passwordChangedAt" and "keyId" are not.
  static constexpr std::array<std::string_view, 12> kFormWords = {
      "hash", "hashed", "value", "plain", "plaintext", "pem", "der", "hex",
      "base64", "encrypted", "sealed", "raw"};
  auto words = Words(name);
  while (words.size() > 1 &&
         std::find(kFormWords.begin(), kFormWords.end(), words.back()) != kFormWords.end()) {
    words.pop_back();
  }
  return !words.empty() &&
         std::find(kSecretWords.begin(), kSecretWords.end(), words.back()) != kSecretWords.end();
}

Json MaskChanges(const Json& changes) {
  if (!changes.is_object()) {
    throw std::invalid_argument("audit: changes must be a JSON object");
  }
  Json out = Json::object();
  for (const auto& [field, change] : changes.items()) {
    const bool secret = IsSecretField(field);
    if (IsOldNewPair(change)) {
      Json pair = Json::object();
      for (const auto& [side, value] : change.items()) {
        pair[side] = secret ? MaskedValue(value) : MaskNested(value);
      }
      out[field] = std::move(pair);
    } else {
      // Not the {old, new} shape: mask the value as a whole.
      out[field] = secret ? MaskedValue(change) : MaskNested(change);
    }
  }
  return out;
}

}  // namespace ccrm::audit
