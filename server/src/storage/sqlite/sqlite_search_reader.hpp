// One read-only connection of the SQLite search index, and the search it runs: a filtered
// listing for blank text, else ranked prefix matching with frozen-statistics cursors.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/search_index.hpp"
#include "storage/sqlite/sqlite_connection.hpp"
#include "storage/sqlite/sqlite_search_collection.hpp"
#include "storage/sqlite/sqlite_search_fts5.hpp"
#include "storage/sqlite/sqlite_search_query.hpp"

namespace ccrm::storage::sqlite {

// A term found in at least this many documents makes a query broad when all its terms are
// (see sqlite_search_reader.cpp). Scoring costs about 2.5-4 us per match on a 1M-document
// index (FTS5 merges prefix position lists per row), so this bounds a non-broad query's
// ranking work to ~2.5-4 ms: its matches are at most its rarest term's documents. That is
// what keeps search's p99 under 20 ms with four clients on one core (issue 16: at 2,000 a
// query could rank 2,000 matches, and four such queries queued behind each other). A term
// this common is a first name or a city, which one more letter or word narrows.
inline constexpr int64_t kBroadTermDocuments = 1000;
// How many of the most recently indexed matches a broad query ranks (10 pages of 50): as many
// as a person pages through, and half a non-broad query's worst case.
inline constexpr int kBroadCandidates = 500;

class SearchReader {
 public:
  explicit SearchReader(const std::string& path);

  // query.limit must already be 1..200. Unknown filter fields and malformed cursors throw
  // std::invalid_argument.
  SearchResult Search(const SearchCollection& collection, const SearchQuery& query);

 private:
  struct Filter {
    int column;
    const std::string* value;
  };

  SearchResult List(const SearchCollection& c, const SearchQuery& query,
                    const std::vector<Filter>& filters, const std::optional<SearchCursor>& after,
                    uint64_t fingerprint);
  SearchResult Rank(const SearchCollection& c, const SearchQuery& query,
                    const std::vector<Filter>& filters, const std::vector<std::string>& terms,
                    const std::optional<SearchCursor>& after, uint64_t fingerprint);
  // Starts a scan: its rank statistics and high-water mark. nullopt when nothing matches.
  std::optional<SearchCursor> BeginScan(const SearchCollection& c, const std::string& match,
                                        size_t terms, uint64_t fingerprint);
  static std::string FilterSql(const std::vector<Filter>& filters, int first);

  Connection connection_;
  QueryTokenizer tokenizer_;
  StatementCache statements_;
};

}  // namespace ccrm::storage::sqlite
