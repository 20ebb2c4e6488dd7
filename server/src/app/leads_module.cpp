#include "app/leads_module.hpp"

#include <spdlog/spdlog.h>

#include "leads/lead_routes.hpp"
#include "leads/lead_summary.hpp"

namespace ccrm::app {

LeadsModule::LeadsModule(const ModuleContext& context, std::shared_ptr<audit::AuditLog> audit,
                         std::shared_ptr<auth::UserService> users,
                         std::shared_ptr<queue::JobQueue> jobs,
                         std::shared_ptr<queue::JobDispatcher> dispatcher)
    : context_(context),
      audit_(std::move(audit)),
      users_(std::move(users)),
      jobs_(std::move(jobs)),
      dispatcher_(std::move(dispatcher)) {}

void LeadsModule::Open() {
  const Config& config = *context_.config;
  repository_ = std::make_shared<leads::LeadRepository>(
      context_.storage.records, context_.storage.search, audit_, jobs_, context_.clock);
  repository_->EnsureTables();
  repository_->RegisterSearchJobs(*dispatcher_);
  if (const int ran = dispatcher_->Drain(leads::kSearchIndexJob); ran > 0) {
    spdlog::info("search index: {} outbox jobs left by an earlier run re-indexed their leads", ran);
  }
  leads::LeadServiceOptions options;
  options.validation.default_region = config.leads.default_region;
  options.assignable = [users = users_](const std::string& user_id) {
    try {
      return users->GetCached(user_id)->user.enabled;
    } catch (const ProblemException&) {
      return false;  // unknown
    }
  };
  service_ = std::make_shared<leads::LeadService>(repository_, options, context_.clock);
  queries_ = std::make_shared<leads::LeadQueries>(repository_, service_,
                                                  config.leads.default_region, context_.clock);
  importer_ = std::make_shared<leads::LeadImporter>(
      service_, [users = users_](std::string_view username) -> std::optional<std::string> {
        const auto user = users->FindByUsername(std::string(username));
        if (!user) return std::nullopt;
        return user->id;
      });
  import_jobs_ = std::make_shared<leads::ImportJobs>(importer_, context_.clock);
}

void LeadsModule::AddRoutes(gateway::Router& router) {
  leads::UsernameForUserId username_for =
      [users = users_](std::string_view id) -> std::optional<std::string> {
    try {
      return users->GetCached(std::string(id))->user.username;
    } catch (const ProblemException&) {
      return std::nullopt;
    }
  };
  leads::AddLeadRoutes(
      router, {.service = service_,
               .queries = queries_,
               .importer = importer_,
               .import_jobs = import_jobs_,
               .summary = std::make_shared<leads::LeadSummary>(repository_, context_.clock),
               .username_for = std::move(username_for)});
}

void LeadsModule::Stop() {
  if (import_jobs_) import_jobs_->Stop();
  if (repository_) repository_->SettleSearchOutbox();
}

}  // namespace ccrm::app
