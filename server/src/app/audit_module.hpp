// The audit module: the keyed, append-only trail every other module writes to, its routes
// (GET /api/v1/audit) and the signed digests written while the server runs.
#pragma once

#include <memory>

#include "app/module.hpp"
#include "audit/audit_log.hpp"
#include "common/periodic_task.hpp"

namespace ccrm::app {

class AuditModule final : public Module {
 public:
  explicit AuditModule(const ModuleContext& context) : context_(context) {}
  std::string_view name() const override { return "audit"; }
  // The trail's tables, and its chain keyed under master.key (anchoring an unkeyed trail).
  void Open() override;
  void AddRoutes(gateway::Router& router) override;
  // The digest writer, when audit.digest_interval_seconds is not 0: publishes the public key,
  // then writes a digest every interval and one more at Stop.
  void Start() override;
  void Stop() override { digests_.reset(); }

  // Valid after Open(): what the other modules append to.
  std::shared_ptr<audit::AuditLog> log() const { return log_; }

 private:
  ModuleContext context_;
  std::shared_ptr<audit::AuditLog> log_;
  std::unique_ptr<PeriodicTask> digests_;
};

}  // namespace ccrm::app
