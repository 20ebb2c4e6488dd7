#include "storage/sqlite/sqlite_search_writer.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>
#include <stdexcept>

#include "common/json.hpp"
#include "storage/sqlite/sqlite_search_fts5.hpp"

namespace ccrm::storage::sqlite {
namespace {

std::vector<std::string> SortedTags(const SearchDocument& doc) {
  std::set<std::string> unique;
  for (const std::string& tag : doc.tags) {
    if (!tag.empty()) unique.insert(tag);
  }
  return {unique.begin(), unique.end()};
}

// Binds the values of `fields` from `values` to ?first.., NULL where the document has none.
void BindFields(Statement& statement, int first, const std::vector<std::string>& fields,
                const std::map<std::string, std::string>& values) {
  for (size_t i = 0; i < fields.size(); ++i) {
    const auto it = values.find(fields[i]);
    const int index = first + static_cast<int>(i);
    if (it == values.end()) {
      statement.BindNull(index);
    } else {
      statement.Bind(index, it->second);
    }
  }
}

// True when columns first.. of the current row hold exactly `values` of `fields`.
bool SameFields(const Statement& row, int first, const std::vector<std::string>& fields,
                const std::map<std::string, std::string>& values) {
  for (size_t i = 0; i < fields.size(); ++i) {
    const int column = first + static_cast<int>(i);
    const auto it = values.find(fields[i]);
    const bool same = it == values.end() ? row.IsNull(column)
                                         : !row.IsNull(column) && row.Text(column) == it->second;
    if (!same) return false;
  }
  return true;
}

}  // namespace

SearchWriter::SearchWriter(const std::string& path)
    : connection_(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE),
      statements_(connection_.raw()),
      tokenizer_(connection_.raw()) {
  // The index is derived data that its modules can rebuild, so synchronous=NORMAL in WAL mode
  // is the right trade: a power cut may lose the last commits but never corrupts the file, and
  // commits skip the fsync. WAL is also what lets readers search while the writer writes.
  connection_.Exec(
      "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;"
      "CREATE TABLE IF NOT EXISTS search_collections(name TEXT PRIMARY KEY, "
      "number INTEGER NOT NULL UNIQUE, text_fields TEXT NOT NULL, filter_fields TEXT NOT NULL)");
  Statement load = connection_.Prepare(
      "SELECT name, number, text_fields, filter_fields FROM search_collections");
  while (load.Step()) {
    std::map<std::string, double> weights;
    const Json stored = Json::parse(load.Text(2));
    for (const auto& [field, weight] : stored.items()) weights[field] = weight.get<double>();
    Remember(std::string(load.Text(0)), load.Int(1), weights,
             Json::parse(load.Text(3)).get<std::vector<std::string>>());
  }
}

SearchCollectionPtr SearchWriter::Find(const std::string& name) const {
  std::shared_lock lock(collections_mu_);
  const auto it = collections_.find(name);
  return it == collections_.end() ? nullptr : it->second;
}

std::vector<SearchCollectionPtr> SearchWriter::Collections() const {
  std::shared_lock lock(collections_mu_);
  std::vector<SearchCollectionPtr> all;
  for (const auto& [name, collection] : collections_) all.push_back(collection);
  return all;
}

void SearchWriter::Declare(const std::string& name,
                           const std::map<std::string, double>& text_fields,
                           std::vector<std::string> filter_fields) {
  std::sort(filter_fields.begin(), filter_fields.end());
  std::vector<std::string> names;
  for (const auto& entry : text_fields) names.push_back(entry.first);
  std::lock_guard lock(mu_);
  const SearchCollectionPtr existing = Find(name);
  const bool same_shape =
      existing && existing->text_fields == names && existing->filter_fields == filter_fields;
  const bool outdated_fts = same_shape && !FtsIsCurrent(*existing);
  const bool missing_length = same_shape && !DocsHaveLength(*existing);
  if (same_shape && !outdated_fts && !missing_length) {
    std::vector<double> weights;
    for (const auto& entry : text_fields) weights.push_back(entry.second);
    if (weights == existing->weights) return;
  }
  int64_t number = existing ? existing->number : 0;
  connection_.Exec("BEGIN IMMEDIATE");
  try {
    if (!same_shape) {
      // Other fields cannot be migrated in place: the collection starts afresh under a new
      // number (its owner refills it; the index is derived data), so statements and cached
      // layouts of the old one can never touch the new tables.
      if (existing) {
        connection_.Exec("DROP TABLE " + existing->docs + "; DROP TABLE " + existing->fts +
                         "; DROP TABLE " + existing->tags);
      }
      Statement next =
          connection_.Prepare("SELECT coalesce(max(number), 0) + 1 FROM search_collections");
      next.Step();
      number = next.Int(0);
      CreateTables(number, names.size(), filter_fields.size());
    } else {
      if (outdated_fts) RebuildFts(*existing);
      if (missing_length) AddLengths(*existing);
    }
    Json weights = Json::object();
    for (const auto& [field, weight] : text_fields) weights[field] = weight;
    Statement save = connection_.Prepare(
        "INSERT OR REPLACE INTO search_collections(name, number, text_fields, filter_fields) "
        "VALUES (?1, ?2, ?3, ?4)");
    save.Bind(1, name).Bind(2, number).Bind(3, weights.dump()).Bind(4, Json(filter_fields).dump());
    save.Run();
    connection_.Exec("COMMIT");
  } catch (...) {
    Rollback();
    throw;
  }
  statements_.Clear();
  Remember(name, number, text_fields, filter_fields);
}

void SearchWriter::Remember(const std::string& name, int64_t number,
                            const std::map<std::string, double>& text_fields,
                            const std::vector<std::string>& filter_fields) {
  auto collection = std::make_shared<SearchCollection>();
  collection->name = name;
  collection->number = number;
  for (const auto& [field, weight] : text_fields) {
    collection->text_fields.push_back(field);
    collection->weights.push_back(weight);
  }
  collection->filter_fields = filter_fields;
  const std::string prefix = Numbered("c", number);
  collection->docs = prefix + "_docs";
  collection->fts = prefix + "_fts";
  collection->tags = prefix + "_tags";
  std::unique_lock lock(collections_mu_);
  collections_[name] = std::move(collection);
}

void SearchWriter::CreateTables(int64_t number, size_t text_count, size_t filter_count) {
  const std::string prefix = Numbered("c", number);
  std::string sql = "CREATE TABLE " + prefix +
                    "_docs(doc INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE";
  for (size_t i = 0; i < filter_count; ++i) sql += ", " + Numbered("f", int64_t(i)) + " TEXT";
  sql += ", len INTEGER);";  // the document's length in tokens, for ranking (ccrm_rank)
  for (size_t i = 0; i < filter_count; ++i) {
    const std::string column = Numbered("f", int64_t(i));
    sql += "CREATE INDEX " + prefix + "_docs_" + column + " ON " + prefix + "_docs(" + column +
           ", id);";
  }
  sql += FtsCreateSql(prefix + "_fts", text_count) + ";";
  sql += "CREATE TABLE " + prefix +
         "_tags(tag TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY(tag, id)) WITHOUT ROWID;";
  sql += "CREATE INDEX " + prefix + "_tags_id ON " + prefix + "_tags(id);";
  connection_.Exec(sql);
}

// Prefix indexes for one to five characters: the prefixes people type get a doclist of their
// own, so "s", "smi" or "austi" is one lookup. Without one, FTS5 merges the doclists of every
// term starting with the prefix, and a query does that three times (statistics, counting,
// ranking): "austi*" (46,640 documents of a million) took 30 ms at p99 with '1 2 3', and 4-
// and 5-character prefixes are what people type next. The price: indexing a document costs
// about twice as much (33 → 64 µs at a million) and the index grows by about 80%. Longer
// prefixes match words nearly whole, with few terms to merge.
std::string SearchWriter::FtsCreateSql(const std::string& table, size_t text_count) {
  return "CREATE VIRTUAL TABLE " + table + " USING fts5(" + ColumnList("c", text_count) +
         ", tokenize = '" + std::string(kSearchTokenizer) + "', " + kFtsPrefixOption + ")";
}

// A collection written by an earlier binary gets each document's length from its own text,
// inside Declare's transaction, once (a few seconds per million documents); a row the update
// misses would still rank right, through FTS5's docsize.
void SearchWriter::AddLengths(const SearchCollection& c) {
  spdlog::info("search index: storing document lengths for ranking in collection '{}' (once)",
               c.name);
  connection_.Exec("ALTER TABLE " + c.docs + " ADD COLUMN len INTEGER");
  const size_t columns = c.text_fields.size();
  Statement read =
      connection_.Prepare("SELECT rowid, " + ColumnList("c", columns) + " FROM " + c.fts);
  Statement write = connection_.Prepare("UPDATE " + c.docs + " SET len = ?1 WHERE doc = ?2");
  while (read.Step()) {
    int64_t length = 0;
    for (size_t i = 0; i < columns; ++i) {
      const int column = static_cast<int>(i) + 1;
      if (!read.IsNull(column)) length += tokenizer_.CountDocumentTokens(read.Text(column));
    }
    write.Bind(1, length).Bind(2, read.Int(0));
    write.Run();
    write.Reset();
  }
}

bool SearchWriter::DocsHaveLength(const SearchCollection& c) {
  Statement columns = connection_.Prepare("SELECT 1 FROM pragma_table_info(?1) WHERE name = 'len'");
  columns.Bind(1, c.docs);
  return columns.Step();
}

bool SearchWriter::FtsIsCurrent(const SearchCollection& c) {
  Statement sql = connection_.Prepare("SELECT sql FROM sqlite_schema WHERE name = ?1");
  sql.Bind(1, c.fts);
  return sql.Step() && sql.Text(0).find(kFtsPrefixOption) != std::string_view::npos;
}

// A collection indexed by an earlier binary with other FTS5 options is re-indexed from its own
// text, inside Declare's transaction: once, at the first start of a new binary (about a minute
// per million documents); searches are served again when it is done.
void SearchWriter::RebuildFts(const SearchCollection& c) {
  spdlog::info(
      "search index: rebuilding collection '{}' with the current prefix indexes (once, about a "
      "minute per million documents)",
      c.name);
  const size_t columns = c.text_fields.size();
  const std::string fresh = c.fts + "_rebuilt";
  const FastSecureDelete fast_drop(connection_);  // the old index is dropped whole
  connection_.Exec(FtsCreateSql(fresh, columns));
  const std::string text_columns = ColumnList("c", columns);
  connection_.Exec("INSERT INTO " + fresh + "(rowid, " + text_columns + ") SELECT rowid, " +
                   text_columns + " FROM " + c.fts);
  connection_.Exec("DROP TABLE " + c.fts);
  connection_.Exec("ALTER TABLE " + fresh + " RENAME TO " + c.fts);
}

void SearchWriter::Rollback() noexcept {
  try {
    connection_.Exec("ROLLBACK");
  } catch (...) {
    // No transaction was open: nothing to undo.
  }
}

// Group commit: every caller queues its writes, then whoever holds mu_ next writes everything
// queued so far in one transaction. Concurrent upserts share a commit (and an FTS5 segment
// flush, the expensive part) instead of paying for one each.
void SearchWriter::Write(std::vector<SearchWrite> writes) {
  auto ticket = std::make_shared<Ticket>();
  ticket->writes = std::move(writes);
  {
    std::lock_guard queue(queue_mu_);
    queue_.push_back(ticket);
  }
  std::lock_guard lock(mu_);
  if (!ticket->done) {
    std::vector<std::shared_ptr<Ticket>> batch;
    {
      std::lock_guard queue(queue_mu_);
      batch.swap(queue_);
    }
    WriteBatch(batch);
  }
  if (ticket->error) std::rethrow_exception(ticket->error);
}

void SearchWriter::WriteBatch(const std::vector<std::shared_ptr<Ticket>>& batch) {
  const auto* begin = batch.data();
  const auto* end = begin + batch.size();
  try {
    WriteTickets(begin, end);
  } catch (...) {
    if (batch.size() == 1) {
      batch.front()->error = std::current_exception();
    } else {
      // One caller's bad write must not fail its neighbours: redo them one by one.
      for (const auto* it = begin; it != end; ++it) {
        try {
          WriteTickets(it, it + 1);
        } catch (...) {
          (*it)->error = std::current_exception();
        }
      }
    }
  }
  for (const auto& ticket : batch) ticket->done = true;
}

void SearchWriter::WriteTickets(const std::shared_ptr<Ticket>* begin,
                                const std::shared_ptr<Ticket>* end) {
  connection_.Exec("BEGIN IMMEDIATE");
  try {
    for (const auto* it = begin; it != end; ++it) {
      for (const SearchWrite& write : (*it)->writes) {
        // Looked up again: the collection may have been redeclared since the write was queued.
        const SearchCollectionPtr collection = Find(write.collection);
        if (!collection) throw std::invalid_argument("unknown search collection");
        if (write.doc) {
          collection->Validate(*write.doc);
          Upsert(*collection, *write.doc);
        } else {
          Remove(*collection, write.remove_id);
        }
      }
    }
    connection_.Exec("COMMIT");
  } catch (...) {
    Rollback();
    throw;
  }
}

void SearchWriter::Upsert(const SearchCollection& c, const SearchDocument& doc) {
  const std::vector<std::string> tags = SortedTags(doc);
  if (const std::optional<int64_t> old = DocNumber(c, doc.id)) {
    // A rebuild re-upserts everything; leaving unchanged documents alone keeps their doc
    // number (so scans in progress keep them) and skips the FTS5 churn.
    if (Unchanged(c, *old, doc, tags)) return;
    Delete(c, *old, doc.id);
  }
  const size_t filters = c.filter_fields.size();
  StatementScope insert(Cached("INSERT INTO " + c.docs + "(" + ColumnList("f", filters, "id") +
                               ", len) VALUES (" + Placeholders(filters + 2, 1) + ")"));
  insert->Bind(1, doc.id);
  BindFields(*insert, 2, c.filter_fields, doc.filters);
  int64_t length = 0;
  for (const std::string& field : c.text_fields) {
    if (const auto it = doc.text.find(field); it != doc.text.end()) {
      length += tokenizer_.CountDocumentTokens(it->second);
    }
  }
  insert->Bind(static_cast<int>(filters) + 2, length);
  insert->Run();
  const int64_t number = sqlite3_last_insert_rowid(connection_.raw());

  const size_t texts = c.text_fields.size();
  StatementScope text(Cached("INSERT INTO " + c.fts + "(" + ColumnList("c", texts, "rowid") +
                             ") VALUES (" + Placeholders(texts + 1, 1) + ")"));
  text->Bind(1, number);
  BindFields(*text, 2, c.text_fields, doc.text);
  text->Run();

  StatementScope tag(Cached("INSERT INTO " + c.tags + "(tag, id) VALUES (?1, ?2)"));
  for (const std::string& value : tags) {
    tag->Bind(1, value).Bind(2, doc.id);
    tag->Run();
    tag->Reset();
  }
}

bool SearchWriter::Unchanged(const SearchCollection& c, int64_t number, const SearchDocument& doc,
                             const std::vector<std::string>& tags) {
  StatementScope filters(Cached("SELECT " + ColumnList("f", c.filter_fields.size(), "id") +
                                " FROM " + c.docs + " WHERE doc = ?1"));
  filters->Bind(1, number);
  if (!filters->Step() || !SameFields(*filters, 1, c.filter_fields, doc.filters)) return false;

  StatementScope text(Cached("SELECT " + ColumnList("c", c.text_fields.size()) + " FROM " + c.fts +
                             " WHERE rowid = ?1"));
  text->Bind(1, number);
  if (!text->Step() || !SameFields(*text, 0, c.text_fields, doc.text)) return false;

  StatementScope stored(Cached("SELECT tag FROM " + c.tags + " WHERE id = ?1 ORDER BY tag"));
  stored->Bind(1, doc.id);
  for (const std::string& tag : tags) {
    if (!stored->Step() || stored->Text(0) != tag) return false;
  }
  return !stored->Step();
}

void SearchWriter::Delete(const SearchCollection& c, int64_t number, const std::string& id) {
  StatementScope text(Cached("DELETE FROM " + c.fts + " WHERE rowid = ?1"));
  text->Bind(1, number);
  text->Run();
  StatementScope doc(Cached("DELETE FROM " + c.docs + " WHERE doc = ?1"));
  doc->Bind(1, number);
  doc->Run();
  StatementScope tags(Cached("DELETE FROM " + c.tags + " WHERE id = ?1"));
  tags->Bind(1, id);
  tags->Run();
}

void SearchWriter::Remove(const SearchCollection& c, const std::string& id) {
  if (const std::optional<int64_t> number = DocNumber(c, id)) Delete(c, *number, id);
}

std::optional<int64_t> SearchWriter::DocNumber(const SearchCollection& c, const std::string& id) {
  StatementScope find(Cached("SELECT doc FROM " + c.docs + " WHERE id = ?1"));
  find->Bind(1, id);
  if (!find->Step()) return std::nullopt;
  return find->Int(0);
}

}  // namespace ccrm::storage::sqlite
