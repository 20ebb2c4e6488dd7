// `ccrm audit …` commands: verify the audit trail's hash chain from the command line.
#pragma once

#include "app/cli_options.hpp"

namespace ccrm::app {

// Adds `audit verify [--config F] [--data-dir D]`: prints "audit chain intact: N records" and
// sets exit_code 0, or "audit chain broken at record N: <why>" and exit_code 1.
void AddAuditCommands(CLI::App& cli, int& exit_code, ConfigLoader load);

}  // namespace ccrm::app
