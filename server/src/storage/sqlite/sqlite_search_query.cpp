#include "storage/sqlite/sqlite_search_query.hpp"

#include <algorithm>
#include <cmath>

#include "common/base64.hpp"
#include "common/json.hpp"
#include "common/json_parse.hpp"

namespace ccrm::storage::sqlite {
namespace {

constexpr int kCursorVersion = 1;

void Mix(uint64_t& hash, std::string_view bytes) {
  // FNV-1a 64, then a separator byte no UTF-8 text contains, so ("ab","c") != ("a","bc").
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  hash ^= 0xff;
  hash *= 1099511628211ULL;
}

}  // namespace

std::vector<std::string> NormalizeTerms(const std::vector<std::string>& tokens) {
  std::vector<std::string> unique;
  for (const std::string& token : tokens) {
    if (token.empty()) continue;
    if (std::find(unique.begin(), unique.end(), token) == unique.end()) unique.push_back(token);
  }
  std::vector<std::string> terms;
  for (const std::string& token : unique) {
    const bool covered = std::any_of(unique.begin(), unique.end(), [&](const std::string& other) {
      return other.size() > token.size() && other.compare(0, token.size(), token) == 0;
    });
    if (!covered) terms.push_back(token);
    if (terms.size() == kMaxQueryTerms) break;
  }
  return terms;
}

std::string MatchExpression(const std::vector<std::string>& terms) {
  std::string match;
  for (const std::string& term : terms) {
    if (!match.empty()) match += " AND ";
    match += '"';
    for (char c : term) {
      if (c == '"') match += '"';
      match += c;
    }
    match += "\"*";
  }
  return match;
}

bool IsBlank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  });
}

std::string EncodeSearchCursor(const SearchCursor& cursor) {
  Json json = {{"v", kCursorVersion}, {"q", cursor.fingerprint}, {"i", cursor.last_id}};
  if (cursor.ranked) {
    json["s"] = cursor.last_score;
    json["h"] = cursor.high_water;
    json["b"] = cursor.broad;
    json["r"] = cursor.stats;
  }
  return Base64UrlEncode(json.dump());
}

std::optional<SearchCursor> DecodeSearchCursor(std::string_view text) {
  const auto bytes = Base64UrlDecode(text);
  if (!bytes) return std::nullopt;
  const Json json = TryParseOutsideJson(*bytes).value_or(Json());
  if (!json.is_object()) return std::nullopt;
  const auto version = json.find("v");
  const auto fingerprint = json.find("q");
  const auto id = json.find("i");
  if (version == json.end() || *version != kCursorVersion || fingerprint == json.end() ||
      !fingerprint->is_number_unsigned() || id == json.end() || !id->is_string()) {
    return std::nullopt;
  }
  SearchCursor cursor;
  cursor.fingerprint = fingerprint->get<uint64_t>();
  cursor.last_id = id->get<std::string>();
  const auto score = json.find("s");
  if (score == json.end()) return cursor;
  const auto high_water = json.find("h");
  const auto broad = json.find("b");
  const auto stats = json.find("r");
  if (!score->is_number() || high_water == json.end() || !high_water->is_number_integer() ||
      broad == json.end() || !broad->is_boolean() || stats == json.end() || !stats->is_string()) {
    return std::nullopt;
  }
  cursor.ranked = true;
  cursor.last_score = score->get<double>();
  cursor.high_water = high_water->get<int64_t>();
  cursor.broad = broad->get<bool>();
  cursor.stats = stats->get<std::string>();
  if (!std::isfinite(cursor.last_score)) return std::nullopt;
  return cursor;
}

uint64_t QueryFingerprint(const SearchQuery& query) {
  uint64_t hash = 14695981039346656037ULL;
  Mix(hash, query.collection);
  Mix(hash, query.text);
  for (const auto& [field, value] : query.filters) {
    Mix(hash, field);
    Mix(hash, value);
  }
  Mix(hash, "#tag");
  Mix(hash, query.tag);
  return hash;
}

}  // namespace ccrm::storage::sqlite
