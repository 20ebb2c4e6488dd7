// Runs the durable queue's jobs in this process: claims what is due, calls the handler
// registered for each kind, completes or fails it, and reports the queue's state.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "queue/job_queue.hpp"

namespace ccrm::queue {

// Does the job's work; throws to fail it (it is retried, then parked in dead letters). Runs
// at least once per job, more than once when a lease runs out or a process dies after the
// work: it must be idempotent.
using JobHandler = std::function<void(const Job&)>;

struct JobDispatcherOptions {
  std::chrono::milliseconds poll_interval{500};  // between looks when nothing is due
  int batch = 16;                                // jobs claimed per look
  std::chrono::seconds stats_interval{5};        // how often `report` gets QueueStats
};

class JobDispatcher {
 public:
  // `report` (may be empty) receives the queue's stats and this process's failure count.
  using Report = std::function<void(const QueueStats&, int64_t failures)>;

  JobDispatcher(std::shared_ptr<JobQueue> queue, JobDispatcherOptions options = {},
                Report report = nullptr);
  ~JobDispatcher();
  JobDispatcher(const JobDispatcher&) = delete;
  JobDispatcher& operator=(const JobDispatcher&) = delete;

  // Before Start (or RunDue/Drain); a kind has one handler.
  void Register(const std::string& kind, JobHandler handler);
  // The polling thread. Stop joins it (a job in hand finishes first); both idempotent.
  void Start();
  void Stop();
  // Something was enqueued here and is due soon: look now rather than at the next poll.
  void Wake();

  // Claims one batch of due jobs and runs them here; how many it ran, failed ones included.
  // (The thread's step.)
  int RunDue();
  // Runs every queued job of `kind`, due or not (at start: the search outbox of a process that
  // stopped before indexing). How many it ran.
  int Drain(const std::string& kind);

  int64_t failures() const { return failures_.load(); }
  const std::string& owner() const { return owner_; }

 private:
  int Run(std::vector<Job> jobs);
  void Loop();

  std::shared_ptr<JobQueue> queue_;
  JobDispatcherOptions options_;
  Report report_;
  std::string owner_;  // this dispatcher's name in leases
  std::map<std::string, JobHandler, std::less<>> handlers_;
  std::atomic<int64_t> failures_{0};

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool woken_ = false;
  std::thread thread_;
};

}  // namespace ccrm::queue
