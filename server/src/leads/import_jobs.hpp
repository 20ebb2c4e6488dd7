// Imports that run in the background (POST /api/v1/lead-imports): queued, run one at a time on
// a thread of their own, their progress readable while they run (rows done, created, updated,
// skipped, errors so far), kept in memory for an hour after they end. A restart forgets the
// jobs; every batch a job wrote stays written (each batch is all-or-nothing).
#pragma once

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "common/clock.hpp"
#include "common/json.hpp"
#include "leads/lead_import.hpp"

namespace ccrm::leads {

class ImportJobs {
 public:
  static constexpr size_t kMaxWaiting = 4;
  static constexpr std::chrono::hours kKeepFinished{1};

  ImportJobs(std::shared_ptr<LeadImporter> importer, ClockPtr clock);
  // Stops a running import between two rows (what it committed stays; the job ends failed
  // with a 503 problem), leaves the waiting ones unrun (the process is going away with them)
  // and joins the thread; idempotent. Called before the storage under the importer closes.
  void Stop();
  ~ImportJobs() { Stop(); }
  ImportJobs(const ImportJobs&) = delete;
  ImportJobs& operator=(const ImportJobs&) = delete;

  // Queues an import of `csv` as `caller`; the job as Get shows it. Throws a 429 problem when
  // kMaxWaiting jobs are waiting already.
  Json Submit(std::string csv, ImportOptions options, LeadCaller caller);
  // The job, for the user who submitted it; nullopt (a 404) for anyone else or an unknown id.
  std::optional<Json> Get(const std::string& id, const std::string& principal_id) const;

 private:
  struct Job;
  void Work();
  void Run(Job& job);
  void ForgetOld();  // with mu_ held
  static Json ToJson(const Job& job);

  std::shared_ptr<LeadImporter> importer_;
  ClockPtr clock_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::deque<std::shared_ptr<Job>> waiting_;
  std::map<std::string, std::shared_ptr<Job>, std::less<>> jobs_;
  bool stopping_ = false;
  std::thread worker_;  // last: started once everything above exists
};

}  // namespace ccrm::leads
