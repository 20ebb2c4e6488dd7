// What every command that touches the data takes: --config and --data-dir, and the loader that
// turns them into a Config the way `serve` does.
#pragma once

#include <functional>
#include <string>

#include "app/config.hpp"

namespace CLI {
class App;
}  // namespace CLI

namespace ccrm::app {

struct DataDirOptions {
  std::string config_file;
  std::string data_dir;
};

// Adds -c/--config (also CCRM_CONFIG) and -d/--data-dir to `command`, bound to `options`.
void AddDataDirOptions(CLI::App* command, DataDirOptions& options);

// Builds the configuration from --config and --data-dir, the way every data command does.
using ConfigLoader =
    std::function<Config(const std::string& config_file, const std::string& data_dir)>;

}  // namespace ccrm::app
