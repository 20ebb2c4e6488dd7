#include "app/config.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/scratch_dir.hpp"

namespace ccrm::app {
namespace {

// The config files share one scratch directory, removed when the test program ends.
std::string WriteFile(const std::string& text) {
  static const ccrm::testing::ScratchDir dir{"config-test"};
  static int counter = 0;
  return dir.Write("config-" + std::to_string(counter++) + ".toml", text).string();
}

std::string ErrorOf(const std::string& file, std::map<std::string, std::string> env = {}) {
  try {
    LoadConfig(file, env);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(ConfigTest, DefaultsAreSafe) {
  const Config c = LoadConfig("", {});
  EXPECT_EQ(c.host, "127.0.0.1");
  EXPECT_EQ(c.port, 8080);
  EXPECT_EQ(c.storage.data_dir, "./data");
  EXPECT_EQ(c.storage.synchronous, "full");
  EXPECT_FALSE(c.tls_enabled());
}

TEST(ConfigTest, FileThenEnvironmentOverride) {
  const auto file = WriteFile(
      "[server]\nlisten = \"127.0.0.1:9000\"\nworker_threads = 4\n"
      "[cors]\norigins = [\"https://crm.example.com\"]\n"
      "[throttle]\nrate = 5.5\n");
  const Config c =
      LoadConfig(file, {{"CCRM_SERVER_WORKER_THREADS", "12"},
                        {"CCRM_CORS_ORIGINS", "https://a.example, https://b.example"}});
  EXPECT_EQ(c.port, 9000);
  EXPECT_EQ(c.server.worker_threads, 12);
  EXPECT_DOUBLE_EQ(c.throttle.rate, 5.5);
  ASSERT_EQ(c.cors.origins.size(), 2u);
  EXPECT_EQ(c.cors.origins[1], "https://b.example");
}

TEST(ConfigTest, ErrorsNameTheSetting) {
  EXPECT_NE(ErrorOf(WriteFile("[server]\nlisten = 8080\n")).find("server.listen"),
            std::string::npos);
  EXPECT_NE(ErrorOf(WriteFile("[server]\nlisen = \"x\"\n")).find("server.lisen: unknown setting"),
            std::string::npos);
  EXPECT_NE(
      ErrorOf("", {{"CCRM_SERVER_WORKER_THREADS", "many"}}).find("CCRM_SERVER_WORKER_THREADS"),
      std::string::npos);
  EXPECT_NE(ErrorOf("", {{"CCRM_STORAGE_SYNCHRONOUS", "sometimes"}}).find("storage.synchronous"),
            std::string::npos);
  EXPECT_NE(ErrorOf(WriteFile("[server\n")).find(".toml:1:"), std::string::npos);
}

TEST(ConfigTest, AuthSettingsAreRangeChecked) {
  EXPECT_NE(
      ErrorOf("", {{"CCRM_AUTH_ACCESS_TOKEN_SECONDS", "10"}}).find("auth.access_token_seconds"),
      std::string::npos);
  EXPECT_NE(
      ErrorOf("", {{"CCRM_AUTH_ACCESS_TOKEN_SECONDS", "100000"}}).find("auth.access_token_seconds"),
      std::string::npos);
  EXPECT_NE(ErrorOf("", {{"CCRM_AUTH_REFRESH_TOKEN_DAYS", "0"}}).find("auth.refresh_token_days"),
            std::string::npos);
  EXPECT_NE(ErrorOf("", {{"CCRM_AUTH_CLIENT_ID", ""}}).find("auth.client_id"), std::string::npos);
  EXPECT_EQ(ErrorOf("", {{"CCRM_AUTH_ACCESS_TOKEN_SECONDS", "900"}}), "");
}

TEST(ConfigTest, RefusesPlainHttpOnPublicAddress) {
  EXPECT_NE(ErrorOf("", {{"CCRM_SERVER_LISTEN", "0.0.0.0:8080"}}).find("refusing plain HTTP"),
            std::string::npos);
  EXPECT_EQ(ErrorOf("", {{"CCRM_SERVER_LISTEN", "0.0.0.0:8080"},
                         {"CCRM_SERVER_BEHIND_TLS_PROXY", "true"}}),
            "");
  EXPECT_EQ(ErrorOf("", {{"CCRM_SERVER_LISTEN", "[::1]:8080"}}), "");
}

TEST(ConfigTest, TlsNeedsBothFiles) {
  EXPECT_NE(ErrorOf("", {{"CCRM_TLS_CERT", "/tmp/c.pem"}}).find("tls.key"), std::string::npos);
}

TEST(ConfigTest, UnknownEnvironmentVariableIsAWarning) {
  const Config c = LoadConfig("", {{"CCRM_SERVR_LISTEN", "x"}});
  ASSERT_EQ(c.warnings.size(), 1u);
  EXPECT_NE(c.warnings[0].find("CCRM_SERVR_LISTEN"), std::string::npos);
}

TEST(ConfigTest, MissingFileIsAnError) { EXPECT_FALSE(ErrorOf("/nonexistent/ccrm.toml").empty()); }

TEST(ConfigTest, AWildcardCorsOriginIsAcceptedWithAWarning) {
  const Config c = LoadConfig("", {{"CCRM_CORS_ORIGINS", "https://crm.example.com,*"}});
  ASSERT_EQ(c.warnings.size(), 1u);
  EXPECT_NE(c.warnings[0].find("cors.origins"), std::string::npos) << c.warnings[0];
  EXPECT_TRUE(LoadConfig("", {{"CCRM_CORS_ORIGINS", "https://crm.example.com"}}).warnings.empty());
}

}  // namespace
}  // namespace ccrm::app
