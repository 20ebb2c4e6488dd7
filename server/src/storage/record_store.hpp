// RecordStore: the DynamoDB-shaped storage interface every module writes through.
//
// Items are JSON objects in named tables. A table has a partition key attribute and an
// optional sort key attribute (both strings), and may declare global secondary indexes
// (their own partition/sort attributes; sparse: an item lacking the index partition
// attribute is not in the index). Every backend (sqlite, dynamodb) implements exactly this,
// and one contract suite (server/tests/contract/) holds them to it.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/json.hpp"

namespace ccrm::storage {

struct IndexSchema {
  std::string name;            // e.g. "byAssignee"
  std::string partition_key;   // attribute name, string-valued
  std::string sort_key;        // attribute name, string-valued; empty = none
};

struct TableSchema {
  std::string name;            // [A-Za-z0-9_.-]{3,255}, as DynamoDB allows
  std::string partition_key;   // attribute name, e.g. "pk"
  std::string sort_key;        // empty = the table has no sort key
  std::vector<IndexSchema> indexes;
};

// A primary key. `sort` is ignored (must be empty) for tables without a sort key.
struct Key {
  std::string partition;
  std::string sort;
};

// A condition on the item currently stored under the key, checked atomically with the write
// (DynamoDB's ConditionExpression). `version` is the integer attribute "version".
struct Condition {
  enum class Kind { kNone, kNotExists, kExists, kVersionEquals };
  Kind kind = Kind::kNone;
  int64_t version = 0;

  static Condition None() { return {}; }
  static Condition NotExists() { return {Kind::kNotExists, 0}; }
  static Condition Exists() { return {Kind::kExists, 0}; }
  static Condition VersionEquals(int64_t v) { return {Kind::kVersionEquals, v}; }
};

enum class WriteStatus { kOk, kConditionFailed };

// A sort-key condition of a Query (DynamoDB's KeyConditionExpression on the sort key).
struct SortKeyCondition {
  enum class Op { kAny, kEq, kLt, kLe, kGt, kGe, kBetween, kBeginsWith };
  Op op = Op::kAny;
  std::string value;   // the bound, or the prefix
  std::string value2;  // upper bound of kBetween (inclusive)
};

struct QueryRequest {
  std::string table;
  std::string index;            // empty = the table's primary key
  std::string partition;        // value of the (index) partition key
  SortKeyCondition sort;
  bool forward = true;          // ascending by sort key (then primary key)
  int limit = 50;               // 1..1000 items per page
  std::string cursor;           // opaque; from a previous page's next_cursor
};

struct QueryResult {
  std::vector<Json> items;
  std::optional<std::string> next_cursor;  // present only when more items may follow
};

// One action of a TransactWrite. Put stores `item` (which carries its own key attributes);
// Delete and Check address `key`. Check writes nothing; it only asserts `condition`.
struct WriteAction {
  enum class Kind { kPut, kDelete, kCheck };
  Kind kind = Kind::kPut;
  std::string table;
  Json item;
  Key key;
  Condition condition;

  static WriteAction Put(std::string table, Json item, Condition c = {});
  static WriteAction Delete(std::string table, Key key, Condition c = {});
  static WriteAction Check(std::string table, Key key, Condition c);
};

// What GetUnlessVersion found.
struct VersionedGet {
  enum class Status { kMissing, kUnchanged, kChanged };
  Status status = Status::kMissing;
  std::optional<Json> item;  // set when kChanged
};

// The state of a whole store as of its last commit, by any process: two equal marks mean that
// nothing was committed in between, so whatever was read under the first is still current.
struct CommitMark {
  std::array<uint64_t, 6> words{};
  bool operator==(const CommitMark&) const = default;
};

struct TransactResult {
  bool committed = false;
  int failed_action = -1;  // index of the first action whose condition failed
};

// Infrastructure failure (disk full, I/O error, backend unreachable, bad request shape).
// Not for failed conditions, which are ordinary results.
class StorageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class RecordStore {
 public:
  // DynamoDB's TransactWriteItems limit: what every backend takes. A backend may take more
  // (MaxTransactItems), and bulk writers (imports) use that to write fewer, larger batches.
  static constexpr int kMaxTransactItems = 100;
  static constexpr size_t kMaxItemBytes = 400 * 1024;  // DynamoDB's item limit
  static constexpr int kMaxQueryLimit = 1000;

  virtual ~RecordStore() = default;

  // Creates the table if missing; adds indexes declared since. Idempotent.
  virtual void EnsureTable(const TableSchema& schema) = 0;

  virtual std::optional<Json> Get(const std::string& table, const Key& key) = 0;
  // The item unless its `version` attribute equals `known_version` (kUnchanged): the holder of
  // a copy (a cache) learns that it is current without the item being parsed. This default
  // reads the item whole; a backend that stores the version apart answers from it alone.
  virtual VersionedGet GetUnlessVersion(const std::string& table, const Key& key,
                                        int64_t known_version);
  // The store's commit mark now, when the backend can tell without a request (an embedded
  // database reads a word of shared memory); nullopt when it cannot (then a holder of a copy
  // asks GetUnlessVersion). Cheap enough for every read.
  virtual std::optional<CommitMark> CurrentCommitMark() { return std::nullopt; }
  virtual WriteStatus Put(const std::string& table, const Json& item,
                          const Condition& condition = {}) = 0;
  virtual WriteStatus Delete(const std::string& table, const Key& key,
                             const Condition& condition = {}) = 0;
  virtual QueryResult Query(const QueryRequest& request) = 0;
  // How many items every page of `request` together holds (its limit and cursor are
  // ignored): DynamoDB's Query with Select=COUNT. Counts index entries without reading the
  // items, so a count over a large partition costs far less than reading it.
  virtual int64_t Count(const QueryRequest& request) = 0;
  // Up to MaxTransactItems() actions, at most one per item; all or nothing.
  virtual TransactResult TransactWrite(const std::vector<WriteAction>& actions) = 0;
  // At least kMaxTransactItems.
  virtual int MaxTransactItems() const { return kMaxTransactItems; }

  // True when the backend answers (for /readyz). Never throws.
  virtual bool Ping() noexcept = 0;
};
using RecordStorePtr = std::shared_ptr<RecordStore>;

}  // namespace ccrm::storage
