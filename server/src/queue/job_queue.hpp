// A durable job queue in the RecordStore (triggers, the lead search outbox): a job is written
// in the same transaction as the change that causes it, and any process on the store may run
// it. Claims are conditional writes with a lease; what keeps failing parks in dead letters.
#pragma once

#include <functional>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "common/json.hpp"
#include "storage/record_store.hpp"

namespace ccrm::queue {

inline constexpr const char* kJobsTable = "jobs";
inline constexpr const char* kDeadLettersTable = "dead_letters";

// A claimed job, as its handler sees it.
struct Job {
  std::string id;
  std::string kind;     // which handler runs it, e.g. "search.index"
  Json payload;
  int attempts = 0;     // claims so far, this one included
  int64_t version = 0;  // the stored version this claim holds
  std::string created_at;
  std::string last_error;  // of the previous attempt
};

struct JobQueueOptions {
  // A claim holds its job this long; then the job is due again (for another process, if this
  // one died). Handlers must finish well within it, or be harmless to run twice.
  std::chrono::seconds lease{60};
  int max_attempts = 8;  // then the job goes to dead letters
  // Before retry n: base * 2^(n-1), at most cap, times a random factor in [0.5, 1) (jitter, so
  // jobs that failed together do not come back together).
  std::chrono::milliseconds backoff_base{1000};
  std::chrono::milliseconds backoff_cap{std::chrono::hours(1)};
};

struct QueueStats {
  int64_t depth = 0;               // jobs queued, claimed ones included
  double oldest_wait_seconds = 0;  // how long the most overdue job has been due
  int64_t dead_letters = 0;
};

class JobQueue {
 public:
  JobQueue(storage::RecordStorePtr records, ClockPtr clock, JobQueueOptions options = {});

  // The jobs and dead_letters tables (idempotent).
  void EnsureTables();

  // The Put that enqueues a job, for the caller's transaction: due `delay` from now. `id`
  // receives the job's id (to Remove it later).
  storage::WriteAction Enqueue(std::string_view kind, Json payload,
                               std::chrono::milliseconds delay = {},
                               std::string* id = nullptr) const;
  // The Delete of a job whose work was done another way (the search outbox's job after the
  // commit indexed its leads), for the caller's transaction. No condition: already gone is fine.
  static storage::WriteAction Remove(const std::string& job_id);

  // Claims up to `max` jobs that are due (all queued ones, due or not, with `ignore_due`), of
  // `kind` only when it is not empty. Each claim is a conditional write: a job another
  // process claimed first is skipped. A claimed job is due again when its lease ends.
  std::vector<Job> Claim(const std::string& owner, int max, std::string_view kind = {},
                         bool ignore_due = false);
  // The job is done: removed unless another claim took it meanwhile (lease expired).
  void Complete(const Job& job);
  // Due again after the backoff, or moved to dead letters once max_attempts are spent. Returns
  // true when it went to dead letters.
  bool Fail(const Job& job, std::string_view error);

  QueueStats Stats();

  // Who runs jobs in this process (the dispatcher) hears of every commit here that enqueued a
  // job, so the job runs at once rather than at the next poll. Set before serving.
  void SetCommittedListener(std::function<void()> listener) { committed_ = std::move(listener); }
  // For the caller of Enqueue, once its transaction committed.
  void NotifyCommitted() const {
    if (committed_) committed_();
  }

  const JobQueueOptions& options() const { return options_; }
  storage::RecordStore& records() const { return *records_; }
  // The jobs-table item of a new job (for moving a dead letter back): due now, no attempts.
  Json NewJobItem(std::string_view kind, Json payload, std::chrono::milliseconds delay,
                  const std::string& id) const;

 private:
  std::chrono::milliseconds Backoff(int attempts) const;

  storage::RecordStorePtr records_;
  ClockPtr clock_;
  JobQueueOptions options_;
  std::function<void()> committed_;
};

// The byDue index's sort key of an instant: fixed-width epoch milliseconds, so text order is
// time order.
std::string DueKey(int64_t unix_millis);

}  // namespace ccrm::queue
