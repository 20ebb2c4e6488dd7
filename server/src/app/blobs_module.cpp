#include "app/blobs_module.hpp"

#include "app/blob_keys.hpp"
#include "blobs/sigv4_authentication.hpp"
#include "crypto/master_key.hpp"

namespace ccrm::app {

BlobsModule::BlobsModule(const ModuleContext& context, std::shared_ptr<queue::JobQueue> jobs)
    : context_(context), jobs_(std::move(jobs)) {}

void BlobsModule::Open() {
  triggers_ = std::make_shared<blobs::ObjectTriggers>(jobs_);
  const BlobKeys keys =
      MakeBlobKeys(*context_.config, *context_.storage.records,
                   crypto::MasterKey::LoadOrCreate(context_.data_dir));
  verifier_ = std::make_shared<const storage::aws::SigV4Verifier>(keys.accepted,
                                                                  context_.config->blobs.region, "s3");
}

void BlobsModule::AddRoutes(gateway::Router& router) {
  if (!context_.storage.blobs) return;
  blobs::AddS3Routes(router, std::make_shared<const blobs::S3Endpoint>(blobs::S3Endpoint{
                                 .blobs = context_.storage.blobs,
                                 .triggers = triggers_,
                                 .max_object_bytes = static_cast<uint64_t>(
                                     context_.config->blobs.max_object_bytes)}));
}

void BlobsModule::AddAuthentication(gateway::Dispatcher& dispatcher) {
  dispatcher.AddBeforeHook(blobs::MakeSigV4Hook(verifier_, context_.clock), nullptr,
                           blobs::kSigV4Authentication);
}

}  // namespace ccrm::app
