#include "app/application.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <iostream>

#include "app/audit_digest_key.hpp"
#include "app/authorizer_setup.hpp"
#include "app/ops_routes.hpp"
#include "audit/audit_digests.hpp"
#include "audit/audit_log.hpp"
#include "audit/audit_record.hpp"
#include "audit/audit_routes.hpp"
#include "auth/api_key_routes.hpp"
#include "auth/api_key_service.hpp"
#include "auth/authorizer.hpp"
#include "auth/identity.hpp"
#include "auth/master_key.hpp"
#include "gateway/access_log.hpp"
#include "gateway/dispatcher.hpp"
#include "gateway/server.hpp"
#include "leads/import_jobs.hpp"
#include "leads/lead_import.hpp"
#include "leads/lead_queries.hpp"
#include "leads/lead_repository.hpp"
#include "leads/lead_routes.hpp"
#include "leads/lead_service.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#include "storage/sqlite/sqlite_record_store.hpp"
#include "storage/sqlite/sqlite_search_index.hpp"
#include "storage/timed_record_store.hpp"
#include "web/web_routes.hpp"

namespace ccrm::app {
namespace {

auth::IdentityOptions IdentityOptionsOf(const Config& config, const std::filesystem::path& dir) {
  auth::IdentityOptions options;
  options.data_dir = dir;
  options.issuer = !config.auth.issuer.empty()         ? config.auth.issuer
                   : !config.server.public_url.empty() ? config.server.public_url
                                                       : "http://" + config.server.listen;
  while (options.issuer.size() > 1 && options.issuer.back() == '/') options.issuer.pop_back();
  options.client_id = config.auth.client_id;
  options.access_lifetime = std::chrono::seconds(config.auth.access_token_seconds);
  options.refresh_lifetime = std::chrono::hours(24) * config.auth.refresh_token_days;
  options.sign_in_limits = {.enabled = config.throttle.enabled,
                            .ip_rate = config.throttle.signin_ip_rate,
                            .ip_burst = config.throttle.signin_ip_burst,
                            .account_rate = config.throttle.signin_account_rate,
                            .account_burst = config.throttle.signin_account_burst};
  return options;
}

std::optional<std::string> AdminPasswordFromEnvironment() {
  const char* value = std::getenv("CCRM_ADMIN_PASSWORD");
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

}  // namespace

Application::Application(Config config)
    : config_(std::move(config)), metrics_(std::make_shared<gateway::Metrics>()) {}

Application::~Application() {
  if (import_jobs_) import_jobs_->Stop();
  if (lead_repository_) lead_repository_->SettleSearchOutbox();
  if (database_) database_->Close();
}

void Application::Open() {
  OpenStorage();
  const std::filesystem::path dir(config_.storage.data_dir);
  search_ = storage::sqlite::MakeSqliteSearchIndex((dir / "search.db").string());
  audit_ = std::make_shared<audit::AuditLog>(
      records_, SystemClock(),
      auth::MasterKey::LoadOrCreate(dir).DeriveKey(audit::kChainKeyPurpose));
  audit_->EnsureTables();
  if (const int64_t frozen = audit_->EnsureKeyed(); frozen > 0) {
    spdlog::info("audit: the chain is keyed from now on; its {} earlier records are anchored",
                 frozen);
  }
  api_keys_ = std::make_shared<auth::ApiKeyService>(records_, audit_, SystemClock());
  api_keys_->EnsureTables();
  identity_ = std::make_shared<auth::Identity>(records_, audit_, IdentityOptionsOf(config_, dir),
                                               SystemClock());
  identity_->Open();
  OpenLeads();
  BuildRoutes();
}

void Application::OpenStorage() {
  const std::filesystem::path dir(config_.storage.data_dir);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    throw std::runtime_error("cannot create data directory " + dir.string() + ": " + ec.message());
  }
  storage::sqlite::SqliteOptions options;
  options.path = (dir / "records.db").string();
  options.synchronous = config_.storage.synchronous == "normal"
                            ? storage::sqlite::SqliteOptions::kNormal
                            : storage::sqlite::SqliteOptions::kFull;
  options.readers = config_.storage.readers;
  database_ = storage::sqlite::SqliteDatabase::Open(options);
  database_->Migrate();
  auto metrics = metrics_;
  records_ = storage::MakeTimedRecordStore(
      storage::sqlite::MakeSqliteRecordStore(database_),
      [metrics](std::string_view operation, std::chrono::nanoseconds duration) {
        metrics->ObserveStorage(operation, duration);
      });
}

void Application::OpenLeads() {
  lead_repository_ =
      std::make_shared<leads::LeadRepository>(records_, search_, audit_, SystemClock());
  lead_repository_->EnsureTables();
  leads::LeadServiceOptions options;
  options.validation.default_region = config_.leads.default_region;
  options.assignable = [users = identity_->users()](const std::string& user_id) {
    try {
      return users->GetCached(user_id)->user.enabled;
    } catch (const ProblemException&) {
      return false;  // unknown
    }
  };
  leads_ = std::make_shared<leads::LeadService>(lead_repository_, options, SystemClock());
  lead_queries_ = std::make_shared<leads::LeadQueries>(lead_repository_, leads_,
                                                       config_.leads.default_region, SystemClock());
  lead_importer_ = std::make_shared<leads::LeadImporter>(
      leads_,
      [users = identity_->users()](std::string_view username) -> std::optional<std::string> {
        const auto user = users->FindByUsername(std::string(username));
        if (!user) return std::nullopt;
        return user->id;
      });
  import_jobs_ = std::make_shared<leads::ImportJobs>(lead_importer_, SystemClock());
}

leads::UsernameForUserId Application::UsernameFor() const {
  return [users = identity_->users()](std::string_view id) -> std::optional<std::string> {
    try {
      return users->GetCached(std::string(id))->user.username;
    } catch (const ProblemException&) {
      return std::nullopt;
    }
  };
}

std::shared_ptr<auth::Authorizer> Application::MakeAuthorizer() const {
  auto ring = identity_->key_ring();
  OurTokenVerification ours{.our_keys = {[ring](std::string_view kid) { return ring->Find(kid); },
                                         [ring] { ring->Reload(); }},
                            .sessions = identity_->sessions(),
                            .external_users = identity_->external_users(),
                            .issuer = identity_->options().issuer,
                            .client_id = identity_->options().client_id};
  // API keys and the external issuer come from the configuration and api_keys_.
  return BuildAuthorizer(config_, std::move(ours), api_keys_, metrics_);
}

void Application::BuildRoutes() {
  router_ = std::make_shared<gateway::Router>();
  AddOpsRoutes(*router_, metrics_, records_);
  audit::AddAuditRoutes(*router_, audit_);
  auth::AddApiKeyRoutes(*router_, api_keys_);
  identity_->AddRoutes(*router_);
  leads::AddLeadRoutes(*router_, {.service = leads_,
                                  .queries = lead_queries_,
                                  .importer = lead_importer_,
                                  .import_jobs = import_jobs_,
                                  .summary = std::make_shared<leads::LeadSummary>(
                                      lead_repository_, SystemClock()),
                                  .username_for = UsernameFor()});
  web::AddWebRoutes(*router_, config_.server.web_dir.empty()
                                  ? web::WebAssets::Embedded()
                                  : web::WebAssets::LoadDirectory(config_.server.web_dir));
}

std::unique_ptr<PeriodicTask> Application::StartAuditDigests() const {
  const int interval = config_.audit.digest_interval_seconds;
  if (interval == 0) return nullptr;
  const std::filesystem::path data_dir(config_.storage.data_dir);
  const std::filesystem::path dir = config_.audit.digest_dir.empty()
                                        ? data_dir / "audit-digests"
                                        : std::filesystem::path(config_.audit.digest_dir);
  auto digests = std::make_shared<audit::AuditDigests>(
      records_, SystemClock(),
      LoadOrCreateDigestKey(*records_, auth::MasterKey::LoadOrCreate(data_dir)), dir);
  spdlog::info("audit: a signed digest every {} s into {} (public key sha256 {})", interval,
               dir.string(), digests->PublishPublicKey());
  return std::make_unique<PeriodicTask>(
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

int Application::Serve() {
  gateway::DispatcherOptions dispatch;
  dispatch.cors.allowed_origins = config_.cors.origins;
  dispatch.throttle.enabled = config_.throttle.enabled;
  dispatch.throttle.rate_per_second = config_.throttle.rate;
  dispatch.throttle.burst = config_.throttle.burst;
  dispatch.throttle.per_ip_rate = config_.throttle.ip_rate;
  dispatch.throttle.per_ip_burst = config_.throttle.ip_burst;
  if (config_.server.behind_tls_proxy) dispatch.trusted_proxies = config_.server.trusted_proxies;
  auto dispatcher = std::make_shared<gateway::Dispatcher>(router_, dispatch, metrics_,
                                                          gateway::AccessLog::ToStdout());

  gateway::ServerOptions options;
  options.host = config_.host;
  options.port = config_.port;
  options.io_threads = config_.server.io_threads;
  options.worker_threads = config_.server.worker_threads;
  options.heavy_threads = config_.server.heavy_threads;
  options.max_body_bytes = static_cast<size_t>(config_.server.max_body_bytes);
  options.max_header_bytes = static_cast<size_t>(config_.server.max_header_bytes);
  options.header_timeout = std::chrono::seconds(config_.server.header_timeout_seconds);
  options.body_timeout = std::chrono::seconds(config_.server.body_timeout_seconds);
  options.idle_timeout = std::chrono::seconds(config_.server.idle_timeout_seconds);
  options.write_timeout = std::chrono::seconds(config_.server.write_timeout_seconds);
  options.shutdown_grace = std::chrono::seconds(config_.server.shutdown_grace_seconds);
  options.max_connections = static_cast<size_t>(config_.server.max_connections);
  options.max_pipelined = static_cast<size_t>(config_.server.max_pipelined);
  options.tls_cert_file = config_.tls.cert;
  options.tls_key_file = config_.tls.key;
  options.handle_signals = true;

  auto authorizer = MakeAuthorizer();
  dispatcher->AddBeforeHook(auth::Authorizer::AsHook(authorizer),
                            auth::Authorizer::AsInlineCheck(authorizer));

  // First start: the admin user. A password from the environment must pass the policy.
  std::optional<std::string> bootstrap_password;
  try {
    bootstrap_password = identity_->Bootstrap(AdminPasswordFromEnvironment());
  } catch (const ProblemException& e) {
    std::cerr << "ccrm: CCRM_ADMIN_PASSWORD is not acceptable:";
    for (const auto& error : e.problem().errors) std::cerr << " " << error.message << ";";
    std::cerr << "\n";
    return 2;
  }

  std::unique_ptr<PeriodicTask> digests;  // declared before the server: stops after it
  try {
    digests = StartAuditDigests();
  } catch (const std::exception& e) {
    std::cerr << "ccrm: audit digests: " << e.what() << "\n";
    return 2;
  }
  gateway::Server server(options, dispatcher);
  server.Start();
  const bool ipv6 = config_.host.find(':') != std::string::npos;
  const std::string url = (config_.tls_enabled() ? "https://" : "http://") +
                          (ipv6 ? "[" + config_.host + "]" : config_.host) + ":" +
                          std::to_string(server.port());
  // The one human line on stdout: `make run` shows it, the integration harness reads the port.
  std::cout << "ccrm listening on " << url << std::endl;
  if (bootstrap_password) {
    std::cout << "bootstrap admin password: " << *bootstrap_password
              << " (change it at first sign-in)" << std::endl;
  }
  server.Run();
  return 0;
}

}  // namespace ccrm::app
