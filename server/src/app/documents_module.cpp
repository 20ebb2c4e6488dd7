#include "app/documents_module.hpp"

#include <algorithm>

#include "documents/document_model.hpp"
#include "documents/document_routes.hpp"

namespace ccrm::app {

DocumentsModule::DocumentsModule(const ModuleContext& context,
                                 std::shared_ptr<audit::AuditLog> audit,
                                 std::shared_ptr<leads::LeadService> leads, BlobsModule& blobs,
                                 std::shared_ptr<queue::JobQueue> jobs,
                                 std::shared_ptr<queue::JobDispatcher> dispatcher)
    : context_(context),
      audit_(std::move(audit)),
      leads_(std::move(leads)),
      blobs_(blobs),
      jobs_(std::move(jobs)),
      dispatcher_(std::move(dispatcher)) {}

void DocumentsModule::Open() {
  const Config& config = *context_.config;
  auto repository = std::make_shared<documents::DocumentRepository>(context_.storage.records);
  repository->EnsureTables();
  service_ = std::make_shared<documents::DocumentService>(
      repository, leads_, blobs_.store(), jobs_, audit_,
      // No document can be larger than the blob store takes.
      documents::DocumentOptions{.max_bytes = std::min(config.documents.max_bytes,
                                                       config.blobs.max_object_bytes),
                                 .upload_url_seconds = config.documents.upload_url_seconds,
                                 .download_url_seconds = config.documents.download_url_seconds},
      context_.clock);
  service_->RegisterJobs(*dispatcher_);
  std::weak_ptr<documents::DocumentService> weak = service_;
  blobs_.triggers().OnCreated(documents::kDocumentsBucket, documents::kObjectCreatedJob,
                              [weak](const std::string& key) {
                                auto service = weak.lock();
                                if (!service) return blobs::Admission{.allowed = false, .reason = "", .checks = {}};
                                return service->AdmitUpload(key);
                              });
  if (blobs::Lifecycle* lifecycle = blobs_.lifecycle()) {
    lifecycle->SetExpiryHandler(documents::kDocumentsBucket,
                                [weak](const storage::BlobInfo& object, bool dry_run) {
                                  auto service = weak.lock();
                                  // Never delete what nobody can vouch for.
                                  if (!service) return blobs::ExpiryOutcome::kHeld;
                                  return service->ExpireObject(object, dry_run);
                                });
  }
  leads_->SetDocumentTypes([weak](const std::string& lead_id) {
    auto service = weak.lock();
    return service ? service->AvailableCategories(lead_id) : std::set<std::string>();
  });
}

void DocumentsModule::AddRoutes(gateway::Router& router) {
  documents::AddDocumentRoutes(router, service_);
}

}  // namespace ccrm::app
