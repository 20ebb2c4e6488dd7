// The one shape of a module as the application assembles it: its tables, routes, background
// work, start and stop. A module is one file here (<name>_module.*) over a folder of its own.
#pragma once

#include <filesystem>
#include <memory>
#include <string_view>

#include "app/config.hpp"
#include "common/clock.hpp"
#include "gateway/metrics.hpp"
#include "gateway/dispatcher.hpp"
#include "gateway/router.hpp"
#include "storage/storage_set.hpp"

namespace ccrm::app {

// What every module is built from: the configuration, storage and process-wide services. A
// module that needs another's service takes it in its constructor, from that module's header.
struct ModuleContext {
  const Config* config = nullptr;
  std::filesystem::path data_dir;
  storage::StorageSet storage;
  std::shared_ptr<gateway::Metrics> metrics;
  ClockPtr clock;
};

class Module {
 public:
  virtual ~Module() = default;

  // For logs and error messages ("audit", "leads").
  virtual std::string_view name() const = 0;
  // Creates the module's tables (and keys, files) and its services. Throws on failure. Every
  // command that uses the module opens it; modules open in the order the application lists
  // them, so a module may use the services of one listed before it.
  virtual void Open() = 0;
  virtual void AddRoutes(gateway::Router& router) = 0;
  // The kinds of request authentication the module provides (RouteOptions::authentication):
  // its before-hooks, registered on the server's dispatcher before it serves.
  virtual void AddAuthentication(gateway::Dispatcher& dispatcher) { (void)dispatcher; }
  // Background work while the server serves (timers, queues). Throws if it cannot start.
  virtual void Start() {}
  // Before storage closes, in reverse order; also after a command that never called Start:
  // ends background work and settles what Open's services left pending. Idempotent.
  virtual void Stop() {}
};

using ModulePtr = std::unique_ptr<Module>;

}  // namespace ccrm::app
