// Search indexing behind an import's commits: committed batches of leads are gathered and
// indexed on a thread of their own, thousands at a time, while the next batches are prepared
// and committed. FTS5 writes one large batch for far less per document than many small ones
// (its pending terms are flushed as one segment per transaction), and the records and the
// index are separate files, so the two writers work side by side.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <thread>
#include <vector>

#include "leads/lead_repository.hpp"

namespace ccrm::leads {

class DeferredLeadIndexer {
 public:
  // Indexes once `batch_leads` leads are waiting (and whatever waits at Finish).
  DeferredLeadIndexer(LeadRepository& repository, size_t batch_leads);
  ~DeferredLeadIndexer();  // Finish()
  DeferredLeadIndexer(const DeferredLeadIndexer&) = delete;
  DeferredLeadIndexer& operator=(const DeferredLeadIndexer&) = delete;

  // Thread-safe. The leads are searchable after a later index write, at the latest Finish.
  void Add(CommittedLeads committed);
  // Indexes what is waiting and stops the thread. Until then a crash leaves the leads to the
  // search outbox, which the next start replays.
  void Finish();

 private:
  void Run();

  LeadRepository& repository_;
  const size_t batch_leads_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::vector<CommittedLeads> waiting_;
  size_t waiting_leads_ = 0;
  bool finishing_ = false;
  std::thread thread_;  // last: started once the rest is set up
};

}  // namespace ccrm::leads
