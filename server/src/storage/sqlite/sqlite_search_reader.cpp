#include "storage/sqlite/sqlite_search_reader.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

// Pagination. A listing (blank text) is keyset-paged on id alone: exact whatever happens in
// between. A ranked scan is keyset-paged on (score, id), which is only sound if a document's
// score cannot move during the scan. bm25 reads collection-wide statistics (row count, average
// length, how many documents hold each term) that drift as documents come and go; even a
// uniform drift pushes already-seen documents below the cursor, and they would come again.
// So the first page computes those statistics once and the cursor carries them; every page
// scores with the frozen values (ccrm_rank), and considers only doc numbers up to the first
// page's high-water mark, which leaves out documents added or changed since (a change gives a
// new doc number). A scan therefore never repeats a document: it shows the documents as of its
// first page, less those removed or changed meanwhile (one changed mid-scan may be skipped).
//
// Broad queries. When every term occurs in at least kBroadTermDocuments documents (a one- or
// two-letter prefix, "555", a common surname on a big index), scoring every match costs time
// in proportion to the collection. Such a query ranks only the kBroadCandidates most recently
// indexed matches (after filters), without weighing term rarity (idf 1): the user sees the
// best of recent activity, and typing one more letter narrows it. Counting stops at the
// threshold, so deciding is cheap too; the price is that in a non-broad multi-word query a
// term found in more documents than the threshold weighs as if found in exactly that many.

namespace ccrm::storage::sqlite {
namespace {

std::string Number(double value) {
  char buffer[32];
  const int n = std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return std::string(buffer, static_cast<size_t>(n));
}

// A read transaction over several statements, so a scan's statistics, high-water mark and
// rows all come from one snapshot.
class ReadTransaction {
 public:
  explicit ReadTransaction(Connection& connection) : connection_(connection) {
    connection_.Exec("BEGIN");
  }
  ~ReadTransaction() {
    if (sqlite3_get_autocommit(connection_.raw()) == 0) {
      sqlite3_exec(connection_.raw(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
  }
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  Connection& connection_;
};

SearchCursor NextCursor(SearchCursor cursor, const SearchHit& last) {
  cursor.last_id = last.id;
  cursor.last_score = last.score;
  return cursor;
}

}  // namespace

SearchReader::SearchReader(const std::string& path)
    : connection_(path, SQLITE_OPEN_READONLY),
      tokenizer_(connection_.raw()),
      statements_(connection_.raw()) {
  // Map the whole file (SQLite caps this at 2 GB): ranking does a few b-tree lookups per
  // match, which then cost no read() each.
  connection_.Exec("PRAGMA mmap_size = 4294967296; PRAGMA cache_size = -16384");
  RegisterRankFunctions(connection_.raw());
}

SearchResult SearchReader::Search(const SearchCollection& c, const SearchQuery& query) {
  std::vector<Filter> filters;
  for (const auto& [field, value] : query.filters) {
    const int column = c.FilterColumn(field);
    if (column < 0) {
      throw std::invalid_argument("not a filter field of " + c.name + ": " + field);
    }
    filters.push_back({column, &value});
  }
  const uint64_t fingerprint = QueryFingerprint(query);
  std::optional<SearchCursor> after;
  if (!query.cursor.empty()) {
    after = DecodeSearchCursor(query.cursor);
    if (!after || after->fingerprint != fingerprint) {
      throw std::invalid_argument("malformed search cursor");
    }
  }
  if (IsBlank(query.text)) {
    if (after && after->ranked) throw std::invalid_argument("malformed search cursor");
    return List(c, query, filters, after, fingerprint);
  }
  const std::vector<std::string> terms = NormalizeTerms(tokenizer_.Tokenize(query.text));
  // Text with no word in it (punctuation only) matches nothing rather than everything.
  if (terms.empty()) return {};
  if (after && !after->ranked) throw std::invalid_argument("malformed search cursor");
  return Rank(c, query, filters, terms, after, fingerprint);
}

std::string SearchReader::FilterSql(const std::vector<Filter>& filters, int first) {
  std::string sql;
  for (size_t i = 0; i < filters.size(); ++i) {
    sql += " AND d." + Numbered("f", filters[i].column) + " = " +
           Numbered("?", first + static_cast<int>(i));
  }
  return sql;
}

SearchResult SearchReader::List(const SearchCollection& c, const SearchQuery& query,
                                const std::vector<Filter>& filters,
                                const std::optional<SearchCursor>& after, uint64_t fingerprint) {
  // ?1 tag, ?2 last id, ?3 limit, ?4.. filters. With a tag, its (tag, id) key is the ordered
  // range to walk; otherwise the id index (or a filter's (f, id) index).
  const bool tagged = !query.tag.empty();
  const std::string key = tagged ? "g.id" : "d.id";
  std::string sql = tagged ? "SELECT g.id FROM " + c.tags + " g CROSS JOIN " + c.docs +
                                 " d ON d.id = g.id WHERE g.tag = ?1"
                           : "SELECT d.id FROM " + c.docs + " d WHERE 1";
  sql += FilterSql(filters, 4);
  if (after) sql += " AND " + key + " < ?2";
  sql += " ORDER BY " + key + " DESC LIMIT ?3";

  StatementScope rows(statements_.Get(sql));
  if (tagged) rows->Bind(1, query.tag);
  if (after) rows->Bind(2, after->last_id);
  rows->Bind(3, int64_t{query.limit} + 1);
  for (size_t i = 0; i < filters.size(); ++i) rows->Bind(4 + int(i), *filters[i].value);
  SearchResult result;
  while (rows->Step()) result.hits.push_back({std::string(rows->Text(0)), 0.0});
  if (result.hits.size() > static_cast<size_t>(query.limit)) {
    result.hits.pop_back();
    SearchCursor next;
    next.fingerprint = fingerprint;
    next.last_id = result.hits.back().id;
    result.next_cursor = EncodeSearchCursor(next);
  }
  return result;
}

std::optional<SearchCursor> SearchReader::BeginScan(const SearchCollection& c,
                                                    const std::string& match, size_t terms,
                                                    uint64_t fingerprint) {
  // FTS5 functions take the table's hidden column, which bears the table's name (not an alias).
  StatementScope stats(statements_.Get("SELECT ccrm_rank_stats(" + c.fts + ", ?2) FROM " + c.fts +
                                       " WHERE " + c.fts + " MATCH ?1 LIMIT 1"));
  stats->Bind(1, match).Bind(2, kBroadTermDocuments);
  if (!stats->Step()) return std::nullopt;
  const std::optional<TermCounts> counts = DecodeTermCounts(stats->Text(0));
  if (!counts || counts->documents.size() != terms) {
    throw StorageError("search: term statistics do not fit the query");
  }
  SearchCursor scan;
  scan.fingerprint = fingerprint;
  scan.ranked = true;
  scan.broad =
      *std::min_element(counts->documents.begin(), counts->documents.end()) >= kBroadTermDocuments;
  RankStats rank;
  if (counts->rows > 0 && counts->tokens > 0) {
    rank.avg_length = static_cast<double>(counts->tokens) / static_cast<double>(counts->rows);
  }
  for (int64_t documents : counts->documents) {
    rank.idf.push_back(scan.broad ? 1.0 : InverseDocumentFrequency(counts->rows, documents));
  }
  scan.stats = EncodeRankStats(rank);
  StatementScope high(statements_.Get("SELECT coalesce(max(doc), 0) FROM " + c.docs));
  high->Step();
  scan.high_water = high->Int(0);
  return scan;
}

SearchResult SearchReader::Rank(const SearchCollection& c, const SearchQuery& query,
                                const std::vector<Filter>& filters,
                                const std::vector<std::string>& terms,
                                const std::optional<SearchCursor>& after, uint64_t fingerprint) {
  const std::string match = MatchExpression(terms);
  ReadTransaction transaction(connection_);
  std::optional<SearchCursor> scan = after;
  if (!scan) {
    scan = BeginScan(c, match, terms.size(), fingerprint);
    if (!scan) return {};
  } else {
    const std::optional<RankStats> stats = DecodeRankStats(scan->stats);
    if (!stats || stats->idf.size() != terms.size()) {
      throw std::invalid_argument("malformed search cursor");
    }
  }
  // ?1 match, ?2 rank stats, ?3 high water, ?4 last score, ?5 last id, ?6 limit, ?7.. filters,
  // then the tag. The text index drives (CROSS JOIN keeps it outermost): filters are checked
  // per match, never the other way round, which would probe the FTS index once per row.
  std::string weights;
  for (double weight : c.weights) weights += ", " + Number(weight);
  const std::string& t = c.fts;
  std::string inner = "SELECT d.id AS id, ccrm_rank(" + t + ", ?2, d.len" + weights +
                      ") AS score FROM " +
                      t + " CROSS JOIN " + c.docs + " d ON d.doc = " + t + ".rowid WHERE " + t +
                      " MATCH ?1 AND " + t + ".rowid <= ?3" + FilterSql(filters, 7);
  const int tag_param = 7 + static_cast<int>(filters.size());
  if (!query.tag.empty()) {
    inner += " AND EXISTS (SELECT 1 FROM " + c.tags +
             " g WHERE g.tag = " + Numbered("?", tag_param) + " AND g.id = d.id)";
  }
  // The LIMIT also keeps SQLite from flattening the subquery, which would evaluate ccrm_rank
  // a second time for the keyset condition.
  inner += scan->broad ? " ORDER BY " + t + ".rowid DESC " + Numbered("LIMIT ", kBroadCandidates)
                       : " LIMIT -1";
  std::string sql = "SELECT id, score FROM (" + inner + ")";
  if (after) sql += " WHERE score < ?4 OR (score = ?4 AND id < ?5)";
  sql += " ORDER BY score DESC, id DESC LIMIT ?6";

  StatementScope rows(statements_.Get(sql));
  rows->Bind(1, match).Bind(2, scan->stats).Bind(3, scan->high_water);
  if (after) rows->Bind(4, after->last_score).Bind(5, after->last_id);
  rows->Bind(6, int64_t{query.limit} + 1);
  for (size_t i = 0; i < filters.size(); ++i) rows->Bind(7 + int(i), *filters[i].value);
  if (!query.tag.empty()) rows->Bind(tag_param, query.tag);
  SearchResult result;
  while (rows->Step()) result.hits.push_back({std::string(rows->Text(0)), rows->Real(1)});
  if (result.hits.size() > static_cast<size_t>(query.limit)) {
    result.hits.pop_back();
    result.next_cursor = EncodeSearchCursor(NextCursor(*scan, result.hits.back()));
  }
  return result;
}

}  // namespace ccrm::storage::sqlite
