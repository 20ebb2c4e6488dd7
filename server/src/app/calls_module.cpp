#include "app/calls_module.hpp"

#include "calls/call_routes.hpp"

namespace ccrm::app {

CallsModule::CallsModule(const ModuleContext& context, std::shared_ptr<audit::AuditLog> audit,
                         std::shared_ptr<leads::LeadService> leads, BlobsModule& blobs)
    : context_(context), audit_(std::move(audit)), leads_(std::move(leads)), blobs_(blobs) {}

void CallsModule::Open() {
  const Config& config = *context_.config;
  auto repository = std::make_shared<calls::CallRepository>(context_.storage.records);
  repository->EnsureTables();
  service_ = std::make_shared<calls::CallService>(
      repository, leads_, blobs_.store(), audit_, context_.clock,
      calls::CallOptions{.default_region = config.leads.default_region,
                         .recording_url_seconds = config.calls.recording_url_seconds});
}

void CallsModule::AddRoutes(gateway::Router& router) { calls::AddCallRoutes(router, service_); }

}  // namespace ccrm::app
