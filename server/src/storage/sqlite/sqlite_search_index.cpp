#include "storage/sqlite/sqlite_search_index.hpp"

#include <cmath>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "storage/sqlite/sqlite_search_reader.hpp"
#include "storage/sqlite/sqlite_search_writer.hpp"

namespace ccrm::storage::sqlite {
namespace {

constexpr int kMaxLimit = 200;
// Searches run on their own connections, so they never queue behind a write (WAL gives each
// a snapshot); a handful is enough for two to four cores, and each holds a page cache.
constexpr size_t kReaders = 4;

class SqliteSearchIndex final : public SearchIndex {
 public:
  explicit SqliteSearchIndex(const std::string& path) : path_(path), writer_(path) {}

  void EnsureCollection(const std::string& collection,
                        const std::map<std::string, double>& text_fields,
                        const std::vector<std::string>& filter_fields) override {
    if (collection.empty()) throw std::invalid_argument("search collection without a name");
    if (text_fields.empty()) throw std::invalid_argument("search collection without text fields");
    for (const auto& [field, weight] : text_fields) {
      if (field.empty() || !std::isfinite(weight) || weight <= 0) {
        throw std::invalid_argument("a text field needs a name and a positive weight");
      }
    }
    for (size_t i = 0; i < filter_fields.size(); ++i) {
      for (size_t j = 0; j < i; ++j) {
        if (filter_fields[i] == filter_fields[j]) {
          throw std::invalid_argument("filter field declared twice: " + filter_fields[i]);
        }
      }
      if (filter_fields[i].empty()) throw std::invalid_argument("filter field without a name");
    }
    writer_.Declare(collection, text_fields, filter_fields);
  }

  void Upsert(const std::string& collection, const SearchDocument& doc) override {
    UpsertBatch(collection, {doc});
  }

  void UpsertBatch(const std::string& collection,
                   const std::vector<SearchDocument>& docs) override {
    // Checked here too, not only when written, so a bad document fails its own caller before
    // it can share (and spoil) a group commit.
    const SearchCollectionPtr found = Find(collection);
    std::vector<SearchWrite> writes;
    writes.reserve(docs.size());
    for (const SearchDocument& doc : docs) {
      found->Validate(doc);
      writes.push_back({collection, doc, {}});
    }
    if (!writes.empty()) writer_.Write(std::move(writes));
  }

  void Remove(const std::string& collection, const std::string& id) override {
    Find(collection);
    writer_.Write({{collection, std::nullopt, id}});
  }

  void Warm() override {
    // Every reader of the pool, each through one search per collection: its connection, its
    // tokenizer and rank functions, its statements for a broad and a narrow query, made before
    // the first requests rather than under them.
    std::vector<std::unique_ptr<SearchReader>> readers;
    try {
      for (size_t i = 0; i < kReaders; ++i) readers.push_back(Acquire());
      for (auto& reader : readers) {
        for (const SearchCollectionPtr& collection : writer_.Collections()) {
          for (const char* text : {"e", "zzzzzzzzzz", ""}) {
            reader->Search(*collection, {.collection = collection->name, .text = text, .limit = 1});
          }
        }
      }
    } catch (const std::exception&) {
      // A search will open its reader itself, and say what is wrong.
    }
    for (auto& reader : readers) Release(std::move(reader));
  }

  SearchResult Search(const SearchQuery& query) override {
    if (query.limit < 1 || query.limit > kMaxLimit) {
      throw std::invalid_argument("search limit must be 1.." + std::to_string(kMaxLimit));
    }
    const SearchCollectionPtr collection = Find(query.collection);
    Lease lease(*this);
    return lease->Search(*collection, query);
  }

 private:
  class Lease {
   public:
    explicit Lease(SqliteSearchIndex& owner) : owner_(owner), reader_(owner.Acquire()) {}
    ~Lease() { owner_.Release(std::move(reader_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    SearchReader* operator->() { return reader_.get(); }

   private:
    SqliteSearchIndex& owner_;
    std::unique_ptr<SearchReader> reader_;
  };

  SearchCollectionPtr Find(const std::string& name) const {
    SearchCollectionPtr found = writer_.Find(name);
    if (!found) throw std::invalid_argument("unknown search collection: " + name);
    return found;
  }

  // Readers open lazily (the writer has created the file and its WAL by then) and are reused.
  std::unique_ptr<SearchReader> Acquire() {
    std::unique_lock lock(readers_mu_);
    readers_cv_.wait(lock, [&] { return !idle_.empty() || open_ < kReaders; });
    if (!idle_.empty()) {
      auto reader = std::move(idle_.back());
      idle_.pop_back();
      return reader;
    }
    ++open_;
    lock.unlock();
    try {
      return std::make_unique<SearchReader>(path_);
    } catch (...) {
      lock.lock();
      --open_;
      readers_cv_.notify_one();
      throw;
    }
  }

  void Release(std::unique_ptr<SearchReader> reader) {
    std::lock_guard lock(readers_mu_);
    idle_.push_back(std::move(reader));
    readers_cv_.notify_one();
  }

  const std::string path_;
  SearchWriter writer_;
  std::mutex readers_mu_;
  std::condition_variable readers_cv_;
  std::vector<std::unique_ptr<SearchReader>> idle_;
  size_t open_ = 0;
};

}  // namespace

SearchIndexPtr MakeSqliteSearchIndex(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent);
  return std::make_shared<SqliteSearchIndex>(path);
}

}  // namespace ccrm::storage::sqlite
