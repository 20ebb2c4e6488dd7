#include "app/cli.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

namespace ccrm::app {

int RunCli(int argc, char** argv) {
  CLI::App cli{"ccrm - Claim Connectors CRM server"};
  cli.require_subcommand(1);
  auto* version = cli.add_subcommand("version", "Print the version and exit");
  version->callback([] { std::cout << "ccrm " << CCRM_VERSION << "\n"; });
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e) == 0 ? 0 : 2;
  }
  return 0;
}

}  // namespace ccrm::app
