// The one writing connection of the SQLite search index: collection DDL and group-committed
// upserts and removals. Also keeps the registry of collections, since only it changes them.
#pragma once

#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "storage/search_index.hpp"
#include "storage/sqlite/sqlite_connection.hpp"
#include "storage/sqlite/sqlite_search_collection.hpp"
#include "storage/sqlite/sqlite_search_fts5.hpp"

namespace ccrm::storage::sqlite {

struct SearchWrite {
  std::string collection;
  std::optional<SearchDocument> doc;  // upsert this, or
  std::string remove_id;              // remove this
};

class SearchWriter {
 public:
  // Opens (creating) the database and loads the collections declared in it.
  explicit SearchWriter(const std::string& path);

  // nullptr when no such collection has been declared.
  SearchCollectionPtr Find(const std::string& name) const;
  // Every collection declared so far.
  std::vector<SearchCollectionPtr> Collections() const;

  // Creates the collection, or redeclares it: new weights apply at once; a different set of
  // fields starts it afresh (empty).
  void Declare(const std::string& name, const std::map<std::string, double>& text_fields,
               std::vector<std::string> filter_fields);

  // Writes `writes` in one transaction (possibly shared with concurrent callers) and returns
  // once committed. Throws what writing them threw; other callers' writes are unaffected.
  void Write(std::vector<SearchWrite> writes);

 private:
  struct Ticket {
    std::vector<SearchWrite> writes;
    bool done = false;  // written and read under mu_
    std::exception_ptr error;
  };

  void Remember(const std::string& name, int64_t number,
                const std::map<std::string, double>& text_fields,
                const std::vector<std::string>& filter_fields);
  void CreateTables(int64_t number, size_t text_count, size_t filter_count);
  static constexpr const char* kFtsPrefixOption = "prefix = '1 2 3 4 5'";
  static std::string FtsCreateSql(const std::string& table, size_t text_count);
  bool FtsIsCurrent(const SearchCollection& c);
  bool DocsHaveLength(const SearchCollection& c);
  void AddLengths(const SearchCollection& c);
  void RebuildFts(const SearchCollection& c);
  void Rollback() noexcept;
  void WriteBatch(const std::vector<std::shared_ptr<Ticket>>& batch);
  void WriteTickets(const std::shared_ptr<Ticket>* begin, const std::shared_ptr<Ticket>* end);
  void Upsert(const SearchCollection& c, const SearchDocument& doc);
  bool Unchanged(const SearchCollection& c, int64_t number, const SearchDocument& doc,
                 const std::vector<std::string>& tags);
  void Delete(const SearchCollection& c, int64_t number, const std::string& id);
  void Remove(const SearchCollection& c, const std::string& id);
  std::optional<int64_t> DocNumber(const SearchCollection& c, const std::string& id);
  Statement& Cached(const std::string& sql) { return statements_.Get(sql); }

  std::mutex mu_;  // connection_, statements_, Ticket::done and ::error
  Connection connection_;
  StatementCache statements_;
  QueryTokenizer tokenizer_;  // counts a document's tokens as FTS5 does (docs.len)
  std::mutex queue_mu_;
  std::vector<std::shared_ptr<Ticket>> queue_;
  mutable std::shared_mutex collections_mu_;
  std::map<std::string, SearchCollectionPtr> collections_;
};

}  // namespace ccrm::storage::sqlite
