// The durable job queue over SQLite (synchronous=FULL, as served): a job's whole life (the
// enqueue in its own transaction, the conditional claim, the completing delete) beside the
// yardstick of the same three writes made as plain Puts and a Delete with no queue logic, and
// a dispatcher draining a backlog (jobs/s end to end, handler doing nothing).
#include <benchmark/benchmark.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "common/clock.hpp"
#include "common/scratch_dir.hpp"
#include "queue/job_dispatcher.hpp"
#include "queue/job_queue.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#include "storage/sqlite/sqlite_record_store.hpp"

namespace {

using ccrm::Json;
namespace queue = ccrm::queue;
namespace sq = ccrm::storage::sqlite;

struct Store {
  Store() {
    sq::SqliteOptions options;
    options.path = (dir.path() / "records.db").string();
    db = sq::SqliteDatabase::Open(options);
    records = sq::MakeSqliteRecordStore(db);
    jobs = std::make_shared<queue::JobQueue>(records, ccrm::SystemClock());
    jobs->EnsureTables();
    records->EnsureTable({.name = "bench_plain", .partition_key = "id", .sort_key = "", .indexes = {}});
  }
  ~Store() { db->Close(); }
  ccrm::testing::ScratchDir dir{"queue-bench"};
  std::shared_ptr<sq::SqliteDatabase> db;
  ccrm::storage::RecordStorePtr records;
  std::shared_ptr<queue::JobQueue> jobs;
};

// Enqueue (own transaction), claim, complete: one job at a time.
void BM_JobLifecycle(benchmark::State& state) {
  Store store;
  for (auto _ : state) {
    store.records->TransactWrite({store.jobs->Enqueue("bench.noop", {{"n", 1}})});
    auto claimed = store.jobs->Claim("bench", 1);
    if (claimed.size() != 1) state.SkipWithError("claim found nothing");
    store.jobs->Complete(claimed.front());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_JobLifecycle)->Unit(benchmark::kMicrosecond);

// Yardstick: the same writes without the queue (a Put, a Put over it, a Delete).
void BM_PlainPutPutDeleteYardstick(benchmark::State& state) {
  Store store;
  int64_t n = 0;
  for (auto _ : state) {
    const std::string id = "item_" + std::to_string(++n);
    store.records->TransactWrite(
        {ccrm::storage::WriteAction::Put("bench_plain", {{"id", id}, {"version", 1}})});
    store.records->Put("bench_plain", {{"id", id}, {"version", 2}});
    store.records->Delete("bench_plain", {id, ""});
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PlainPutPutDeleteYardstick)->Unit(benchmark::kMicrosecond);

// A backlog of 2,000 jobs enqueued 100 per transaction, then drained by one dispatcher in
// batches of 16 (claims and completes are single writes: the group commit shares fsyncs only
// across threads).
void BM_DispatcherDrainsABacklog(benchmark::State& state) {
  Store store;
  constexpr int kJobs = 2000;
  for (auto _ : state) {
    state.PauseTiming();
    for (int i = 0; i < kJobs; i += 100) {
      std::vector<ccrm::storage::WriteAction> batch;
      for (int j = 0; j < 100; ++j) batch.push_back(store.jobs->Enqueue("bench.noop", {{"n", i + j}}));
      store.records->TransactWrite(batch);
    }
    queue::JobDispatcher dispatcher(store.jobs);
    int ran = 0;
    dispatcher.Register("bench.noop", [&](const queue::Job&) { ++ran; });
    state.ResumeTiming();
    while (dispatcher.RunDue() > 0) {
    }
    if (ran != kJobs) state.SkipWithError("not every job ran");
  }
  state.SetItemsProcessed(state.iterations() * kJobs);
}
BENCHMARK(BM_DispatcherDrainsABacklog)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
