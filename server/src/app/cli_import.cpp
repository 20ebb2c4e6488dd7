#include "app/cli_import.hpp"

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "app/application.hpp"
#include "common/problem.hpp"
#include "leads/lead_import.hpp"

namespace ccrm::app {
namespace {

struct ImportCliOptions : DataDirOptions {
  std::string file;
  bool dry_run = false;
  bool strict = false;
  std::string on_duplicate = "skip";
};

int Run(const ImportCliOptions& options, const ConfigLoader& load) {
  std::ifstream in(options.file, std::ios::binary);
  if (!in) {
    std::cerr << "ccrm: cannot read " << options.file << "\n";
    return 2;
  }
  std::ostringstream content;
  content << in.rdbuf();
  Application app(load(options.config_file, options.data_dir));
  app.Open();
  leads::ImportOptions import;
  import.dry_run = options.dry_run;
  import.strict = options.strict;
  import.on_duplicate = options.on_duplicate == "update"
                            ? leads::ImportOptions::OnDuplicate::kUpdate
                            : leads::ImportOptions::OnDuplicate::kSkip;
  // The command line acts as "system" with an admin's reach: whoever runs it holds the data
  // directory already. Rows without an assignedTo stay unassigned.
  leads::LeadCaller caller;
  caller.principal = {.id = "system", .name = "cli", .groups = {"admin"}, .is_api_key = false};
  caller.request_id = "cli";
  try {
    const leads::ImportReport report = app.leads().importer()->Import(content.str(), import, caller);
    std::cout << (report.dry_run ? "dry run: " : "") << "created " << report.created << ", updated "
              << report.updated << ", skipped " << report.skipped << ", unchanged "
              << report.unchanged << ", rows with errors " << report.errors.size() << "\n";
    for (const auto& error : report.errors) {
      std::cout << "row " << error.row << (error.field.empty() ? "" : " " + error.field) << ": "
                << error.message << "\n";
    }
    return report.errors.empty() ? 0 : 1;
  } catch (const ProblemException& e) {
    std::cerr << "ccrm: cannot import " << options.file << ": " << e.problem().detail;
    for (const auto& error : e.problem().errors) {
      std::cerr << " " << error.field << " " << error.message << ";";
    }
    std::cerr << "\n";
    return 2;
  }
}

}  // namespace

void AddImportCommand(CLI::App& cli, int& exit_code, ConfigLoader load) {
  auto options = std::make_shared<ImportCliOptions>();
  auto* command = cli.add_subcommand("import", "Import leads from a CSV file");
  command->add_option("file", options->file, "CSV file with a header row")->required();
  AddDataDirOptions(command, *options);
  command->add_flag("--dry-run", options->dry_run, "Check and count; write nothing");
  command->add_flag("--strict", options->strict, "Unknown columns are row errors");
  command
      ->add_option("--on-duplicate", options->on_duplicate,
                   "What a row matching a lead (id, email or phone) does")
      ->check(CLI::IsMember({"skip", "update"}));
  command->callback(
      [options, load = std::move(load), &exit_code] { exit_code = Run(*options, load); });
}

}  // namespace ccrm::app
