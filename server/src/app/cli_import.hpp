// `ccrm import FILE`: the lead CSV import of POST /api/v1/leads/import, from the command line.
#pragma once

#include "app/cli_options.hpp"

namespace ccrm::app {

// Adds `import FILE [--dry-run] [--on-duplicate skip|update] [--strict]` with --config and
// --data-dir. Prints the report (counts, then one line per row error). Exit code 0 when every
// row was imported, 1 when some rows had errors, 2 when the file cannot be imported at all.
void AddImportCommand(CLI::App& cli, int& exit_code, ConfigLoader load);

}  // namespace ccrm::app
