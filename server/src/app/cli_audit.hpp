// `ccrm audit …` commands: verify the audit trail's hash chain from the command line.
#pragma once

#include <functional>
#include <string>

#include "app/config.hpp"

namespace CLI {
class App;
}  // namespace CLI

namespace ccrm::app {

// Builds the configuration from --config and --data-dir, the way every data command does.
using ConfigLoader =
    std::function<Config(const std::string& config_file, const std::string& data_dir)>;

// Adds `audit verify [--config F] [--data-dir D]`: prints "audit chain intact: N records" and
// sets exit_code 0, or "audit chain broken at record N: <why>" and exit_code 1.
void AddAuditCommands(CLI::App& cli, int& exit_code, ConfigLoader load);

}  // namespace ccrm::app
