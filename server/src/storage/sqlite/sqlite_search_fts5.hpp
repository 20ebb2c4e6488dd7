// FTS5 glue for the SQLite search index: the query tokenizer and a bm25 with frozen statistics.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ccrm::storage::sqlite {

// The tokenizer every search table is created with. The query side runs the very same
// tokenizer (QueryTokenizer), so what the user types splits and folds exactly as indexed text.
inline constexpr std::string_view kSearchTokenizer = "unicode61 remove_diacritics 2";

// Everything a bm25 score depends on besides the row itself. Builtin bm25() reads these live,
// so scores drift as other documents change; a scan freezes them on its first page and carries
// them in the cursor, which makes a document's score stable for the whole scan.
struct RankStats {
  double avg_length = 1;    // average document length in tokens, over all columns
  std::vector<double> idf;  // one per query term (FTS5 phrase)
};

std::string EncodeRankStats(const RankStats& stats);
std::optional<RankStats> DecodeRankStats(std::string_view text);

// What ccrm_rank_stats() reports for one query.
struct TermCounts {
  int64_t rows = 0;                // documents in the table
  int64_t tokens = 0;              // tokens in the table, all columns
  std::vector<int64_t> documents;  // per term: documents containing it, at most the cap
};
std::optional<TermCounts> DecodeTermCounts(std::string_view text);

// bm25's inverse document frequency, with FTS5's floor so a very common term never scores
// negative.
double InverseDocumentFrequency(int64_t rows, int64_t documents);

// Registers on this connection:
//   ccrm_rank(fts, stats, length, w0, w1, ...): bm25 (k1 1.2, b 0.75, FTS5's formula) from
//     frozen RankStats (EncodeRankStats text) and per-column weights; higher is better.
//     `length` is the row's length in tokens as the docs table stores it (what FTS5's
//     xColumnSize(-1) would read from its docsize table, one b-tree seek per row: ~40% of a
//     query ranking thousands of matches); NULL reads it from FTS5 (rows written before the
//     docs table kept it).
//   ccrm_rank_stats(fts, cap): TermCounts text for the current query; counting stops at `cap`
//     documents per term so that a one-letter prefix does not walk the whole doclist.
void RegisterRankFunctions(sqlite3* db);

// Splits user text into index tokens with the tables' tokenizer. One per connection; not
// thread-safe (the tokenizer keeps a scratch buffer).
class QueryTokenizer {
 public:
  explicit QueryTokenizer(sqlite3* db);
  ~QueryTokenizer();
  QueryTokenizer(const QueryTokenizer&) = delete;
  QueryTokenizer& operator=(const QueryTokenizer&) = delete;

  std::vector<std::string> Tokenize(std::string_view text) const;
  // How many tokens FTS5 counts for `text` as a document column (what its docsize holds).
  int64_t CountDocumentTokens(std::string_view text) const;

 private:
  using TokenCallback = int (*)(void* user, int flags, const char* token, int size, int start,
                                int end);
  void Run(std::string_view text, int flags, void* user, TokenCallback on_token) const;

  fts5_tokenizer methods_{};
  Fts5Tokenizer* tokenizer_ = nullptr;
};

}  // namespace ccrm::storage::sqlite
