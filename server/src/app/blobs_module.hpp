// The blobs module: the S3-compatible endpoint over the storage set's BlobStore (/s3/...), its
// "sigv4" kind of request authentication, the object-created triggers other modules
// (documents, calls) register on at Open, and the lifecycle: a daily queue job (one process
// runs it) that applies the lifecycle rules and sweeps what crashes left of the files.
#pragma once

#include <memory>

#include "app/module.hpp"
#include "audit/audit_log.hpp"
#include "blobs/lifecycle.hpp"
#include "blobs/object_triggers.hpp"
#include "blobs/s3_routes.hpp"
#include "common/periodic_task.hpp"
#include "queue/daily_schedule.hpp"
#include "queue/job_dispatcher.hpp"
#include "queue/job_queue.hpp"
#include "storage/aws/sigv4.hpp"

namespace ccrm::app {

class BlobsModule final : public Module {
 public:
  static constexpr const char* kLifecycleJob = "blobs.lifecycle";

  BlobsModule(const ModuleContext& context, std::shared_ptr<audit::AuditLog> audit,
              std::shared_ptr<queue::JobQueue> jobs,
              std::shared_ptr<queue::JobDispatcher> dispatcher);
  std::string_view name() const override { return "blobs"; }
  void Open() override;
  void AddRoutes(gateway::Router& router) override;
  void AddAuthentication(gateway::Dispatcher& dispatcher) override;
  void Start() override;
  void Stop() override;

  // Valid after Open().
  storage::BlobStorePtr store() const { return context_.storage.blobs; }
  blobs::ObjectTriggers& triggers() const { return *triggers_; }
  // Null without a blob store (records-only commands).
  blobs::Lifecycle* lifecycle() const { return lifecycle_.get(); }
  // One run now (`ccrm lifecycle`, and the daily job): the rules, then (unless a dry run) the
  // sweep of leftover files.
  blobs::LifecycleReport RunLifecycle(bool dry_run);

 private:
  ModuleContext context_;
  std::shared_ptr<audit::AuditLog> audit_;
  std::shared_ptr<queue::JobQueue> jobs_;
  std::shared_ptr<queue::JobDispatcher> dispatcher_;
  std::shared_ptr<blobs::ObjectTriggers> triggers_;
  std::shared_ptr<blobs::Lifecycle> lifecycle_;
  std::unique_ptr<queue::DailySchedule> schedule_;
  std::unique_ptr<PeriodicTask> schedule_check_;
  std::shared_ptr<const storage::aws::SigV4Verifier> verifier_;
};

}  // namespace ccrm::app
