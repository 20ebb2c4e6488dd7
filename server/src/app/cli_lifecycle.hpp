// `ccrm lifecycle [--dry-run]`: one lifecycle run now (what the server's daily job does).
#pragma once

#include "app/cli_options.hpp"

namespace ccrm::app {

void AddLifecycleCommand(CLI::App& cli, int& exit_code, ConfigLoader load);

}  // namespace ccrm::app
