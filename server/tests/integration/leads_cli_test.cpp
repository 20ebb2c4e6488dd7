// `ccrm import` and `ccrm reindex` on the real binary and a real data directory: the report
// and exit codes of an import (0 all in, 1 some rows refused, 2 unreadable), re-runs changing
// nothing, and a search index deleted from disk rebuilt from the records, then served.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "harness.hpp"
#include "identity_client.hpp"
#include "leads_client.hpp"

namespace ccrm::testing {
namespace {

std::string Binary() { return RequiredEnvPath("CCRM_BINARY"); }

std::string Output(const CommandResult& r) {
  return "exit " + std::to_string(r.exit_status) + "\nstdout:\n" + r.out + "\nstderr:\n" + r.err;
}

class LeadsCliTest : public ::testing::Test {
 protected:
  CommandResult Ccrm(std::vector<std::string> args) {
    args.insert(args.begin(), Binary());
    args.push_back("--data-dir");
    args.push_back(data_);
    return RunCommand(args, {}, Seconds(60));
  }
  std::string WriteCsv(const std::string& name, const std::string& content) {
    const std::string path = temp_.path() + "/" + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  TempDir temp_;
  std::string data_ = temp_.path() + "/data";
};

constexpr char kLeads[] =
    "firstName,lastName,email,phone,city,tags\n"
    "Ann,Smith,ann@example.com,(512) 555-0134,Austin,roof;VIP\n"
    "Bob,Jones,bob@example.com,512-555-0177,Dallas,\n"
    "Cleo,Park,,(713) 555-0101,Houston,\n";

TEST_F(LeadsCliTest, ImportReportsAndExitCodes) {
  const std::string good = WriteCsv("good.csv", kLeads);
  auto r = Ccrm({"import", good});
  ASSERT_EQ(r.exit_status, 0) << Output(r);
  EXPECT_EQ(r.out, "created 3, updated 0, skipped 0, unchanged 0, rows with errors 0\n");

  r = Ccrm({"import", good});
  ASSERT_EQ(r.exit_status, 0) << Output(r);
  EXPECT_EQ(r.out, "created 0, updated 0, skipped 3, unchanged 0, rows with errors 0\n");

  r = Ccrm({"import", good, "--on-duplicate", "update", "--dry-run"});
  ASSERT_EQ(r.exit_status, 0) << Output(r);
  EXPECT_EQ(r.out, "dry run: created 0, updated 0, skipped 0, unchanged 3, rows with errors 0\n");

  const std::string bad = WriteCsv("bad.csv",
                                   "firstName,lastName,phone\n"
                                   "Dee,Lane,(512) 555-0199\n"
                                   "Eve,,not a phone\n");
  r = Ccrm({"import", bad});
  ASSERT_EQ(r.exit_status, 1) << Output(r);
  EXPECT_NE(r.out.find("created 1,"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("row 3 phone: "), std::string::npos) << r.out;

  r = Ccrm({"import", WriteCsv("none.csv", "no,lead,columns\n1,2,3\n")});
  EXPECT_EQ(r.exit_status, 2) << Output(r);
  EXPECT_NE(r.err.find("names no lead column"), std::string::npos) << r.err;
  r = Ccrm({"import", temp_.path() + "/missing.csv"});
  EXPECT_EQ(r.exit_status, 2) << Output(r);
}

TEST_F(LeadsCliTest, ReindexRebuildsADeletedSearchIndex) {
  auto r = Ccrm({"import", WriteCsv("leads.csv", kLeads)});
  ASSERT_EQ(r.exit_status, 0) << Output(r);
  std::filesystem::remove(data_ + "/search.db");
  std::filesystem::remove(data_ + "/search.db-wal");
  std::filesystem::remove(data_ + "/search.db-shm");

  r = Ccrm({"reindex"});
  ASSERT_EQ(r.exit_status, 0) << Output(r);
  EXPECT_EQ(r.out, "leads indexed 3, stale entries removed 0\n");

  ServerProcess::Options options = WithAdminPassword();
  options.data_dir = data_;
  ServerProcess server(options);
  const std::string token = AccessToken(server.port(), "admin", kAdminPassword);
  EXPECT_EQ(AllIds(server.port(), token, "/api/v1/leads?q=smi").size(), 1u);
  EXPECT_EQ(AllIds(server.port(), token, "/api/v1/leads?q=512%20555").size(), 2u);
  EXPECT_EQ(AllIds(server.port(), token, "/api/v1/leads?q=ann&tag=vip").size(), 1u);
}

}  // namespace
}  // namespace ccrm::testing
