// S3's event notifications on one machine: the modules that care about a bucket (documents,
// recordings) name the job kind to run when an object is created there, and the blob
// endpoint enqueues that job in the same transaction that makes the object visible.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "queue/job_queue.hpp"
#include "storage/blob_store.hpp"

namespace ccrm::blobs {

// Whether an upload to a key may be stored, decided on the request's head, before its body
// is read: refused (403 AccessDenied with `reason`), or allowed with record-store checks that
// commit with the object (the record it belongs to must still be as it was).
struct Admission {
  bool allowed = true;
  std::string reason;
  std::vector<storage::WriteAction> checks;
};
using AdmissionCheck = std::function<Admission(const std::string& key)>;

// The payload of an object-created job: {bucket, key, size, etag, sha256, contentType}.
Json ObjectCreatedPayload(const storage::BlobInfo& info);

class ObjectTriggers {
 public:
  explicit ObjectTriggers(std::shared_ptr<queue::JobQueue> jobs);

  // Before serving: objects created in `bucket` enqueue a job of `job_kind`; with `admit`,
  // only uploads it allows are stored at all.
  void OnCreated(const std::string& bucket, std::string job_kind, AdmissionCheck admit = nullptr);
  // What `admit` says for an upload to bucket/key (allowed when nobody checks the bucket).
  Admission Admit(const std::string& bucket, const std::string& key) const;
  // The enqueue actions for a new object (none when no module watches its bucket).
  std::vector<storage::WriteAction> Created(const storage::BlobInfo& info) const;
  // After the object's commit: its jobs may run now.
  void Committed() const { jobs_->NotifyCommitted(); }

 private:
  std::shared_ptr<queue::JobQueue> jobs_;
  std::map<std::string, std::vector<std::string>, std::less<>> kinds_;
  std::map<std::string, std::vector<AdmissionCheck>, std::less<>> admissions_;
};

}  // namespace ccrm::blobs
