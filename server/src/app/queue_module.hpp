// The queue module: the durable job queue in the record store, this process's dispatcher that
// runs its jobs, and the admins' dead letters (GET /api/v1/admin/dead-letters, retry, discard).
// Modules that enqueue jobs take queue() and register their handlers on dispatcher() at Open.
#pragma once

#include <memory>

#include "app/module.hpp"
#include "audit/audit_log.hpp"
#include "queue/dead_letters.hpp"
#include "queue/job_dispatcher.hpp"
#include "queue/job_queue.hpp"

namespace ccrm::app {

class QueueModule final : public Module {
 public:
  QueueModule(const ModuleContext& context, std::shared_ptr<audit::AuditLog> audit);
  std::string_view name() const override { return "queue"; }
  void Open() override;
  void AddRoutes(gateway::Router& router) override;
  // The dispatcher's thread; its stats go to /metrics (ccrm_queue_*).
  void Start() override { dispatcher_->Start(); }
  void Stop() override {
    if (dispatcher_) dispatcher_->Stop();
  }

  // Valid after Open().
  std::shared_ptr<queue::JobQueue> queue() const { return queue_; }
  std::shared_ptr<queue::JobDispatcher> dispatcher() const { return dispatcher_; }

 private:
  ModuleContext context_;
  std::shared_ptr<audit::AuditLog> audit_;
  std::shared_ptr<queue::JobQueue> queue_;
  std::shared_ptr<queue::JobDispatcher> dispatcher_;
  std::shared_ptr<queue::DeadLetters> dead_letters_;
};

}  // namespace ccrm::app
