#include "app/cli_reindex.hpp"

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "app/application.hpp"

namespace ccrm::app {
namespace {

int Run(const DataDirOptions& options, const ConfigLoader& load) {
  Application app(load(options.config_file, options.data_dir));
  app.Open();
  try {
    const auto report = app.leads().Reindex();
    std::cout << "leads indexed " << report.indexed << ", stale entries removed "
              << report.removed << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "ccrm: reindex failed: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace

void AddReindexCommand(CLI::App& cli, int& exit_code, ConfigLoader load) {
  auto options = std::make_shared<DataDirOptions>();
  auto* command =
      cli.add_subcommand("reindex", "Rebuild the lead search index from the stored leads");
  AddDataDirOptions(command, *options);
  command->callback(
      [options, load = std::move(load), &exit_code] { exit_code = Run(*options, load); });
}

}  // namespace ccrm::app
