#include "app/cli_keys.hpp"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <memory>

#include "app/application.hpp"
#include "app/data_dir_lock.hpp"
#include "app/master_key_rotation.hpp"
#include "audit/audit_log.hpp"

namespace ccrm::app {
namespace {

int RotateSigningKey(const Config& config) {
  Application app(config);
  app.Open();
  const std::string kid = app.auth().key_ring()->Rotate();
  // The ring's own transaction has committed by now; the record follows it (a crash in
  // between leaves a rotation without its record, never a record without a rotation).
  app.audit()->Append({.actor = "system",
                       .action = "keys.rotate",
                       .entity = "signing_key",
                       .entity_id = kid,
                       .request_id = "cli"});
  std::cout << "active signing key: " << kid << "\n";
  return 0;
}

int RotateMasterKey(const Config& config) {
  const std::filesystem::path dir(config.storage.data_dir);
  const DataDirLock lock = DataDirLock::Exclusive(dir, "rotate the master key");
  if (!std::filesystem::exists(dir / crypto::MasterKey::kNextFileName)) {
    // Opening everything once under the current key creates whatever tables a young data dir
    // lacks, and proves every sealed value opens before any is touched.
    Application app(config);
    app.Open();
  }
  MasterKeyRotation report;
  {
    Application app(config);
    app.OpenStorage();
    report = RotateMasterKey(config, *app.records());
  }
  Application app(config);
  app.Open();  // under the new key: the proof that the rotation took
  app.audit()->Append({.actor = "system",
                       .action = "keys.rotate_master",
                       .entity = "master_key",
                       .entity_id = "master.key",
                       .request_id = "cli",
                       .changes = {{"resealed",
                                    {{"old", nullptr},
                                     {"new",
                                      {{"signingKeys", report.signing_keys},
                                       {"totpUsers", report.totp_users},
                                       {"digestKeys", report.digest_keys},
                                       {"pinnedKeys", report.pinned_keys},
                                       {"blobDataKeys", report.blob_data_keys},
                                       {"resumed", report.resumed}}}}}}});
  std::cout << "master key rotated" << (report.resumed ? " (an interrupted rotation finished)" : "")
            << ": resealed " << report.signing_keys << " signing keys, " << report.totp_users
            << " users' TOTP secrets, " << report.digest_keys << " audit digest key, "
            << report.pinned_keys << " pinned derived keys, " << report.blob_data_keys
            << " blob data keys\n"
            << "back up the new " << (dir / crypto::MasterKey::kFileName).string()
            << " now: backups taken before today need the old one\n";
  return 0;
}

}  // namespace

void AddKeysCommands(CLI::App& cli, int& exit_code, ConfigLoader load) {
  auto options = std::make_shared<DataDirOptions>();
  auto* keys = cli.add_subcommand("keys", "Manage token signing keys and the master key");
  keys->require_subcommand(1);

  auto* rotate = keys->add_subcommand("rotate", "New signing key; the old one stays published");
  AddDataDirOptions(rotate, *options);
  rotate->callback([options, load, &exit_code] {
    exit_code = RotateSigningKey(load(options->config_file, options->data_dir));
  });

  auto* rotate_master = keys->add_subcommand(
      "rotate-master",
      "New master.key; every sealed value (signing keys, TOTP secrets, the audit digest key, "
      "blob data keys) resealed under it, no content rewritten. Every ccrm process on the data "
      "directory must be stopped; a run cut short is finished by running it again");
  AddDataDirOptions(rotate_master, *options);
  rotate_master->callback([options, load, &exit_code] {
    exit_code = RotateMasterKey(load(options->config_file, options->data_dir));
  });
}

}  // namespace ccrm::app
