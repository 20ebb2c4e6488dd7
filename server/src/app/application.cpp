#include "app/application.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <iostream>

#include "app/calls_module.hpp"
#include "app/ops_module.hpp"
#include "app/web_module.hpp"
#include "gateway/access_log.hpp"
#include "gateway/dispatcher.hpp"
#include "gateway/server.hpp"
#include "app/storage_backends.hpp"

namespace ccrm::app {
namespace {

std::optional<std::string> AdminPasswordFromEnvironment() {
  const char* value = std::getenv("CCRM_ADMIN_PASSWORD");
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

}  // namespace

Application::Application(Config config) : config_(std::move(config)) {
  context_.config = &config_;
  context_.data_dir = config_.storage.data_dir;
  context_.metrics = std::make_shared<gateway::Metrics>();
  context_.clock = SystemClock();
}

Application::~Application() {
  StopModules();
  if (context_.storage.close) context_.storage.close();
}

void Application::StopModules() noexcept {
  for (auto it = modules_.rbegin(); it != modules_.rend(); ++it) {
    try {
      (*it)->Stop();
    } catch (const std::exception& e) {
      spdlog::error("{}: stopping failed: {}", (*it)->name(), e.what());
    }
  }
}

template <typename M, typename... Args>
M* Application::Add(Args&&... args) {
  auto module = std::make_unique<M>(context_, std::forward<Args>(args)...);
  M* added = module.get();
  modules_.push_back(std::move(module));
  added->Open();
  return added;
}

void Application::Open() {
  context_.storage = OpenStorageSet(config_, context_.metrics);

  // The modules in the order they open; a later one may take an earlier one's services.
  audit_ = Add<AuditModule>();
  queue_ = Add<QueueModule>(audit_->log());
  auth_ = Add<AuthModule>(audit_->log());
  leads_ = Add<LeadsModule>(audit_->log(), auth_->users(), queue_->queue(), queue_->dispatcher());
  blobs_ = Add<BlobsModule>(audit_->log(), queue_->queue(), queue_->dispatcher());
  Add<DocumentsModule>(audit_->log(), leads_->service(), *blobs_, queue_->queue(),
                       queue_->dispatcher());
  Add<CallsModule>(audit_->log(), leads_->service(), leads_->queries(), auth_->users(), *blobs_,
                   queue_->dispatcher());
  Add<OpsModule>();
  Add<WebModule>();

  router_ = std::make_shared<gateway::Router>();
  for (const ModulePtr& module : modules_) module->AddRoutes(*router_);
}

void Application::OpenStorage() {
  context_.storage = OpenStorageSet(config_, context_.metrics, StorageParts::kRecordsOnly);
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
  auto dispatcher = std::make_shared<gateway::Dispatcher>(router_, dispatch, context_.metrics,
                                                          gateway::AccessLog::ToStdout());

  gateway::ServerOptions options;
  options.host = config_.host;
  options.port = config_.port;
  options.io_threads = config_.server.io_threads;
  options.worker_threads = config_.server.worker_threads;
  options.heavy_threads = config_.server.heavy_threads;
  options.bulk_threads = config_.server.bulk_threads;
  options.write_threads = config_.server.write_threads;
  options.transfer_threads = config_.blobs.transfer_threads;
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

  for (const ModulePtr& module : modules_) module->AddAuthentication(*dispatcher);
  dispatcher->RequireAuthentications();

  // First start: the admin user. A password from the environment must pass the policy.
  std::optional<std::string> bootstrap_password;
  try {
    bootstrap_password = auth_->Bootstrap(AdminPasswordFromEnvironment());
  } catch (const ProblemException& e) {
    std::cerr << "ccrm: CCRM_ADMIN_PASSWORD is not acceptable:";
    for (const auto& error : e.problem().errors) std::cerr << " " << error.message << ";";
    std::cerr << "\n";
    return 2;
  }

  // The modules' background work; it stops after the server (StopModules, or the destructor).
  for (const ModulePtr& module : modules_) {
    try {
      module->Start();
    } catch (const std::exception& e) {
      std::cerr << "ccrm: " << module->name() << ": " << e.what() << "\n";
      StopModules();
      return 2;
    }
  }
  // Search's connections and statements now, not under the first requests.
  if (context_.storage.search) context_.storage.search->Warm();
  gateway::Server server(options, dispatcher);
  server.Start();
  const bool ipv6 = config_.host.find(':') != std::string::npos;
  const std::string url = (config_.tls_enabled() ? "https://" : "http://") +
                          (ipv6 ? "[" + config_.host + "]" : config_.host) + ":" +
                          std::to_string(server.port());
  // Presigned URLs name the server as clients reach it: with no public_url, the address it
  // listens on, port included (listen may have said 0). Before any request is served.
  if (config_.server.public_url.empty()) config_.server.public_url = url;
  // The one human line on stdout: `make run` shows it, the integration harness reads the port.
  std::cout << "ccrm listening on " << url << std::endl;
  if (bootstrap_password) {
    std::cout << "bootstrap admin password: " << *bootstrap_password
              << " (change it at first sign-in)" << std::endl;
  }
  server.Run();
  StopModules();
  return 0;
}

}  // namespace ccrm::app
