// Durability: a server restarts on the data it left behind (after SIGTERM or kill -9), and every
// write the RecordStore acknowledged survives kill -9 of the writing process.
#include <gtest/gtest.h>
#include <signal.h>

#include <iostream>
#include <set>
#include <sstream>
#include <string>

#include "harness.hpp"
#include "tools/store_probe.hpp"

namespace ccrm::testing {
namespace {

TEST(DurabilityTest, ServerRestartsOnItsDataDirAfterSigterm) {
  TempDir dir;
  const std::string data = dir.path() + "/data";
  {
    ServerProcess first(ServerProcess::Options{.data_dir = data});
    ASSERT_EQ(Get(first.port(), "/readyz").status, 200);
    first.Signal(SIGTERM);
    const auto status = first.WaitExit(Seconds(15));
    ASSERT_TRUE(status.has_value());
    EXPECT_EQ(*status, 0) << first.Stderr();
  }
  ServerProcess second(ServerProcess::Options{.data_dir = data});
  const auto response = Get(second.port(), "/readyz");
  EXPECT_EQ(response.status, 200) << response.Describe() << "\nstderr:\n" << second.Stderr();
}

TEST(DurabilityTest, ServerRestartsOnItsDataDirAfterKill9) {
  TempDir dir;
  const std::string data = dir.path() + "/data";
  for (int run = 0; run < 2; ++run) {
    ServerProcess server(ServerProcess::Options{.data_dir = data});
    const auto response = Get(server.port(), "/readyz");
    ASSERT_EQ(response.status, 200) << "run " << run << "\n"
                                    << response.Describe() << "\nstderr:\n"
                                    << server.Stderr();
    server.Kill9();
  }
}

// The ids a store_writer printed: complete lines only (a line cut by the kill has no newline).
std::vector<std::string> PrintedIds(const std::string& out) {
  std::vector<std::string> ids;
  size_t start = 0;
  while (true) {
    const size_t eol = out.find('\n', start);
    if (eol == std::string::npos) break;
    if (eol > start) ids.push_back(out.substr(start, eol - start));
    start = eol + 1;
  }
  return ids;
}

TEST(DurabilityTest, AcknowledgedWritesSurviveKill9) {
  const std::string writer = RequiredEnvPath("CCRM_STORE_WRITER");
  TempDir dir;
  const std::string data = dir.path() + "/data";
  std::vector<std::string> all_acknowledged;
  for (int run = 0; run < 3; ++run) {
    SCOPED_TRACE("run " + std::to_string(run));
    const std::string out_path = dir.path() + "/writer-" + std::to_string(run) + ".out";
    const std::string err_path = dir.path() + "/writer-" + std::to_string(run) + ".err";
    {
      ChildProcess child({writer, data, "run" + std::to_string(run)}, {}, out_path, err_path);
      // Start-up (open, migrate) is not what is measured: count from the first acknowledgement.
      const bool started = WaitFor(
          [&] { return child.Stdout().find('\n') != std::string::npos || !child.Running(); },
          Seconds(30));
      ASSERT_TRUE(started) << "store_writer acknowledged nothing within 30 s; stderr:\n"
                           << child.Stderr();
      ASSERT_TRUE(child.Running()) << "store_writer exited early; stderr:\n" << child.Stderr();
      SleepFor(Seconds(1.5));
      ASSERT_TRUE(child.Running()) << "store_writer failed; stderr:\n" << child.Stderr();
      child.Kill9();
    }
    const auto ids = PrintedIds(ReadFile(out_path));
    ASSERT_FALSE(ids.empty());
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size())
        << "an id was acknowledged twice";
    all_acknowledged.insert(all_acknowledged.end(), ids.begin(), ids.end());

    // Reopen as the server would after a crash, and look for every acknowledged id so far:
    // recovery of a later run must not lose an earlier one's either.
    auto probe = OpenProbeStore(data);
    size_t missing = 0;
    std::string first_missing;
    for (const auto& id : all_acknowledged) {
      if (!probe.store->Get(kProbeTable, {id, ""}).has_value()) {
        if (missing++ == 0) first_missing = id;
      }
    }
    probe.db->Close();
    std::cout << "[ kill -9 ] run " << run << ": " << ids.size()
              << " writes acknowledged in ~1.5 s, " << all_acknowledged.size() << " in all, "
              << missing << " missing after recovery\n";
    EXPECT_EQ(missing, 0u) << "of " << all_acknowledged.size()
                           << " acknowledged ids, first missing: " << first_missing;
  }
  // The server itself opens what the writer left behind after three crashes.
  ServerProcess server(ServerProcess::Options{.data_dir = data});
  EXPECT_EQ(Get(server.port(), "/readyz").status, 200) << server.Stderr();
}

}  // namespace
}  // namespace ccrm::testing
