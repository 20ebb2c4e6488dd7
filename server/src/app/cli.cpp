#include "app/cli.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "app/application.hpp"
#include "app/cli_apikey.hpp"
#include "app/cli_audit.hpp"
#include "app/cli_backup.hpp"
#include "app/cli_import.hpp"
#include "app/cli_keys.hpp"
#include "app/cli_lifecycle.hpp"
#include "app/cli_reindex.hpp"
#include "app/cli_user.hpp"
#include "app/config.hpp"
#include "app/data_dir_lock.hpp"

namespace ccrm::app {
namespace {

using CommonOptions = DataDirOptions;

Config Load(const CommonOptions& options, const std::string& listen,
            const std::string& web_dir = "") {
  auto env = CcrmEnvironment();
  env.erase("CCRM_CONFIG");
  // Flags beat the environment, which beats the file: feed flags in as environment values.
  if (!options.data_dir.empty()) env["CCRM_STORAGE_DATA_DIR"] = options.data_dir;
  if (!listen.empty()) env["CCRM_SERVER_LISTEN"] = listen;
  if (!web_dir.empty()) env["CCRM_SERVER_WEB_DIR"] = web_dir;
  Config config = LoadConfig(options.config_file, env);
  for (const auto& warning : config.warnings) std::cerr << "ccrm: warning: " << warning << "\n";
  spdlog::set_level(spdlog::level::from_str(config.log.level));  // validated by LoadConfig
  return config;
}

int Serve(const CommonOptions& options, const std::string& listen, const std::string& web_dir) {
  Config config = Load(options, listen, web_dir);
  // Held until exit: a master key rotation or a restore must not run under a live server.
  const DataDirLock lock = DataDirLock::Shared(config.storage.data_dir);
  Application app(std::move(config));
  app.Open();
  return app.Serve();
}

int Migrate(const CommonOptions& options) {
  Application app(Load(options, ""));
  app.Open();
  std::cout << "ccrm: storage at " << app.config().storage.data_dir << " is up to date\n";
  return 0;
}

}  // namespace

int RunCli(int argc, char** argv) {
  // Operational messages go to stderr: stdout carries the access log's JSON lines (serve) and
  // the commands' results (import, user list, …), which scripts read.
  spdlog::set_default_logger(spdlog::stderr_color_mt("ccrm"));
  CLI::App cli{"ccrm - Claim Connectors CRM: the server and its administration commands"};
  cli.require_subcommand(1);
  cli.set_help_all_flag("--help-all", "Help for every command");

  CommonOptions common;
  std::string listen;
  std::string web_dir;
  int exit_code = 0;

  auto* serve = cli.add_subcommand("serve", "Run the HTTP server (embedded storage by default)");
  AddDataDirOptions(serve, common);
  serve->add_option("-l,--listen", listen, "HOST:PORT to listen on (overrides server.listen)");
  serve->add_option("--web-dir", web_dir,
                    "Serve the built web app in this folder instead of the one compiled in "
                    "(overrides server.web_dir)");
  serve->callback([&] { exit_code = Serve(common, listen, web_dir); });

  auto* migrate = cli.add_subcommand("migrate", "Create or upgrade the storage schema, then exit");
  AddDataDirOptions(migrate, common);
  migrate->callback([&] { exit_code = Migrate(common); });

  // The administration commands load the configuration as serve does, without --listen.
  const ConfigLoader loader = [](const std::string& file, const std::string& dir) {
    return Load(CommonOptions{file, dir}, "");
  };
  AddAuditCommands(cli, exit_code, loader);
  AddApiKeyCommands(cli, exit_code, loader);
  AddUserCommands(cli, exit_code, loader);
  AddKeysCommands(cli, exit_code, loader);
  AddBackupCommands(cli, exit_code, loader);
  AddLifecycleCommand(cli, exit_code, loader);
  AddImportCommand(cli, exit_code, loader);
  AddReindexCommand(cli, exit_code, loader);

  auto* version = cli.add_subcommand("version", "Print the version and exit");
  version->callback([] { std::cout << "ccrm " << CCRM_VERSION << "\n"; });

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = cli.exit(e);
    return code == 0 ? 0 : 2;
  } catch (const ConfigError& e) {
    std::cerr << "ccrm: configuration error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "ccrm: " << e.what() << "\n";
    return 1;
  }
  return exit_code;
}

}  // namespace ccrm::app
