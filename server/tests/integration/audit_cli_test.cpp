// `ccrm audit verify` on the real binary: an intact trail exits 0 with its size; a byte changed
// or a record removed in the SQLite file exits 1 naming the first broken record. Also: the
// audit route refuses anonymous callers.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
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

TEST(AuditRouteTest, AnonymousCallersGet401) {
  ServerProcess server;
  const auto response = Get(server.port(), "/api/v1/audit");
  EXPECT_TRUE(IsProblem(response, 401)) << response.Describe() << response.body;
  EXPECT_TRUE(response.HasHeader("WWW-Authenticate")) << response.Describe();
}

}  // namespace
}  // namespace ccrm::testing
