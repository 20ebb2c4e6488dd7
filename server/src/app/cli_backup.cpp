#include "app/cli_backup.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "app/backup.hpp"

namespace ccrm::app {
namespace {

struct BackupOptions : DataDirOptions {
  std::string path;
  bool include_master_key = false;
  std::string master_key;
};

std::string Megabytes(uint64_t bytes) { return fmt::format("{:.1f} MB", bytes / 1e6); }

}  // namespace

void AddBackupCommands(CLI::App& cli, int& exit_code, ConfigLoader load) {
  auto options = std::make_shared<BackupOptions>();

  auto* backup = cli.add_subcommand(
      "backup",
      "Copy the records, the blobs they name and the audit digests into a new directory, "
      "consistently, while servers keep serving");
  AddDataDirOptions(backup, *options);
  backup->add_option("destination", options->path, "A new (or empty) directory")->required();
  backup->add_flag("--include-master-key", options->include_master_key,
                   "Put master.key in the backup too (then the backup alone opens every secret: "
                   "keep it as safe as the key)");
  backup->callback([options, load, &exit_code] {
    const Config config = load(options->config_file, options->data_dir);
    const BackupReport report = Backup(config, options->path, options->include_master_key);
    std::cout << "backup in " << options->path << ": records " << Megabytes(report.storage.records_bytes)
              << ", " << report.storage.objects << " objects (" << Megabytes(report.storage.object_bytes)
              << "), " << report.digest_files << " audit digest files, master.key "
              << (report.master_key ? "included" : "not included (keep yours: restore needs it)")
              << "\n";
    exit_code = 0;
  });

  auto* restore = cli.add_subcommand(
      "restore",
      "Restore a backup into a new (or empty) data directory and rebuild its search index");
  AddDataDirOptions(restore, *options);
  restore->add_option("source", options->path, "A directory `ccrm backup` wrote")->required();
  restore->add_option("--master-key", options->master_key,
                      "The master.key the backup was taken with (when it holds none)");
  restore->callback([options, load, &exit_code] {
    const Config config = load(options->config_file, options->data_dir);
    std::optional<std::filesystem::path> key;
    if (!options->master_key.empty()) key = options->master_key;
    const RestoreReport report = Restore(options->path, config, key);
    std::cout << "restored into " << config.storage.data_dir << ": records "
              << Megabytes(report.storage.records_bytes) << ", " << report.storage.objects
              << " objects (" << Megabytes(report.storage.object_bytes) << "), "
              << report.digest_files << " audit digest files, " << report.leads_indexed
              << " leads indexed\n";
    exit_code = 0;
  });
}

}  // namespace ccrm::app
