// ccrm: the Claim Connectors CRM server and its command line.
#include "app/cli.hpp"

int main(int argc, char** argv) { return ccrm::app::RunCli(argc, argv); }
