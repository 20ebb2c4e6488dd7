#include "app/cli_lifecycle.hpp"

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "app/application.hpp"

namespace ccrm::app {
namespace {

struct LifecycleOptions : DataDirOptions {
  bool dry_run = false;
};

int Run(const LifecycleOptions& options, const ConfigLoader& load) {
  Application app(load(options.config_file, options.data_dir));
  app.Open();
  if (app.blobs().lifecycle() == nullptr || !app.blobs().lifecycle()->HasRules()) {
    std::cout << "no lifecycle rules (lifecycle.rules): nothing to do\n";
  }
  const blobs::LifecycleReport report = app.blobs().RunLifecycle(options.dry_run);
  const char* verb = options.dry_run ? "would " : "";
  for (const blobs::LifecycleAction& action : report.actions) {
    std::cout << (action.action == "held" ? "held (legal hold)" : verb + action.action) << "\t"
              << action.bucket << "/" << action.key << "\t" << action.age_days << " days old\t"
              << action.rule << "\n";
  }
  std::cout << (options.dry_run ? "dry run: " : "") << report.examined << " objects examined, "
            << report.transitioned << (options.dry_run ? " would move" : " moved")
            << " to the cold tier, " << report.expired << (options.dry_run ? " would expire" : " expired")
            << ", " << report.held << " kept for legal hold, " << report.failed << " failed\n";
  return report.failed == 0 ? 0 : 1;
}

}  // namespace

void AddLifecycleCommand(CLI::App& cli, int& exit_code, ConfigLoader load) {
  auto options = std::make_shared<LifecycleOptions>();
  auto* command = cli.add_subcommand(
      "lifecycle",
      "Apply the lifecycle rules now: move old objects to the cold tier, expire older ones "
      "(never a lead's under legal hold); every action audited");
  AddDataDirOptions(command, *options);
  command->add_flag("--dry-run", options->dry_run, "List what a run would do; change nothing");
  command->callback(
      [options, load = std::move(load), &exit_code] { exit_code = Run(*options, load); });
}

}  // namespace ccrm::app
