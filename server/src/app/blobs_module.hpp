// The blobs module: the S3-compatible endpoint over the storage set's BlobStore (/s3/...), its
// "sigv4" kind of request authentication, and the object-created triggers other modules
// (documents, calls) register on at Open.
#pragma once

#include <memory>

#include "app/module.hpp"
#include "blobs/object_triggers.hpp"
#include "blobs/s3_routes.hpp"
#include "queue/job_queue.hpp"
#include "storage/aws/sigv4.hpp"

namespace ccrm::app {

class BlobsModule final : public Module {
 public:
  BlobsModule(const ModuleContext& context, std::shared_ptr<queue::JobQueue> jobs);
  std::string_view name() const override { return "blobs"; }
  void Open() override;
  void AddRoutes(gateway::Router& router) override;
  void AddAuthentication(gateway::Dispatcher& dispatcher) override;

  // Valid after Open().
  storage::BlobStorePtr store() const { return context_.storage.blobs; }
  blobs::ObjectTriggers& triggers() const { return *triggers_; }

 private:
  ModuleContext context_;
  std::shared_ptr<queue::JobQueue> jobs_;
  std::shared_ptr<blobs::ObjectTriggers> triggers_;
  std::shared_ptr<const storage::aws::SigV4Verifier> verifier_;
};

}  // namespace ccrm::app
