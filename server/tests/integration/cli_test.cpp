// The command line of the real binary: help, version, migrate, and refusing bad configuration
// with exit status 2 and a message that names the setting.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "harness.hpp"

namespace ccrm::testing {
namespace {

std::string Binary() { return RequiredEnvPath("CCRM_BINARY"); }

std::string Output(const CommandResult& r) {
  return "exit " + std::to_string(r.exit_status) + "\nstdout:\n" + r.out + "\nstderr:\n" + r.err;
}

TEST(CliTest, HelpExitsZeroAndListsTheCommands) {
  const auto result = RunCommand({Binary(), "--help"});
  EXPECT_EQ(result.exit_status, 0) << Output(result);
  for (const char* command : {"serve", "migrate", "version"}) {
    EXPECT_NE(result.out.find(command), std::string::npos) << command << "\n" << Output(result);
  }
}

TEST(CliTest, ServeHelpExitsZeroAndListsItsFlags) {
  const auto result = RunCommand({Binary(), "serve", "--help"});
  EXPECT_EQ(result.exit_status, 0) << Output(result);
  for (const char* flag : {"--listen", "--data-dir"}) {
    EXPECT_NE(result.out.find(flag), std::string::npos) << flag << "\n" << Output(result);
  }
}

TEST(CliTest, VersionPrintsTheVersion) {
  const auto result = RunCommand({Binary(), "version"});
  EXPECT_EQ(result.exit_status, 0) << Output(result);
  EXPECT_NE(result.out.find(CCRM_VERSION), std::string::npos) << Output(result);
}

TEST(CliTest, UnknownCommandIsUsageError) {
  const auto result = RunCommand({Binary(), "frobnicate"});
  EXPECT_EQ(result.exit_status, 2) << Output(result);
}

TEST(CliTest, PlainHttpOnAPublicAddressIsRefused) {
  TempDir dir;
  const auto result = RunCommand({Binary(), "serve", "--data-dir", dir.path() + "/data"},
                                 {{"CCRM_SERVER_LISTEN", "0.0.0.0:8080"}}, Seconds(20));
  EXPECT_EQ(result.exit_status, 2) << Output(result);
  EXPECT_NE((result.err + result.out).find("server.listen"), std::string::npos) << Output(result);
}

TEST(CliTest, UnknownKeyInTheConfigFileIsNamed) {
  TempDir dir;
  const std::string file = dir.path() + "/ccrm.toml";
  WriteFile(file, "[server]\nlisten = \"127.0.0.1:0\"\nlisten_backlog_typo = 5\n");
  const auto result = RunCommand(
      {Binary(), "serve", "--config", file, "--data-dir", dir.path() + "/data"}, {}, Seconds(20));
  EXPECT_EQ(result.exit_status, 2) << Output(result);
  EXPECT_NE((result.err + result.out).find("server.listen_backlog_typo"), std::string::npos)
      << Output(result);
}

TEST(CliTest, MalformedEnvironmentValueIsNamed) {
  TempDir dir;
  const auto result =
      RunCommand({Binary(), "serve", "--listen", "127.0.0.1:0", "--data-dir", dir.path() + "/data"},
                 {{"CCRM_SERVER_MAX_BODY_BYTES", "lots"}}, Seconds(20));
  EXPECT_EQ(result.exit_status, 2) << Output(result);
  EXPECT_NE((result.err + result.out).find("CCRM_SERVER_MAX_BODY_BYTES"), std::string::npos)
      << Output(result);
}

TEST(CliTest, MigrateIsIdempotentAndTheServerStartsOnItsResult) {
  TempDir dir;
  const std::string data = dir.path() + "/data";
  for (int run = 1; run <= 2; ++run) {
    const auto result = RunCommand({Binary(), "migrate", "--data-dir", data}, {}, Seconds(60));
    EXPECT_EQ(result.exit_status, 0) << "run " << run << "\n" << Output(result);
  }
  ASSERT_TRUE(std::filesystem::is_directory(data));
  EXPECT_FALSE(std::filesystem::is_empty(data)) << "migrate created nothing in " << data;

  ServerProcess server(ServerProcess::Options{.data_dir = data});
  EXPECT_EQ(Get(server.port(), "/readyz").status, 200);
}

}  // namespace
}  // namespace ccrm::testing
