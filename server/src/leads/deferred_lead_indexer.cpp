#include "leads/deferred_lead_indexer.hpp"

#include <pthread.h>

namespace ccrm::leads {

DeferredLeadIndexer::DeferredLeadIndexer(LeadRepository& repository, size_t batch_leads)
    : repository_(repository), batch_leads_(batch_leads), thread_([this] { Run(); }) {}

DeferredLeadIndexer::~DeferredLeadIndexer() { Finish(); }

void DeferredLeadIndexer::Add(CommittedLeads committed) {
  {
    std::lock_guard lock(mutex_);
    waiting_leads_ += committed.entries.size();
    waiting_.push_back(std::move(committed));
    if (waiting_leads_ < batch_leads_) return;
  }
  ready_.notify_one();
}

void DeferredLeadIndexer::Finish() {
  {
    std::lock_guard lock(mutex_);
    finishing_ = true;
  }
  ready_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void DeferredLeadIndexer::Run() {
  pthread_setname_np(pthread_self(), "ccrm-index");  // for top -H and perf
  std::unique_lock lock(mutex_);
  for (;;) {
    ready_.wait(lock, [&] { return finishing_ || waiting_leads_ >= batch_leads_; });
    if (waiting_.empty() && finishing_) return;
    std::vector<CommittedLeads> batch;
    batch.swap(waiting_);
    waiting_leads_ = 0;
    lock.unlock();
    repository_.IndexCommitted(std::move(batch));  // never throws: failures stay in the outbox
    lock.lock();
  }
}

}  // namespace ccrm::leads
