#include "app/audit_module.hpp"

#include <spdlog/spdlog.h>

#include "app/audit_digest_key.hpp"
#include "app/derived_keys.hpp"
#include "audit/audit_digests.hpp"
#include "audit/audit_record.hpp"
#include "audit/audit_routes.hpp"
#include "crypto/master_key.hpp"

namespace ccrm::app {

void AuditModule::Open() {
  log_ = std::make_shared<audit::AuditLog>(
      context_.storage.records, context_.clock,
      DerivedKeys::Get(*context_.storage.records, crypto::MasterKey::LoadOrCreate(context_.data_dir),
                       audit::kChainKeyPurpose));
  log_->EnsureTables();
  if (const int64_t frozen = log_->EnsureKeyed(); frozen > 0) {
    spdlog::info("audit: the chain is keyed from now on; its {} earlier records are anchored",
                 frozen);
  }
}

void AuditModule::AddRoutes(gateway::Router& router) { audit::AddAuditRoutes(router, log_); }

void AuditModule::Start() {
  const Config& config = *context_.config;
  const int interval = config.audit.digest_interval_seconds;
  if (interval == 0) return;
  const std::filesystem::path dir = config.audit.digest_dir.empty()
                                        ? context_.data_dir / "audit-digests"
                                        : std::filesystem::path(config.audit.digest_dir);
  auto digests = std::make_shared<audit::AuditDigests>(
      context_.storage.records, context_.clock,
      LoadOrCreateDigestKey(*context_.storage.records, crypto::MasterKey::LoadOrCreate(context_.data_dir)),
      dir);
  spdlog::info("audit: a signed digest every {} s into {} (public key sha256 {})", interval,
               dir.string(), digests->PublishPublicKey());
  digests_ = std::make_unique<PeriodicTask>(
      std::chrono::seconds(interval),
      [digests] {
        try {
          if (const auto file = digests->WriteDigest()) {
            spdlog::info("audit: digest {} written", file->filename().string());
          }
        } catch (const std::exception& e) {
          spdlog::error("audit: digest not written: {}", e.what());
        }
      },
      /*run_at_stop=*/true);
}

}  // namespace ccrm::app
