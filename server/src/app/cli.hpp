// The ccrm command line: serve, migrate, version, and the commands later modules add.
#pragma once

namespace ccrm::app {

// Parses argv and runs the chosen command; returns the process exit code
// (0 ok, 1 failure, 2 bad usage or bad configuration).
int RunCli(int argc, char** argv);

}  // namespace ccrm::app
