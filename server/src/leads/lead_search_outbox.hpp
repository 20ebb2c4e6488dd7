// The lead search index's outbox, on the durable job queue: every commit of leads enqueues a
// "search.index" job naming them, in the commit's own transaction and due after a grace
// period. The committing process indexes the leads itself at once and marks the job done; the
// next commit's transaction deletes done jobs (no write of their own). A job left behind (a
// crash between commit and index, a failed index write) is run by the queue: drained at the
// next start, or by any process once due.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/json.hpp"
#include "queue/job_queue.hpp"

namespace ccrm::leads {

inline constexpr const char* kSearchIndexJob = "search.index";

class LeadSearchOutbox {
 public:
  // Long enough for the committing process to index and mark the job done first.
  static constexpr std::chrono::seconds kGrace{30};

  explicit LeadSearchOutbox(std::shared_ptr<queue::JobQueue> jobs);

  // The job for a commit of the leads `lead_ids` (a JSON array of ids); its id in `*id`.
  storage::WriteAction EnqueueFor(Json lead_ids, std::string* id) const;
  // Deletions of done jobs, appended to `actions` while it holds fewer than `max_actions`; the
  // jobs taken, to GiveBack if the transaction does not commit.
  std::vector<std::string> TakeDone(std::vector<storage::WriteAction>& actions, size_t max_actions);
  void GiveBack(std::vector<std::string> job_ids);
  // These jobs' leads are indexed.
  void MarkDone(std::vector<std::string> job_ids);
  // A job the queue handed over: true (and forgotten) when its leads were indexed here already.
  bool ForgetDone(const std::string& job_id);
  // Deletes the done jobs (at shutdown, so the next start has nothing to re-index). Never
  // throws: a job left behind only costs a re-index.
  void Settle() noexcept;

  // The lead ids a search.index job names.
  static std::vector<std::string> LeadIdsOf(const Json& payload);

 private:
  std::shared_ptr<queue::JobQueue> jobs_;
  std::mutex mutex_;
  std::vector<std::string> done_;
};

}  // namespace ccrm::leads
