// The calls module: calls with leads' customers (table `calls`), their routes, the dispositions'
// effects on leads, Amazon Connect's deliveries, and the recordings bucket's trigger (a
// recording or a Contact Lens analysis under Connect's key layout attaches to its contact's call).
#pragma once

#include <memory>

#include "app/blobs_module.hpp"
#include "app/module.hpp"
#include "audit/audit_log.hpp"
#include "calls/call_service.hpp"
#include "auth/user_service.hpp"
#include "leads/lead_queries.hpp"
#include "leads/lead_service.hpp"
#include "queue/job_dispatcher.hpp"

namespace ccrm::app {

class CallsModule final : public Module {
 public:
  CallsModule(const ModuleContext& context, std::shared_ptr<audit::AuditLog> audit,
              std::shared_ptr<leads::LeadService> leads,
              std::shared_ptr<leads::LeadQueries> lead_queries,
              std::shared_ptr<auth::UserService> users, BlobsModule& blobs,
              std::shared_ptr<queue::JobDispatcher> dispatcher);
  // The job the embedded store's object-created trigger queues for an object in the recordings
  // bucket (a recording or a Contact Lens analysis).
  static constexpr const char* kRecordingCreatedJob = "calls.recording_created";
  std::string_view name() const override { return "calls"; }
  void Open() override;
  void AddRoutes(gateway::Router& router) override;

  std::shared_ptr<calls::CallService> service() const { return service_; }

 private:
  void AddRecordingTrigger();

  ModuleContext context_;
  std::shared_ptr<audit::AuditLog> audit_;
  std::shared_ptr<leads::LeadService> leads_;
  std::shared_ptr<leads::LeadQueries> lead_queries_;
  std::shared_ptr<auth::UserService> users_;
  BlobsModule& blobs_;
  std::shared_ptr<queue::JobDispatcher> dispatcher_;
  std::shared_ptr<calls::CallService> service_;
};

}  // namespace ccrm::app
