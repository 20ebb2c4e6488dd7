#include "app/blobs_module.hpp"

#include <spdlog/spdlog.h>

#include "app/blob_keys.hpp"
#include "blobs/sigv4_authentication.hpp"
#include "crypto/master_key.hpp"

namespace ccrm::app {

BlobsModule::BlobsModule(const ModuleContext& context, std::shared_ptr<audit::AuditLog> audit,
                         std::shared_ptr<queue::JobQueue> jobs,
                         std::shared_ptr<queue::JobDispatcher> dispatcher)
    : context_(context),
      audit_(std::move(audit)),
      jobs_(std::move(jobs)),
      dispatcher_(std::move(dispatcher)) {}

void BlobsModule::Open() {
  triggers_ = std::make_shared<blobs::ObjectTriggers>(jobs_);
  if (context_.storage.blobs) {
    std::vector<blobs::LifecycleRule> rules;
    for (const std::string& rule : context_.config->lifecycle.rules) {
      rules.push_back(blobs::ParseLifecycleRule(rule));  // validated with the configuration
    }
    lifecycle_ = std::make_shared<blobs::Lifecycle>(context_.storage.blobs, audit_,
                                                    context_.clock, std::move(rules));
    schedule_ = std::make_unique<queue::DailySchedule>(jobs_, context_.clock, kLifecycleJob,
                                                       context_.config->lifecycle.run_hour_utc);
    schedule_->EnsureTable();
    dispatcher_->Register(kLifecycleJob, [this](const queue::Job&) {
      const blobs::LifecycleReport report = RunLifecycle(false);
      spdlog::info(
          "lifecycle: {} objects examined, {} moved to the cold tier, {} expired, {} kept for "
          "legal hold, {} failed",
          report.examined, report.transitioned, report.expired, report.held, report.failed);
    });
  }
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

blobs::LifecycleReport BlobsModule::RunLifecycle(bool dry_run) {
  if (!lifecycle_) return {};
  blobs::LifecycleReport report = lifecycle_->Run(dry_run);
  if (!dry_run && context_.storage.sweep_blobs) {
    if (const size_t swept = context_.storage.sweep_blobs(); swept > 0) {
      spdlog::info("blob store: removed {} files nothing names (left by a crash or a backup)",
                   swept);
    }
  }
  return report;
}

void BlobsModule::Start() {
  if (!schedule_) return;
  // Checked every 10 minutes by every process; the store lets one of them queue the day's run.
  schedule_check_ = std::make_unique<PeriodicTask>(std::chrono::minutes(10), [this] {
    try {
      schedule_->Check();
    } catch (const std::exception& e) {
      spdlog::warn("lifecycle: could not queue the daily run: {}", e.what());
    }
  });
  try {
    schedule_->Check();
  } catch (const std::exception& e) {
    spdlog::warn("lifecycle: could not queue the daily run: {}", e.what());
  }
}

void BlobsModule::Stop() { schedule_check_.reset(); }

void BlobsModule::AddAuthentication(gateway::Dispatcher& dispatcher) {
  dispatcher.AddBeforeHook(blobs::MakeSigV4Hook(verifier_, context_.clock), nullptr,
                           blobs::kSigV4Authentication);
}

}  // namespace ccrm::app
