// The application: builds storage and the modules from a Config, and serves them. The only
// place that names concrete backends.
#pragma once

#include <memory>
#include <vector>

#include "app/audit_module.hpp"
#include "app/auth_module.hpp"
#include "app/blobs_module.hpp"
#include "app/config.hpp"
#include "app/documents_module.hpp"
#include "app/leads_module.hpp"
#include "app/module.hpp"
#include "app/queue_module.hpp"
#include "gateway/metrics.hpp"
#include "gateway/router.hpp"
#include "storage/record_store.hpp"

namespace ccrm::app {

class Application {
 public:
  explicit Application(Config config);
  // Stops the modules (reverse order), then closes storage.
  ~Application();
  Application(const Application&) = delete;
  Application& operator=(const Application&) = delete;

  // Opens storage under the data dir and every module in order, then collects their routes.
  // Throws on failure.
  void Open();
  // Only the record store (records()), from app/storage_backends.*: for commands that read what is there, such as
  // `ccrm audit verify`, which must not create keys or a bootstrap admin as a side effect.
  void OpenStorage();
  // Starts the modules' background work and serves HTTP until SIGTERM/SIGINT; returns the exit
  // code. Call Open() first.
  int Serve();

  const Config& config() const { return config_; }
  // Every route the server answers; also what the OpenAPI test compares with the document.
  const gateway::Router& router() const { return *router_; }
  // Valid after OpenStorage().
  storage::RecordStorePtr records() const { return context_.storage.records; }
  // Valid after Open(): the modules, for the CLI.
  std::shared_ptr<audit::AuditLog> audit() const { return audit_->log(); }
  QueueModule& queue() const { return *queue_; }
  AuthModule& auth() const { return *auth_; }
  LeadsModule& leads() const { return *leads_; }
  BlobsModule& blobs() const { return *blobs_; }

 private:
  // Builds module M from the context and `args`, lists it and opens it.
  template <typename M, typename... Args>
  M* Add(Args&&... args);
  void StopModules() noexcept;

  Config config_;
  ModuleContext context_;
  // In the order they open; each typed pointer below is one of them.
  std::vector<ModulePtr> modules_;
  AuditModule* audit_ = nullptr;
  QueueModule* queue_ = nullptr;
  AuthModule* auth_ = nullptr;
  LeadsModule* leads_ = nullptr;
  BlobsModule* blobs_ = nullptr;
  std::shared_ptr<gateway::Router> router_;
};

}  // namespace ccrm::app
