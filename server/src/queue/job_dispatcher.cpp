#include "queue/job_dispatcher.hpp"

#include <spdlog/spdlog.h>

#include "common/ids.hpp"

namespace ccrm::queue {

JobDispatcher::JobDispatcher(std::shared_ptr<JobQueue> queue, JobDispatcherOptions options,
                             Report report)
    : queue_(std::move(queue)),
      options_(options),
      report_(std::move(report)),
      owner_(NewId("disp")) {}

JobDispatcher::~JobDispatcher() { Stop(); }

void JobDispatcher::Register(const std::string& kind, JobHandler handler) {
  handlers_[kind] = std::move(handler);
}

void JobDispatcher::Start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] { Loop(); });
}

void JobDispatcher::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void JobDispatcher::Wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

int JobDispatcher::Run(std::vector<Job> jobs) {
  for (const Job& job : jobs) {
    const auto handler = handlers_.find(job.kind);
    try {
      // A kind no handler here knows (a newer binary's) fails like any error: retried, so a
      // process that knows it may take it, then parked.
      if (handler == handlers_.end()) throw std::runtime_error("no handler for " + job.kind);
      handler->second(job);
      queue_->Complete(job);
    } catch (const std::exception& e) {
      ++failures_;
      try {
        const bool parked = queue_->Fail(job, e.what());
        spdlog::warn("queue: job {} ({}) failed, attempt {}: {}{}", job.id, job.kind,
                     job.attempts, e.what(), parked ? "; moved to dead letters" : "");
      } catch (const std::exception& store) {
        // The lease runs out and the job comes back: nothing is lost.
        spdlog::error("queue: job {} failed and could not be rescheduled: {}", job.id,
                      store.what());
      }
    }
  }
  return static_cast<int>(jobs.size());
}

int JobDispatcher::RunDue() { return Run(queue_->Claim(owner_, options_.batch)); }

int JobDispatcher::Drain(const std::string& kind) {
  int ran = 0;
  for (;;) {
    std::vector<Job> jobs = queue_->Claim(owner_, options_.batch, kind, /*ignore_due=*/true);
    if (jobs.empty()) return ran;
    ran += Run(std::move(jobs));
  }
}

void JobDispatcher::Loop() {
  auto next_report = std::chrono::steady_clock::now();
  for (;;) {
    int ran = 0;
    try {
      ran = RunDue();
      if (report_ && std::chrono::steady_clock::now() >= next_report) {
        report_(queue_->Stats(), failures_.load());
        next_report = std::chrono::steady_clock::now() + options_.stats_interval;
      }
    } catch (const std::exception& e) {
      spdlog::error("queue: claiming jobs failed: {}", e.what());  // storage trouble: wait
    }
    std::unique_lock lock(mutex_);
    if (stopping_) return;
    if (ran == 0) {  // else more may be due at once
      wake_.wait_for(lock, options_.poll_interval, [this] { return stopping_ || woken_; });
      if (stopping_) return;
    }
    woken_ = false;
  }
}

}  // namespace ccrm::queue
