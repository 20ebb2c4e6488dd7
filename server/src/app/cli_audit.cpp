#include "app/cli_audit.hpp"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <memory>

#include "app/application.hpp"
#include "audit/audit_log.hpp"
#include "audit/audit_record.hpp"
#include "audit/audit_verify.hpp"
#include "auth/master_key.hpp"
#include "common/clock.hpp"
#include "crypto/random.hpp"

namespace ccrm::app {
namespace {

using AuditOptions = DataDirOptions;

int Verify(const AuditOptions& options, const ConfigLoader& load) {
  Application app(load(options.config_file, options.data_dir));
  app.OpenStorage();
  // The chain key comes from master.key, which verify must never create: without one, only an
  // empty trail can be vouched for (with a throwaway key that no record can match).
  const std::filesystem::path key_file =
      std::filesystem::path(app.config().storage.data_dir) / auth::MasterKey::kFileName;
  const bool have_key = std::filesystem::exists(key_file);
  const std::string chain_key =
      have_key ? auth::MasterKey::Load(key_file).DeriveKey(audit::kChainKeyPurpose)
               : crypto::RandomBytes(audit::kChainKeySize);
  audit::AuditLog(app.records(), SystemClock(), chain_key).EnsureTables();  // a fresh dir
  const audit::VerifyResult result = audit::Verify(*app.records(), chain_key);
  if (!have_key && !(result.ok && result.records == 0)) {
    std::cerr << "cannot verify the audit trail: " << key_file.string()
              << " is missing, and the chain is keyed with it\n";
    return 2;
  }
  if (result.ok) {
    std::cout << "audit chain intact: " << result.records << " records";
    if (result.keyed_from > 1) {
      std::cout << " (" << result.keyed_from - 1 << " from before keying, anchored at record "
                << result.keyed_from << ")";
    }
    std::cout << "\n";
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
