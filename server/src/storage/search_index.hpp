// SearchIndex: ranked, prefix-matching full-text search over documents of a collection,
// with exact-match filters. Backends: fts5 (embedded, SQLite) and later dynamodb tokens.
// The index is derived data: modules keep it in step with their records and can rebuild it.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ccrm::storage {

struct SearchDocument {
  std::string id;                              // the record's id
  std::map<std::string, std::string> text;     // field -> free text (searched)
  std::map<std::string, std::string> filters;  // field -> exact value (filtered, not searched)
  std::vector<std::string> tags;               // multi-valued exact filter
};

struct SearchQuery {
  std::string collection;
  std::string text;                            // what the user typed; every word must match
                                               // as a prefix of some token, in any field.
                                               // Blank: list the filtered documents, id
                                               // descending. Punctuation only: no hits.
  std::map<std::string, std::string> filters;  // all must equal
  std::string tag;                             // if set, the document must carry it
  int limit = 50;                              // 1..200
  std::string cursor;                          // opaque, from the previous page of the
                                               // same query; malformed: invalid_argument
};

struct SearchHit {
  std::string id;
  double score = 0;  // higher is better
};

struct SearchResult {
  std::vector<SearchHit> hits;
  std::optional<std::string> next_cursor;
};

class SearchIndex {
 public:
  virtual ~SearchIndex() = default;

  // Declares a collection: its text fields (with a weight each) and filter fields. Idempotent;
  // new weights apply at once; another set of fields may start the collection afresh, empty.
  virtual void EnsureCollection(const std::string& collection,
                                const std::map<std::string, double>& text_fields,
                                const std::vector<std::string>& filter_fields) = 0;
  // Adds or replaces the document with this id. Fields not declared: std::invalid_argument.
  virtual void Upsert(const std::string& collection, const SearchDocument& doc) = 0;
  // Many documents at once (rebuilds, imports); a backend may write them far faster than one
  // by one. All or nothing where the backend can; never half a document.
  virtual void UpsertBatch(const std::string& collection, const std::vector<SearchDocument>& docs) {
    for (const auto& doc : docs) Upsert(collection, doc);
  }
  virtual void Remove(const std::string& collection, const std::string& id) = 0;
  // Ranked best first; ties broken by id, largest (newest ULID) first, so pages never repeat
  // or skip a hit. A scan (the pages of one query) never returns a document twice, even while
  // documents change. limit outside 1..200: std::invalid_argument.
  virtual SearchResult Search(const SearchQuery& query) = 0;
  // Opens now what the first searches would otherwise open while people wait (connections,
  // prepared statements, the index's top pages), so a server's first second under load answers
  // like the next. The server calls it once, after the collections are declared and before it
  // listens. Best effort: a failure here is left for a search to report.
  virtual void Warm() {}
};
using SearchIndexPtr = std::shared_ptr<SearchIndex>;

}  // namespace ccrm::storage
