// `ccrm keys rotate-master` against the real binary and its data: refused while a server holds
// the directory; afterwards master.key is new, and everything sealed under the old one still
// works under it — signing in (signing keys), signing in with TOTP (sealed secrets), downloading
// a document (blob data keys) byte for byte, and the audit chain (its pinned key). A rotation
// cut short blocks every start until it is run again, which finishes it.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <csignal>
#include <filesystem>

#include "documents_client.hpp"
#include "harness.hpp"
#include "identity_client.hpp"
#include "leads_client.hpp"

namespace ccrm::testing {
namespace {

void Stop(std::unique_ptr<ServerProcess>& server) {
  server->Signal(SIGTERM);
  ASSERT_EQ(server->WaitExit(Seconds(20)), 0) << server->Stderr();
  server.reset();
}

TEST(KeysRotationTest, RotatesTheMasterKeyWithoutRewritingContent) {
  TempDir dir;
  const std::string data = dir.path() + "/data";
  auto server = StartServerOn(data);
  uint16_t port = server->port();
  const std::string admin = AccessToken(port, "admin", kAdminPassword);
  const TestUser agent = CreateUser(port, admin, "rotation.agent", "agent");

  // A TOTP-enrolled agent, and a document of theirs.
  const Json enrolment = BodyOf(PostJson(port, "/api/v1/users/me/mfa/totp", Json::object(), agent.token));
  const std::string secret = enrolment.value("secret", "");
  ASSERT_EQ(PostJson(port, "/api/v1/users/me/mfa/totp/verify", {{"code", TotpCode(secret)}},
                     agent.token)
                .status,
            200);
  const std::string lead_id = CreateLead(port, agent.token, LeadBody("Rhea", "Rotation")).value("id", "");
  const std::string pdf = PdfBytes("policy before the rotation");
  const Created document =
      CreateDocument(port, agent.token, lead_id, "policy.pdf", "application/pdf", pdf.size(), "policy");
  ASSERT_EQ(Upload(port, document.upload, pdf, "application/pdf").status, 200);
  ASSERT_EQ(WaitForStatus(port, agent.token, document.id)["status"], "available");
  const std::string blob_file_before = [&] {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(data + "/blobs/documents")) {
      if (entry.is_regular_file()) return ReadFile(entry.path().string());
    }
    return std::string();
  }();
  ASSERT_FALSE(blob_file_before.empty());

  // Not while a server holds the directory.
  const CommandResult busy = RunCcrm({"keys", "rotate-master", "--data-dir", data});
  EXPECT_NE(busy.exit_status, 0);
  EXPECT_NE(busy.err.find("in use"), std::string::npos) << busy.err;
  Stop(server);

  const std::string old_key = ReadFile(data + "/master.key");
  const CommandResult rotated = RunCcrm({"keys", "rotate-master", "--data-dir", data});
  ASSERT_EQ(rotated.exit_status, 0) << rotated.out << rotated.err;
  EXPECT_NE(rotated.out.find("resealed 1 signing keys, 1 users' TOTP secrets"), std::string::npos)
      << rotated.out;
  EXPECT_NE(rotated.out.find("1 blob data keys"), std::string::npos) << rotated.out;
  const std::string new_key = ReadFile(data + "/master.key");
  EXPECT_EQ(new_key.size(), 32u);
  EXPECT_NE(new_key, old_key);
  struct stat info{};
  ASSERT_EQ(::stat((data + "/master.key").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0600u);
  EXPECT_FALSE(std::filesystem::exists(data + "/master.key.next"));

  // The content was not rewritten: the same bytes on disk, and they read back under the new key.
  for (const auto& entry : std::filesystem::recursive_directory_iterator(data + "/blobs/documents")) {
    if (entry.is_regular_file()) {
      EXPECT_EQ(ReadFile(entry.path().string()), blob_file_before);
    }
  }
  const CommandResult verified = RunCcrm({"audit", "verify", "--data-dir", data});
  EXPECT_EQ(verified.exit_status, 0) << verified.out << verified.err;

  server = StartServerOn(data);
  port = server->port();
  const Json challenge = Login(port, agent.username, agent.password);
  ASSERT_EQ(challenge.value("challenge", ""), "SOFTWARE_TOKEN_MFA") << challenge;
  const HttpResponse tokens = PostJson(
      port, "/api/v1/auth/mfa", {{"session", challenge["session"]}, {"code", TotpCode(secret, 1)}});
  ASSERT_EQ(tokens.status, 200) << tokens.body;
  const std::string token = BodyOf(tokens).value("accessToken", "");
  const HttpResponse link = CallApi(port, "GET", "/api/v1/documents/" + document.id + "/download", token);
  ASSERT_EQ(link.status, 200) << link.body;
  EXPECT_EQ(Fetch(port, BodyOf(link).value("url", "")).body, pdf);
  const Json trail = BodyOf(CallApi(port, "GET", "/api/v1/audit?action=keys.rotate_master",
                                    AccessToken(port, "admin", kAdminPassword)));
  ASSERT_EQ(trail["items"].size(), 1u) << trail.dump();
  EXPECT_EQ(trail["items"][0]["actor"], "system");
  Stop(server);
  EXPECT_EQ(RunCcrm({"audit", "verify", "--data-dir", data}).exit_status, 0);
}

TEST(KeysRotationTest, ARotationCutShortBlocksStartsUntilItIsFinished) {
  TempDir dir;
  const std::string data = dir.path() + "/data";
  auto server = StartServerOn(data);
  Stop(server);

  // As a crash right after the new key was written leaves it.
  const std::string next_key = "0123456789abcdef0123456789abcdef";
  WriteFile(data + "/master.key.next", next_key);
  ASSERT_EQ(::chmod((data + "/master.key.next").c_str(), 0600), 0);
  const CommandResult refused = RunCommand(
      {RequiredEnvPath("CCRM_BINARY"), "serve", "--listen", "127.0.0.1:0", "--data-dir", data}, {}, Seconds(20));
  EXPECT_NE(refused.exit_status, 0);
  EXPECT_NE(refused.err.find("rotate-master"), std::string::npos) << refused.err;

  const CommandResult finished = RunCcrm({"keys", "rotate-master", "--data-dir", data});
  ASSERT_EQ(finished.exit_status, 0) << finished.out << finished.err;
  EXPECT_NE(finished.out.find("an interrupted rotation finished"), std::string::npos) << finished.out;
  EXPECT_EQ(ReadFile(data + "/master.key"), next_key);
  server = StartServerOn(data);
  EXPECT_EQ(Login(server->port(), "admin", kAdminPassword).contains("accessToken"), true);
  // Run twice more: each is a whole rotation of its own, and the trail stays intact.
  Stop(server);
  ASSERT_EQ(RunCcrm({"keys", "rotate-master", "--data-dir", data}).exit_status, 0);
  EXPECT_NE(ReadFile(data + "/master.key"), next_key);
  EXPECT_EQ(RunCcrm({"audit", "verify", "--data-dir", data}).exit_status, 0);
}

}  // namespace
}  // namespace ccrm::testing
