// Shared pieces of the SQLite search index: a collection's table layout, and statement caching.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "storage/search_index.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace ccrm::storage::sqlite {

// Collection number N owns three tables, named by number so that no caller-supplied name ever
// reaches SQL text:
//   cN_docs  doc INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE, f0.. (filter values,
//            each indexed with id, so a filtered listing is an index range)
//   cN_fts   FTS5 over c0.. (one column per text field, in field-name order), rowid = doc
//   cN_tags  (tag, id) primary key, WITHOUT ROWID
// Changing a document gives it a new doc number (AUTOINCREMENT never reuses one); ranked scans
// rely on that to leave out whatever changed after their first page.
struct SearchCollection {
  std::string name;
  int64_t number = 0;
  std::vector<std::string> text_fields;    // column c<i>, sorted by name
  std::vector<double> weights;             // bm25 weight of c<i>
  std::vector<std::string> filter_fields;  // column f<i>, sorted by name
  std::string docs, fts, tags;             // table names

  int TextColumn(const std::string& field) const { return IndexOf(text_fields, field); }
  int FilterColumn(const std::string& field) const { return IndexOf(filter_fields, field); }

  // Throws std::invalid_argument for a document this collection cannot hold.
  void Validate(const SearchDocument& doc) const {
    if (doc.id.empty()) throw std::invalid_argument("search document without id");
    for (const auto& entry : doc.text) {
      if (TextColumn(entry.first) < 0) {
        throw std::invalid_argument("text field not declared in " + name + ": " + entry.first);
      }
    }
    for (const auto& entry : doc.filters) {
      if (FilterColumn(entry.first) < 0) {
        throw std::invalid_argument("filter field not declared in " + name + ": " + entry.first);
      }
    }
  }

 private:
  static int IndexOf(const std::vector<std::string>& list, const std::string& item) {
    const auto it = std::find(list.begin(), list.end(), item);
    return it == list.end() ? -1 : static_cast<int>(it - list.begin());
  }
};
using SearchCollectionPtr = std::shared_ptr<const SearchCollection>;

// "prefix" followed by n: a table or column name. (Appending, rather than "c" + to_string(n),
// also dodges a g++ 12 -O3 false stringop-overflow warning.)
inline std::string Numbered(std::string_view prefix, int64_t n) {
  std::string out(prefix);
  out += std::to_string(n);
  return out;
}

// "lead, p0, p1, ..." (count names), for column lists.
inline std::string ColumnList(std::string_view prefix, size_t count, std::string_view lead = "") {
  std::string out(lead);
  for (size_t i = 0; i < count; ++i) {
    if (!out.empty()) out += ", ";
    out += prefix;
    out += std::to_string(i);
  }
  return out;
}

// "?first, ?first+1, ..." (count of them).
inline std::string Placeholders(size_t count, int first) {
  std::string out;
  for (size_t i = 0; i < count; ++i) {
    out += i ? ", ?" : "?";
    out += std::to_string(first + static_cast<int>(i));
  }
  return out;
}

// Prepared statements of one connection, by SQL text. The SQL varies only with the collection
// and which filters a query uses, so the set stays small; the cap is a backstop.
class StatementCache {
 public:
  explicit StatementCache(sqlite3* db) : db_(db) {}
  Statement& Get(const std::string& sql) {
    auto it = statements_.find(sql);
    if (it == statements_.end()) {
      if (statements_.size() >= kMaxStatements) statements_.clear();
      it = statements_.try_emplace(sql, db_, sql).first;
    }
    return it->second;
  }
  void Clear() { statements_.clear(); }

 private:
  static constexpr size_t kMaxStatements = 64;
  sqlite3* db_;
  std::unordered_map<std::string, Statement> statements_;
};

// Resets a cached statement when the scope ends, error or not: a statement left mid-step
// would pin its read snapshot, and WAL could not checkpoint past it.
class StatementScope {
 public:
  explicit StatementScope(Statement& statement) : statement_(statement) {}
  ~StatementScope() { statement_.Reset(); }
  StatementScope(const StatementScope&) = delete;
  StatementScope& operator=(const StatementScope&) = delete;
  Statement* operator->() { return &statement_; }
  Statement& operator*() { return statement_; }

 private:
  Statement& statement_;
};

}  // namespace ccrm::storage::sqlite
