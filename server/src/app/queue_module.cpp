#include "app/queue_module.hpp"

#include "queue/dead_letter_routes.hpp"

namespace ccrm::app {

QueueModule::QueueModule(const ModuleContext& context, std::shared_ptr<audit::AuditLog> audit)
    : context_(context), audit_(std::move(audit)) {}

void QueueModule::Open() {
  const Config& config = *context_.config;
  queue_ = std::make_shared<queue::JobQueue>(
      context_.storage.records, context_.clock,
      queue::JobQueueOptions{.lease = std::chrono::seconds(config.queue.lease_seconds),
                             .max_attempts = config.queue.max_attempts});
  queue_->EnsureTables();
  auto metrics = context_.metrics;
  dispatcher_ = std::make_shared<queue::JobDispatcher>(
      queue_,
      queue::JobDispatcherOptions{
          .poll_interval = std::chrono::milliseconds(config.queue.poll_interval_ms)},
      [metrics](const queue::QueueStats& stats, int64_t failures) {
        metrics->SetGauge("queue_depth", "Jobs queued in the durable queue, claimed ones included",
                          static_cast<double>(stats.depth));
        metrics->SetGauge("queue_oldest_wait_seconds",
                          "How long the most overdue job has been due",
                          stats.oldest_wait_seconds);
        metrics->SetGauge("queue_dead_letters", "Jobs parked in dead letters",
                          static_cast<double>(stats.dead_letters));
        metrics->SetGauge("queue_job_failures", "Failed job attempts in this process since start",
                          static_cast<double>(failures));
      });
  queue_->SetCommittedListener([weak = std::weak_ptr(dispatcher_)] {
    if (const auto dispatcher = weak.lock()) dispatcher->Wake();
  });
  dead_letters_ = std::make_shared<queue::DeadLetters>(queue_, audit_);
}

void QueueModule::AddRoutes(gateway::Router& router) {
  queue::AddDeadLetterRoutes(router, dead_letters_);
}

}  // namespace ccrm::app
