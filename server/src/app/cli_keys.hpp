// `ccrm keys rotate` (a new token signing key) and `ccrm keys rotate-master` (a new master.key,
// every sealed value resealed under it).
#pragma once

#include "app/cli_options.hpp"

namespace ccrm::app {

void AddKeysCommands(CLI::App& cli, int& exit_code, ConfigLoader load);

}  // namespace ccrm::app
