// `ccrm audit verify` on the real binary: an intact trail exits 0 with its size; a byte changed
// or a record removed in the SQLite file exits 1 naming the first broken record. Also: the
// audit route refuses anonymous callers.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <signal.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>

#include "harness.hpp"

namespace ccrm::testing {
namespace {

std::string Binary() { return RequiredEnvPath("CCRM_BINARY"); }

// Built beside the binary; CCRM_AUDIT_WRITER overrides (ctest passes only two variables).
std::string AuditWriter() {
  if (const char* path = std::getenv("CCRM_AUDIT_WRITER"); path && *path) return path;
  const auto beside = std::filesystem::path(Binary()).parent_path() / "audit_writer";
  if (!std::filesystem::exists(beside)) {
    throw std::runtime_error("audit_writer not found beside CCRM_BINARY; set CCRM_AUDIT_WRITER");
  }
  return beside.string();
}

std::string Output(const CommandResult& r) {
  return "exit " + std::to_string(r.exit_status) + "\nstdout:\n" + r.out + "\nstderr:\n" + r.err;
}

std::string Sk(int seq) {
  const std::string digits = std::to_string(seq);
  return std::string(20 - digits.size(), '0') + digits;
}

// Changes the database file as someone with access to the disk would, server stopped.
void Sql(const std::string& data_dir, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((data_dir + "/records.db").c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  const std::string message = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK) << sql << ": " << message;
}

class AuditCliTest : public ::testing::Test {
 protected:
  CommandResult VerifyTrail() {
    return RunCommand({Binary(), "audit", "verify", "--data-dir", data_}, {}, Seconds(60));
  }
  // The length of an intact trail. Counted rather than assumed: opening a data dir may itself
  // record events (first-start work of other modules), which are none of these tests' business.
  long IntactLength() {
    const auto r = VerifyTrail();
    EXPECT_EQ(r.exit_status, 0) << Output(r);
    static const std::string kPrefix = "audit chain intact: ";
    const size_t at = r.out.find(kPrefix);
    if (at == std::string::npos) {
      ADD_FAILURE() << Output(r);
      return -1;
    }
    return std::stol(r.out.substr(at + kPrefix.size()));
  }
  void Write(int n) {
    const auto r = RunCommand({AuditWriter(), data_, std::to_string(n)}, {}, Seconds(60));
    ASSERT_EQ(r.exit_status, 0) << Output(r);
  }

  TempDir dir_;
  std::string data_ = dir_.path() + "/data";
};

TEST_F(AuditCliTest, AFreshDataDirIsIntact) {
  const auto r = VerifyTrail();
  EXPECT_EQ(r.exit_status, 0) << Output(r);
  EXPECT_NE(r.out.find("audit chain intact: "), std::string::npos) << Output(r);
}

TEST(AuditCliFreshDir, VerifyCreatesNoKeysAndNoAdmin) {
  TempDir dir;
  const auto r = RunCommand({RequiredEnvPath("CCRM_BINARY"), "audit", "verify", "--data-dir",
                             dir.path()});
  EXPECT_EQ(r.exit_status, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "audit chain intact: 0 records\n");
  EXPECT_TRUE(ReadFile(dir.path() + "/master.key").empty()) << "verify created a master key";
}

TEST_F(AuditCliTest, AnIntactTrailReportsItsLength) {
  const long base = IntactLength();
  Write(5);
  Write(3);  // a second process continues the same chain
  EXPECT_EQ(IntactLength(), base + 8);
}

TEST_F(AuditCliTest, AChangedByteIsFoundAndNamed) {
  const long base = IntactLength();
  Write(6);
  // One character of the third written record's action: probe.write → probe.wrote.
  const long seq = base + 3;
  Sql(data_, "UPDATE rt_audit SET data = replace(data, 'probe.write', 'probe.wrote') WHERE sk = '" +
                 Sk(static_cast<int>(seq)) + "'");
  const auto r = VerifyTrail();
  EXPECT_EQ(r.exit_status, 1) << Output(r);
  EXPECT_NE(r.out.find("audit chain broken at record " + std::to_string(seq) + ": MAC mismatch"),
            std::string::npos)
      << Output(r);
}

TEST_F(AuditCliTest, ARemovedRecordIsFoundAndNamed) {
  const long base = IntactLength();
  Write(6);
  const long seq = base + 4;
  Sql(data_, "DELETE FROM rt_audit WHERE sk = '" + Sk(static_cast<int>(seq)) + "'");
  const auto r = VerifyTrail();
  EXPECT_EQ(r.exit_status, 1) << Output(r);
  EXPECT_NE(r.out.find("audit chain broken at record " + std::to_string(seq) + ": gap after " +
                       std::to_string(seq - 1)),
            std::string::npos)
      << Output(r);
}

TEST_F(AuditCliTest, VerifyHelpNamesItsFlags) {
  const auto r = RunCommand({Binary(), "audit", "verify", "--help"});
  EXPECT_EQ(r.exit_status, 0) << Output(r);
  EXPECT_NE(r.out.find("--data-dir"), std::string::npos) << Output(r);
  EXPECT_NE(r.out.find("--config"), std::string::npos) << Output(r);
}

// The digests end to end: a server writing them every second (and once more at SIGTERM), then
// `ccrm audit verify --digests`, then openssl alone as docs/operations.md tells an auditor to.
TEST(AuditDigestsEndToEnd, VerifiedByTheCliAndByOpensslAlone) {
  TempDir dir;
  const std::string data = dir.path() + "/data";
  const std::string digests = dir.path() + "/digests";
  {
    ServerProcess server(ServerProcess::Options{
        .env = {{"CCRM_AUDIT_DIGEST_INTERVAL_SECONDS", "1"}, {"CCRM_AUDIT_DIGEST_DIR", digests}},
        .data_dir = data});
    // First start already recorded the bootstrap admin; a failed sign-in adds a record.
    Request(server.port(), "POST", "/api/v1/auth/login", {{"Content-Type", "application/json"}},
            R"({"username":"admin","password":"not-the-password-at-all"})");
    const auto has_digest = [&] {
      if (!std::filesystem::exists(digests)) return false;
      for (const auto& entry : std::filesystem::directory_iterator(digests)) {
        if (entry.path().extension() == ".json") return true;
      }
      return false;
    };
    ASSERT_TRUE(WaitFor(has_digest, Seconds(15))) << server.Stderr();
    server.Signal(SIGTERM);
    ASSERT_EQ(server.WaitExit(Seconds(20)), std::optional<int>(0)) << server.Stderr();
  }
  const auto verify = [&] {
    return RunCommand({Binary(), "audit", "verify", "--data-dir", data, "--digests", digests}, {},
                      Seconds(60));
  };
  const auto r = verify();
  ASSERT_EQ(r.exit_status, 0) << Output(r);
  EXPECT_NE(r.out.find("audit digests match: "), std::string::npos) << Output(r);

  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(digests)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path().string());
  }
  ASSERT_FALSE(files.empty());
  for (const auto& file : files) {
    const auto o = RunCommand({"/usr/bin/openssl", "dgst", "-sha256", "-verify",
                               digests + "/public-key.pem", "-signature", file + ".sig", file});
    EXPECT_EQ(o.exit_status, 0) << file << "\n" << Output(o);
    EXPECT_NE(o.out.find("Verified OK"), std::string::npos) << Output(o);
  }

  // One character of a digest changed: neither the CLI nor openssl accept it.
  std::string bytes = ReadFile(files.front());
  bytes[bytes.find("\"endSeq\": ") + 11] ^= 1;
  { std::ofstream(files.front(), std::ios::binary | std::ios::trunc) << bytes; }
  const auto tampered = verify();
  EXPECT_EQ(tampered.exit_status, 1) << Output(tampered);
  EXPECT_NE(tampered.out.find("signature does not verify"), std::string::npos) << Output(tampered);
  const auto o = RunCommand({"/usr/bin/openssl", "dgst", "-sha256", "-verify", digests + "/public-key.pem",
                             "-signature", files.front() + ".sig", files.front()});
  EXPECT_NE(o.exit_status, 0) << Output(o);
}

TEST(AuditRouteTest, AnonymousCallersGet401) {
  ServerProcess server;
  const auto response = Get(server.port(), "/api/v1/audit");
  EXPECT_TRUE(IsProblem(response, 401)) << response.Describe() << response.body;
  EXPECT_TRUE(response.HasHeader("WWW-Authenticate")) << response.Describe();
}

}  // namespace
}  // namespace ccrm::testing
