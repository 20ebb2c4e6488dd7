// `ccrm apikey create|list|revoke`: manage machine API keys from the command line.
#pragma once

#include "app/cli_options.hpp"

namespace CLI {
class App;
}  // namespace CLI

namespace ccrm::app {

// Adds `apikey create --name N --scope S [--scope S2]` (prints the secret once), `apikey list`
// and `apikey revoke ID`, each with --config and --data-dir. Sets exit_code: 0, or 1 when the
// key to revoke does not exist; invalid input is reported on stderr with exit code 2.
void AddApiKeyCommands(CLI::App& cli, int& exit_code, ConfigLoader load);

}  // namespace ccrm::app
