#include "app/cli_audit.hpp"

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "app/application.hpp"
#include "audit/audit_log.hpp"
#include "audit/audit_verify.hpp"
#include "common/clock.hpp"

namespace ccrm::app {
namespace {

using AuditOptions = DataDirOptions;

int Verify(const AuditOptions& options, const ConfigLoader& load) {
  Application app(load(options.config_file, options.data_dir));
  app.OpenStorage();
  audit::AuditLog(app.records(), SystemClock()).EnsureTables();  // a fresh dir: an empty trail
  const audit::VerifyResult result = audit::Verify(*app.records());
  if (result.ok) {
    std::cout << "audit chain intact: " << result.records << " records\n";
    return 0;
  }
  std::cout << "audit chain broken at record " << result.broken_seq << ": " << result.reason
            << "\n";
  return 1;
}

}  // namespace

void AddAuditCommands(CLI::App& cli, int& exit_code, ConfigLoader load) {
  auto* audit = cli.add_subcommand("audit", "Inspect the audit trail");
  audit->require_subcommand(1);
  // Shared by the callbacks, which CLI11 keeps for as long as `cli` lives.
  auto options = std::make_shared<AuditOptions>();
  auto* verify = audit->add_subcommand(
      "verify", "Check the audit trail's hash chain; exit 1 naming the first broken record");
  AddDataDirOptions(verify, *options);
  verify->callback(
      [options, load = std::move(load), &exit_code] { exit_code = Verify(*options, load); });
}

}  // namespace ccrm::app
