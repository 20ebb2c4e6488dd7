// Audit trail benchmarks: appends per second from 1 and 8 threads (the chain serializes them;
// combining lets one fsync carry many), an append carrying the change it records beside the
// same Put without audit, and Verify's walk rate. SQLite with the server's defaults
// (synchronous=FULL: every acknowledged append was fsynced), in a temporary directory.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>

#include "audit/audit_log.hpp"
#include "audit/audit_record.hpp"
#include "audit/audit_verify.hpp"
#include "common/clock.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#include "storage/sqlite/sqlite_record_store.hpp"

namespace {

using ccrm::Json;
using ccrm::storage::WriteAction;
namespace sq = ccrm::storage::sqlite;

class Bench {
 public:
  static Bench& Get() {
    static Bench bench;
    return bench;
  }
  ~Bench() {
    db_->Close();
    std::filesystem::remove_all(dir_);
  }
  static inline const std::string kChainKey = std::string(32, 'k');
  ccrm::audit::AuditLog& log() { return *log_; }
  ccrm::storage::RecordStore& store() { return *store_; }
  std::string NextId() { return "lead_" + std::to_string(next_++); }

 private:
  Bench() {
    const char* tmp = std::getenv("TMPDIR");
    dir_ = std::filesystem::path(tmp && *tmp ? tmp : "/tmp") /
           ("ccrm-audit-bench-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir_);
    sq::SqliteOptions options;
    options.path = (dir_ / "records.db").string();
    db_ = sq::SqliteDatabase::Open(options);
    store_ = sq::MakeSqliteRecordStore(db_);
    store_->EnsureTable({"bench_leads", "id", "", {}});
    log_ = std::make_shared<ccrm::audit::AuditLog>(store_, ccrm::SystemClock(), kChainKey);
    log_->EnsureTables();
  }

  std::filesystem::path dir_;
  std::shared_ptr<sq::SqliteDatabase> db_;
  ccrm::storage::RecordStorePtr store_;
  std::shared_ptr<ccrm::audit::AuditLog> log_;
  std::atomic<long> next_{0};
};

ccrm::audit::AuditEvent Event(const std::string& id) {
  ccrm::audit::AuditEvent e;
  e.actor = "usr_01JD7Q8Z3M4N5P6R7S8T9V0W1X";
  e.action = "lead.update";
  e.entity = "lead";
  e.entity_id = id;
  e.request_id = "0123456789abcdef";
  e.ip = "192.0.2.10";
  e.changes = {{"status", {{"old", "new"}, {"new", "contacted"}}},
               {"assignedTo", {{"old", nullptr}, {"new", "usr_01JD7QA0B1C2D3E4F5G6H7J8K9"}}}};
  return e;
}

Json Lead(const std::string& id) {
  return {{"id", id}, {"status", "contacted"}, {"firstName", "Maria"}, {"lastName", "Gonzalez"},
          {"email", id + "@example.com"}, {"phone", "+14155551234"}, {"version", 1}};
}

void BM_Append(benchmark::State& state) {
  auto& bench = Bench::Get();
  for (auto _ : state) {
    if (!bench.log().Append(Event(bench.NextId())).committed) state.SkipWithError("refused");
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_AppendWithChange(benchmark::State& state) {
  auto& bench = Bench::Get();
  for (auto _ : state) {
    const std::string id = bench.NextId();
    const auto result = bench.log().Append(Event(id), {WriteAction::Put("bench_leads", Lead(id))});
    if (!result.committed) state.SkipWithError("refused");
  }
  state.SetItemsProcessed(state.iterations());
}

// The baseline of BM_AppendWithChange: the same write, unaudited.
void BM_PutWithoutAudit(benchmark::State& state) {
  auto& bench = Bench::Get();
  for (auto _ : state) {
    const std::string id = bench.NextId();
    bench.store().TransactWrite({WriteAction::Put("bench_leads", Lead(id))});
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Verify(benchmark::State& state) {
  auto& bench = Bench::Get();
  int64_t records = 0;
  for (auto _ : state) {
    const auto result = ccrm::audit::Verify(bench.store(), Bench::kChainKey);
    if (!result.ok) state.SkipWithError(result.reason.c_str());
    records += result.records;
  }
  state.SetItemsProcessed(records);
}

// A record's link: the keyed chain's HMAC-SHA256 beside the plain SHA-256 the chain used
// before keying (the yardstick), over a typical record (a lead update with a few changes).
Json TypicalRecord() {
  return {{"stream", "audit"}, {"seq", "00000000000000012345"}, {"at", "2026-12-07T08:00:00.000Z"},
          {"actor", "usr_01m8d6gbck2tj2y13kbfjtvk1a"}, {"action", "lead.update"},
          {"entity", "lead"}, {"entityId", "lead_01m8d6gbck2tj2y13kbfjtvk1b"},
          {"entityKey", "lead#lead_01m8d6gbck2tj2y13kbfjtvk1b"}, {"requestId", "req-1"},
          {"ip", "192.0.2.1"}, {"outcome", "ok"}, {"chain", "hmac-sha256"},
          {"changes", {{"status", {{"old", "new"}, {"new", "contacted"}}},
                       {"address.city", {{"old", "Austin"}, {"new", "Dallas"}}}}},
          {"prevHash", std::string(64, 'a')}};
}

void BM_LinkSha256Yardstick(benchmark::State& state) {
  const Json record = TypicalRecord();
  for (auto _ : state) benchmark::DoNotOptimize(ccrm::audit::RecordHash(record));
}

void BM_LinkHmacSha256(benchmark::State& state) {
  const Json record = TypicalRecord();
  for (auto _ : state) {
    benchmark::DoNotOptimize(ccrm::audit::RecordMac(record, Bench::kChainKey));
  }
}

}  // namespace

BENCHMARK(BM_Append)->UseRealTime()->Threads(1)->Threads(8);
BENCHMARK(BM_AppendWithChange)->UseRealTime()->Threads(1)->Threads(8);
BENCHMARK(BM_PutWithoutAudit)->UseRealTime()->Threads(1)->Threads(8);
BENCHMARK(BM_Verify)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_LinkSha256Yardstick);
BENCHMARK(BM_LinkHmacSha256);

BENCHMARK_MAIN();
