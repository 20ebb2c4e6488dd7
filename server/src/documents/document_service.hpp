// Documents of leads: creating one hands out a presigned upload URL; the upload's trigger (or
// POST /documents/{id}/complete) checks what arrived and makes the document available or
// rejects it; downloads are presigned URLs, each audited. Who may see a document is who may
// see its lead (404 otherwise), and every change shows in the lead's timeline.
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>

#include "audit/audit_log.hpp"
#include "blobs/lifecycle.hpp"
#include "blobs/object_triggers.hpp"
#include "documents/document_repository.hpp"
#include "leads/lead_service.hpp"
#include "queue/job_dispatcher.hpp"
#include "queue/job_queue.hpp"
#include "storage/blob_store.hpp"

namespace ccrm::documents {

inline constexpr const char* kObjectCreatedJob = "documents.object_created";
inline constexpr const char* kDeleteObjectJob = "documents.delete_object";

struct DocumentOptions {
  int64_t max_bytes = 100 * 1024 * 1024;
  int upload_url_seconds = 15 * 60;   // 1 .. 7 days
  int download_url_seconds = 5 * 60;  // 1 .. 7 days
};

class DocumentService {
 public:
  DocumentService(std::shared_ptr<DocumentRepository> repository,
                  std::shared_ptr<leads::LeadService> leads, storage::BlobStorePtr blobs,
                  std::shared_ptr<queue::JobQueue> jobs, std::shared_ptr<audit::AuditLog> audit,
                  DocumentOptions options, ClockPtr clock);

  // POST /leads/{id}/documents: {document, upload: {method, url, headers, expiresAt}}.
  Json Create(const std::string& lead_id, const Json& body, const leads::LeadCaller& caller);
  // GET /leads/{id}/documents: {items}, newest first.
  Json List(const std::string& lead_id, const leads::LeadCaller& caller) const;
  Json Get(const std::string& id, const leads::LeadCaller& caller) const;
  Json Patch(const std::string& id, const Json& body, std::optional<int64_t> if_match,
             const leads::LeadCaller& caller);
  // 409 while the lead is under legal hold. The object goes by a queued job.
  void Delete(const std::string& id, std::optional<int64_t> if_match,
              const leads::LeadCaller& caller);
  // {url, expiresAt}: a presigned GET of an available document, `inline_view` for a preview
  // (images the browser shows, PDF); audited.
  Json Download(const std::string& id, bool inline_view, const leads::LeadCaller& caller);
  // What the upload trigger does, on demand: 409 while nothing was uploaded.
  Json Complete(const std::string& id, const leads::LeadCaller& caller);

  // The categories of the lead's available documents: the stage gate's evidence.
  std::set<std::string> AvailableCategories(const std::string& lead_id) const;
  // Whether an upload to `key` of the documents bucket may be stored: only for a pending
  // document, committed only if it is still pending then.
  blobs::Admission AdmitUpload(const std::string& key) const;
  // The lifecycle's expiry of a documents-bucket object: the document goes with it (audited
  // as document.expire, in the lead's timeline), unless its lead is under legal hold. An
  // object no document names is the lifecycle's to delete.
  blobs::ExpiryOutcome ExpireObject(const storage::BlobInfo& object, bool dry_run);
  // The jobs: kObjectCreatedJob (an upload arrived) and kDeleteObjectJob.
  void RegisterJobs(queue::JobDispatcher& dispatcher);

 private:
  Json VisibleDocument(const std::string& id, const leads::LeadCaller& caller) const;
  // Checks the uploaded object against the document and commits available or rejected.
  // nullopt when no object is there yet; the document as it is when it is no longer pending.
  std::optional<Json> Process(const std::string& id, const leads::LeadCaller& caller);
  std::string CheckObject(const Json& document, const storage::BlobInfo& object) const;

  std::shared_ptr<DocumentRepository> repository_;
  std::shared_ptr<leads::LeadService> leads_;
  storage::BlobStorePtr blobs_;
  std::shared_ptr<queue::JobQueue> jobs_;
  std::shared_ptr<audit::AuditLog> audit_;
  DocumentOptions options_;
  ClockPtr clock_;
};

}  // namespace ccrm::documents
