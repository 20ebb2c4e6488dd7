// Query building for the SQLite search index: user words to a safe FTS5 MATCH, and cursors.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/search_index.hpp"

namespace ccrm::storage::sqlite {

// More words than this in one query are ignored (10 KB pasted into the box must stay cheap);
// the first ones still narrow the result, so the query never widens to "everything".
inline constexpr size_t kMaxQueryTerms = 16;

// Tokens (already split and folded by QueryTokenizer) to the terms worth querying: duplicates
// go, and so does a token that is a prefix of another ("s smith"), since every document
// matching the longer one matches the shorter and it would only cost time. At most
// kMaxQueryTerms, in the order typed.
std::vector<std::string> NormalizeTerms(const std::vector<std::string>& tokens);

// `"t1"* AND "t2"* ...`: every term quoted, so nothing the user typed is FTS5 syntax (the
// tokenizer never yields quotes, but they are doubled anyway), and starred, so each is a prefix.
std::string MatchExpression(const std::vector<std::string>& terms);

// True when the text has nothing but whitespace: the caller wants a plain listing.
bool IsBlank(std::string_view text);

// Where a scan stands. `ranked` scans also carry what froze the ranking on their first page.
struct SearchCursor {
  uint64_t fingerprint = 0;  // of the query it belongs to; another query's cursor is refused
  bool ranked = false;
  std::string last_id;
  double last_score = 0;
  int64_t high_water = 0;  // largest document rowid when the scan began
  bool broad = false;      // ranked within the newest candidates only
  std::string stats;       // EncodeRankStats text
};

std::string EncodeSearchCursor(const SearchCursor& cursor);
std::optional<SearchCursor> DecodeSearchCursor(std::string_view text);

// A stable (process- and build-independent) hash of what defines a scan: collection, text,
// filters and tag. Limit is left out, so a client may change its page size mid-scan.
uint64_t QueryFingerprint(const SearchQuery& query);

}  // namespace ccrm::storage::sqlite
