// The application: builds storage, the gateway and the module routes from a Config, and runs
// them. The only place that names concrete backends.
#pragma once

#include <memory>

#include "app/config.hpp"
#include "common/periodic_task.hpp"
#include "gateway/metrics.hpp"
#include "gateway/router.hpp"
#include "leads/lead_csv.hpp"
#include "storage/record_store.hpp"
#include "storage/search_index.hpp"

namespace ccrm::storage::sqlite {
class SqliteDatabase;
}  // namespace ccrm::storage::sqlite
namespace ccrm::audit {
class AuditLog;
}  // namespace ccrm::audit
namespace ccrm::auth {
class ApiKeyService;
}  // namespace ccrm::auth
namespace ccrm::auth {
class Authorizer;
class Identity;
}  // namespace ccrm::auth

namespace ccrm::leads {
class ImportJobs;
class LeadRepository;
class LeadService;
class LeadQueries;
class LeadImporter;
}  // namespace ccrm::leads

namespace ccrm::app {

class Application {
 public:
  explicit Application(Config config);
  ~Application();
  Application(const Application&) = delete;
  Application& operator=(const Application&) = delete;

  // Opens storage under the data dir and brings its schema up to date. Throws on failure.
  void Open();
  // Only the record store (records()): for commands that read what is there, such as
  // `ccrm audit verify`, which must not create keys or a bootstrap admin as a side effect.
  void OpenStorage();
  // Serves HTTP until SIGTERM/SIGINT; returns the exit code. Call Open() first.
  int Serve();

  const Config& config() const { return config_; }
  // Every route the server answers; also what the OpenAPI test compares with the document.
  const gateway::Router& router() const { return *router_; }
  // Valid after Open(): what module services and CLI commands build on.
  storage::RecordStorePtr records() const { return records_; }
  std::shared_ptr<audit::AuditLog> audit() const { return audit_; }
  std::shared_ptr<auth::ApiKeyService> api_keys() const { return api_keys_; }
  // Users, sign-in, tokens and signing keys; what the authorizer and the user CLI build on:
  // identity()->sessions(), ->key_ring(), ->AccessVerifyOptions(), ->users().
  std::shared_ptr<auth::Identity> identity() const { return identity_; }
  std::shared_ptr<leads::LeadService> leads() const { return leads_; }
  std::shared_ptr<leads::LeadImporter> lead_importer() const { return lead_importer_; }
  std::shared_ptr<leads::LeadRepository> lead_repository() const { return lead_repository_; }

 private:
  void OpenLeads();
  leads::UsernameForUserId UsernameFor() const;
  void BuildRoutes();
  std::shared_ptr<auth::Authorizer> MakeAuthorizer() const;
  // The digest writer, when audit.digest_interval_seconds is not 0: publishes the public key,
  // then writes a digest every interval and one more when it is destroyed.
  std::unique_ptr<PeriodicTask> StartAuditDigests() const;

  Config config_;
  std::shared_ptr<gateway::Metrics> metrics_;
  std::shared_ptr<storage::sqlite::SqliteDatabase> database_;
  storage::RecordStorePtr records_;
  storage::SearchIndexPtr search_;
  std::shared_ptr<audit::AuditLog> audit_;
  std::shared_ptr<auth::ApiKeyService> api_keys_;
  std::shared_ptr<auth::Identity> identity_;
  std::shared_ptr<gateway::Router> router_;
  std::shared_ptr<leads::LeadRepository> lead_repository_;
  std::shared_ptr<leads::LeadService> leads_;
  std::shared_ptr<leads::LeadQueries> lead_queries_;
  std::shared_ptr<leads::LeadImporter> lead_importer_;
  std::shared_ptr<leads::ImportJobs> import_jobs_;
};

}  // namespace ccrm::app
