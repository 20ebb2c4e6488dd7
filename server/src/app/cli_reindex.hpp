// `ccrm reindex`: rebuilds the lead search index from the records.
#pragma once

#include "app/cli_options.hpp"

namespace ccrm::app {

// Adds `reindex` with --config and --data-dir. Prints how many leads were indexed and how many
// stale entries removed; exit code 0, or 1 when storage fails.
void AddReindexCommand(CLI::App& cli, int& exit_code, ConfigLoader load);

}  // namespace ccrm::app
