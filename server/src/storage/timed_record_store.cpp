#include "storage/timed_record_store.hpp"

#include <type_traits>

namespace ccrm::storage {
namespace {

class TimedRecordStore final : public RecordStore {
 public:
  TimedRecordStore(RecordStorePtr inner, StorageObserver observer)
      : inner_(std::move(inner)), observer_(std::move(observer)) {}

  void EnsureTable(const TableSchema& schema) override { inner_->EnsureTable(schema); }

  std::optional<Json> Get(const std::string& table, const Key& key) override {
    return Timed("get", [&] { return inner_->Get(table, key); });
  }
  VersionedGet GetUnlessVersion(const std::string& table, const Key& key,
                                int64_t known_version) override {
    return Timed("get", [&] { return inner_->GetUnlessVersion(table, key, known_version); });
  }
  std::optional<CommitMark> CurrentCommitMark() override { return inner_->CurrentCommitMark(); }
  WriteStatus Put(const std::string& table, const Json& item, const Condition& c) override {
    return Timed("put", [&] { return inner_->Put(table, item, c); });
  }
  WriteStatus Delete(const std::string& table, const Key& key, const Condition& c) override {
    return Timed("delete", [&] { return inner_->Delete(table, key, c); });
  }
  QueryResult Query(const QueryRequest& request) override {
    return Timed("query", [&] { return inner_->Query(request); });
  }
  int64_t Count(const QueryRequest& request) override {
    return Timed("count", [&] { return inner_->Count(request); });
  }
  TransactResult TransactWrite(const std::vector<WriteAction>& actions) override {
    return Timed("transact_write", [&] { return inner_->TransactWrite(actions); });
  }
  int MaxTransactItems() const override { return inner_->MaxTransactItems(); }
  bool Ping() noexcept override { return inner_->Ping(); }

 private:
  // Failed calls are timed too: a slow failure is what an operator most needs to see.
  template <typename F>
  std::invoke_result_t<F> Timed(std::string_view operation, F&& call) {
    const auto start = std::chrono::steady_clock::now();
    struct Report {
      const StorageObserver& observer;
      std::string_view operation;
      std::chrono::steady_clock::time_point start;
      ~Report() { observer(operation, std::chrono::steady_clock::now() - start); }
    } report{observer_, operation, start};
    return call();
  }

  RecordStorePtr inner_;
  StorageObserver observer_;
};

}  // namespace

RecordStorePtr MakeTimedRecordStore(RecordStorePtr inner, StorageObserver observer) {
  return std::make_shared<TimedRecordStore>(std::move(inner), std::move(observer));
}

}  // namespace ccrm::storage
