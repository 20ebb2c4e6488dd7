#include "app/cli_options.hpp"

#include <CLI/CLI.hpp>

namespace ccrm::app {

void AddDataDirOptions(CLI::App* command, DataDirOptions& options) {
  command->add_option("-c,--config", options.config_file, "TOML configuration file")
      ->envname("CCRM_CONFIG");
  command->add_option("-d,--data-dir", options.data_dir,
                      "Data directory (overrides storage.data_dir)");
}

}  // namespace ccrm::app
