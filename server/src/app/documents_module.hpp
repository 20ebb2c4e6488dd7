// The documents module: documents of leads in the blob store's documents bucket, their routes,
// the upload trigger (an object-created job, with the admission that only a pending document
// may be uploaded to), and the stage gate's evidence for the leads module.
#pragma once

#include <memory>

#include "app/blobs_module.hpp"
#include "app/module.hpp"
#include "audit/audit_log.hpp"
#include "documents/document_service.hpp"
#include "leads/lead_service.hpp"
#include "queue/job_dispatcher.hpp"
#include "queue/job_queue.hpp"

namespace ccrm::app {

class DocumentsModule final : public Module {
 public:
  DocumentsModule(const ModuleContext& context, std::shared_ptr<audit::AuditLog> audit,
                  std::shared_ptr<leads::LeadService> leads, BlobsModule& blobs,
                  std::shared_ptr<queue::JobQueue> jobs,
                  std::shared_ptr<queue::JobDispatcher> dispatcher);
  std::string_view name() const override { return "documents"; }
  void Open() override;
  void AddRoutes(gateway::Router& router) override;

  std::shared_ptr<documents::DocumentService> service() const { return service_; }

 private:
  ModuleContext context_;
  std::shared_ptr<audit::AuditLog> audit_;
  std::shared_ptr<leads::LeadService> leads_;
  BlobsModule& blobs_;
  std::shared_ptr<queue::JobQueue> jobs_;
  std::shared_ptr<queue::JobDispatcher> dispatcher_;
  std::shared_ptr<documents::DocumentService> service_;
};

}  // namespace ccrm::app
