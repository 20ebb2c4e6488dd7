// The leads module: leads, their pipeline, notes, deadlines, search, import and export, with
// their routes and the queued imports' worker.
#pragma once

#include <memory>

#include "app/module.hpp"
#include "audit/audit_log.hpp"
#include "auth/user_service.hpp"
#include "leads/import_jobs.hpp"
#include "leads/lead_import.hpp"
#include "leads/lead_queries.hpp"
#include "leads/lead_repository.hpp"
#include "leads/lead_service.hpp"
#include "queue/job_dispatcher.hpp"
#include "queue/job_queue.hpp"

namespace ccrm::app {

class LeadsModule final : public Module {
 public:
  // `users`: the auth module's, for who may be assigned a lead and usernames in exports;
  // `jobs`, `dispatcher`: the queue module's, for the search outbox.
  LeadsModule(const ModuleContext& context, std::shared_ptr<audit::AuditLog> audit,
              std::shared_ptr<auth::UserService> users, std::shared_ptr<queue::JobQueue> jobs,
              std::shared_ptr<queue::JobDispatcher> dispatcher);
  std::string_view name() const override { return "leads"; }
  void Open() override;
  void AddRoutes(gateway::Router& router) override;
  // Ends the queued imports and deletes the search outbox's done jobs.
  void Stop() override;

  // Valid after Open(): for modules whose records belong to leads (documents, calls).
  std::shared_ptr<leads::LeadService> service() const { return service_; }
  std::shared_ptr<leads::LeadQueries> queries() const { return queries_; }
  // Valid after Open(): for the CLI (ccrm import).
  std::shared_ptr<leads::LeadImporter> importer() const { return importer_; }
  // Rebuilds the search index from the stored leads (ccrm reindex).
  leads::LeadRepository::ReindexReport Reindex() { return repository_->ReindexAll(); }

 private:
  ModuleContext context_;
  std::shared_ptr<audit::AuditLog> audit_;
  std::shared_ptr<auth::UserService> users_;
  std::shared_ptr<queue::JobQueue> jobs_;
  std::shared_ptr<queue::JobDispatcher> dispatcher_;
  std::shared_ptr<leads::LeadRepository> repository_;
  std::shared_ptr<leads::LeadService> service_;
  std::shared_ptr<leads::LeadQueries> queries_;
  std::shared_ptr<leads::LeadImporter> importer_;
  std::shared_ptr<leads::ImportJobs> import_jobs_;
};

}  // namespace ccrm::app
