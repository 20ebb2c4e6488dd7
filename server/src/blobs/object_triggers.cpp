#include "blobs/object_triggers.hpp"

namespace ccrm::blobs {

Json ObjectCreatedPayload(const storage::BlobInfo& info) {
  return {{"bucket", info.bucket}, {"key", info.key},       {"size", info.size},
          {"etag", info.etag},     {"sha256", info.sha256}, {"contentType", info.content_type}};
}

ObjectTriggers::ObjectTriggers(std::shared_ptr<queue::JobQueue> jobs) : jobs_(std::move(jobs)) {}

void ObjectTriggers::OnCreated(const std::string& bucket, std::string job_kind,
                               AdmissionCheck admit) {
  kinds_[bucket].push_back(std::move(job_kind));
  if (admit) admissions_[bucket].push_back(std::move(admit));
}

Admission ObjectTriggers::Admit(const std::string& bucket, const std::string& key) const {
  Admission all;
  const auto it = admissions_.find(bucket);
  if (it == admissions_.end()) return all;
  for (const AdmissionCheck& admit : it->second) {
    Admission one = admit(key);
    if (!one.allowed) return one;
    all.checks.insert(all.checks.end(), one.checks.begin(), one.checks.end());
  }
  return all;
}

std::vector<storage::WriteAction> ObjectTriggers::Created(const storage::BlobInfo& info) const {
  std::vector<storage::WriteAction> actions;
  const auto it = kinds_.find(info.bucket);
  if (it == kinds_.end()) return actions;
  for (const std::string& kind : it->second) {
    actions.push_back(jobs_->Enqueue(kind, ObjectCreatedPayload(info)));
  }
  return actions;
}

}  // namespace ccrm::blobs
