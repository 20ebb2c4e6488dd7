// `ccrm user …`: user administration offline.
#pragma once

#include "app/cli_options.hpp"

namespace ccrm::app {

// Adds `user add|list|reset-password|disable`, each with --config/--data-dir.
void AddUserCommands(CLI::App& cli, int& exit_code, ConfigLoader load);

}  // namespace ccrm::app
