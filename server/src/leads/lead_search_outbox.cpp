#include "leads/lead_search_outbox.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace ccrm::leads {

LeadSearchOutbox::LeadSearchOutbox(std::shared_ptr<queue::JobQueue> jobs) : jobs_(std::move(jobs)) {
  if (!jobs_) throw std::invalid_argument("LeadSearchOutbox: a job queue is required");
}

storage::WriteAction LeadSearchOutbox::EnqueueFor(Json lead_ids, std::string* id) const {
  return jobs_->Enqueue(kSearchIndexJob, {{"leadIds", std::move(lead_ids)}}, kGrace, id);
}

std::vector<std::string> LeadSearchOutbox::TakeDone(std::vector<storage::WriteAction>& actions,
                                                    size_t max_actions) {
  std::vector<std::string> taken;
  std::lock_guard lock(mutex_);
  while (!done_.empty() && actions.size() < max_actions) {
    taken.push_back(std::move(done_.back()));
    done_.pop_back();
    actions.push_back(queue::JobQueue::Remove(taken.back()));
  }
  return taken;
}

void LeadSearchOutbox::GiveBack(std::vector<std::string> job_ids) { MarkDone(std::move(job_ids)); }

void LeadSearchOutbox::MarkDone(std::vector<std::string> job_ids) {
  std::lock_guard lock(mutex_);
  for (std::string& id : job_ids) {
    if (!id.empty()) done_.push_back(std::move(id));
  }
}

bool LeadSearchOutbox::ForgetDone(const std::string& job_id) {
  std::lock_guard lock(mutex_);
  const auto it = std::find(done_.begin(), done_.end(), job_id);
  if (it == done_.end()) return false;
  done_.erase(it);
  return true;
}

void LeadSearchOutbox::Settle() noexcept {
  std::vector<std::string> done;
  {
    std::lock_guard lock(mutex_);
    done.swap(done_);
  }
  for (const std::string& id : done) {
    try {
      jobs_->records().Delete(queue::kJobsTable, {id, ""});
    } catch (const std::exception& e) {
      spdlog::warn("search outbox: deleting a done job failed ({})", e.what());
      return;
    }
  }
}

std::vector<std::string> LeadSearchOutbox::LeadIdsOf(const Json& payload) {
  std::vector<std::string> ids;
  const auto it = payload.find("leadIds");
  if (it == payload.end() || !it->is_array()) return ids;
  for (const Json& id : *it) {
    if (id.is_string()) ids.push_back(id.get<std::string>());
  }
  return ids;
}

}  // namespace ccrm::leads
