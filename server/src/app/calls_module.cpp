#include "app/calls_module.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "calls/call_model.hpp"
#include "calls/call_routes.hpp"
#include "calls/connect_routes.hpp"

namespace ccrm::app {

CallsModule::CallsModule(const ModuleContext& context, std::shared_ptr<audit::AuditLog> audit,
                         std::shared_ptr<leads::LeadService> leads,
                         std::shared_ptr<leads::LeadQueries> lead_queries,
                         std::shared_ptr<auth::UserService> users, BlobsModule& blobs,
                         std::shared_ptr<queue::JobDispatcher> dispatcher)
    : context_(context),
      audit_(std::move(audit)),
      leads_(std::move(leads)),
      lead_queries_(std::move(lead_queries)),
      users_(std::move(users)),
      blobs_(blobs),
      dispatcher_(std::move(dispatcher)) {}

void CallsModule::Open() {
  const Config& config = *context_.config;
  auto repository = std::make_shared<calls::CallRepository>(context_.storage.records);
  repository->EnsureTables();
  service_ = std::make_shared<calls::CallService>(
      repository, leads_, blobs_.store(), audit_, context_.clock,
      calls::CallOptions{
          .default_region = config.leads.default_region,
          .recording_url_seconds = config.calls.recording_url_seconds,
          .user_id_of = [users = users_](const std::string& username) {
            const auto user = users->FindByUsername(username);
            return user ? user->id : std::string();
          },
          .username_of = [users = users_](const std::string& user_id) {
            try {
              return users->Get(user_id).username;
            } catch (const ProblemException&) {
              return std::string();
            }
          },
          .leads_with_phone = [queries = lead_queries_](const std::string& e164) {
            const leads::LeadCaller system = leads::SystemCaller("calls");
            Json found = queries->LookupByPhone(e164, system).Leads();
            std::vector<Json> leads(found.begin(), found.end());
            std::stable_sort(leads.begin(), leads.end(), [](const Json& a, const Json& b) {
              return a.value("updatedAt", "") > b.value("updatedAt", "");
            });
            return leads;
          }});
  AddRecordingTrigger();
  if (blobs::Lifecycle* lifecycle = blobs_.lifecycle()) {
    lifecycle->SetExpiryHandler(calls::kRecordingsBucket,
                                [weak = std::weak_ptr(service_)](const storage::BlobInfo& object, bool dry_run) {
                                  const auto service = weak.lock();
                                  // Never delete what nobody can vouch for.
                                  if (!service) return blobs::ExpiryOutcome::kHeld;
                                  return service->ExpireObject(object, dry_run);
                                });
  }
}

void CallsModule::AddRecordingTrigger() {
  blobs_.triggers().OnCreated(calls::kRecordingsBucket, kRecordingCreatedJob);
  dispatcher_->Register(kRecordingCreatedJob, [weak = std::weak_ptr(service_)](const queue::Job& job) {
    const auto service = weak.lock();
    if (!service) return;
    const calls::CreatedObject object{.bucket = job.payload.value("bucket", ""),
                                      .key = job.payload.value("key", ""),
                                      .size = job.payload.value("size", int64_t{0})};
    std::optional<calls::ContactUpdate> update;
    try {
      update = service->UpdateOfObject(object);
    } catch (const ProblemException& e) {
      // A file that is not what its key says (a broken analysis) stays as it is: no retry
      // would read it differently. It is logged, not dead-lettered.
      if (e.problem().status != 400) throw;
      spdlog::warn("calls: {} in the recordings bucket is not usable: {}", object.key,
                   e.problem().ToJson().dump());
      return;
    }
    if (!update) return;  // neither a recording nor an analysis: nothing to attach
    const leads::LeadCaller system = leads::SystemCaller("recordings");
    service->ApplyContact(*update, system);
  });
}

void CallsModule::AddRoutes(gateway::Router& router) {
  calls::AddCallRoutes(router, service_);
  calls::AddConnectRoutes(router, service_);
}

}  // namespace ccrm::app
