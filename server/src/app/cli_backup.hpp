// `ccrm backup DEST` and `ccrm restore SRC` (app/backup.hpp).
#pragma once

#include "app/cli_options.hpp"

namespace ccrm::app {

void AddBackupCommands(CLI::App& cli, int& exit_code, ConfigLoader load);

}  // namespace ccrm::app
