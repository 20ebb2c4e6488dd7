#include "app/application.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <iostream>

#include "app/ops_routes.hpp"
#include "audit/audit_log.hpp"
#include "audit/audit_routes.hpp"
#include "gateway/access_log.hpp"
#include "gateway/dispatcher.hpp"
#include "gateway/server.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#include "storage/sqlite/sqlite_record_store.hpp"
#include "storage/sqlite/sqlite_search_index.hpp"
#include "storage/timed_record_store.hpp"

namespace ccrm::app {

Application::Application(Config config)
    : config_(std::move(config)), metrics_(std::make_shared<gateway::Metrics>()) {}

Application::~Application() {
  if (database_) database_->Close();
}

void Application::Open() {
  const std::filesystem::path dir(config_.storage.data_dir);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    throw std::runtime_error("cannot create data directory " + dir.string() + ": " +
                             ec.message());
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
  search_ = storage::sqlite::MakeSqliteSearchIndex((dir / "search.db").string());
  audit_ = std::make_shared<audit::AuditLog>(records_, SystemClock());
  audit_->EnsureTables();
  BuildRoutes();
}

void Application::BuildRoutes() {
  router_ = std::make_shared<gateway::Router>();
  AddOpsRoutes(*router_, metrics_, records_);
  audit::AddAuditRoutes(*router_, audit_);
}

int Application::Serve() {
  gateway::DispatcherOptions dispatch;
  dispatch.cors.allowed_origins = config_.cors.origins;
  dispatch.throttle.enabled = config_.throttle.enabled;
  dispatch.throttle.rate_per_second = config_.throttle.rate;
  dispatch.throttle.burst = config_.throttle.burst;
  dispatch.throttle.per_ip_rate = config_.throttle.ip_rate;
  dispatch.throttle.per_ip_burst = config_.throttle.ip_burst;
  auto dispatcher = std::make_shared<gateway::Dispatcher>(router_, dispatch, metrics_,
                                                          gateway::AccessLog::ToStdout());

  gateway::ServerOptions options;
  options.host = config_.host;
  options.port = config_.port;
  options.io_threads = config_.server.io_threads;
  options.worker_threads = config_.server.worker_threads;
  options.max_body_bytes = static_cast<size_t>(config_.server.max_body_bytes);
  options.max_header_bytes = static_cast<size_t>(config_.server.max_header_bytes);
  options.header_timeout = std::chrono::seconds(config_.server.header_timeout_seconds);
  options.body_timeout = std::chrono::seconds(config_.server.body_timeout_seconds);
  options.idle_timeout = std::chrono::seconds(config_.server.idle_timeout_seconds);
  options.shutdown_grace = std::chrono::seconds(config_.server.shutdown_grace_seconds);
  options.max_connections = static_cast<size_t>(config_.server.max_connections);
  options.max_pipelined = static_cast<size_t>(config_.server.max_pipelined);
  options.tls_cert_file = config_.tls.cert;
  options.tls_key_file = config_.tls.key;
  options.handle_signals = true;

  gateway::Server server(options, dispatcher);
  server.Start();
  const bool ipv6 = config_.host.find(':') != std::string::npos;
  const std::string url = (config_.tls_enabled() ? "https://" : "http://") +
                          (ipv6 ? "[" + config_.host + "]" : config_.host) + ":" +
                          std::to_string(server.port());
  // The one human line on stdout: `make run` shows it, the integration harness reads the port.
  std::cout << "ccrm listening on " << url << std::endl;
  server.Run();
  return 0;
}

}  // namespace ccrm::app
