// PeriodicTask: runs every interval on its own thread, stops at once when destroyed (without
// waiting out the interval), and runs one last time then if asked.
#include "common/periodic_task.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace ccrm {
namespace {

using namespace std::chrono_literals;

TEST(PeriodicTaskTest, RunsEveryIntervalUntilDestroyed) {
  std::atomic<int> runs = 0;
  {
    PeriodicTask task(10ms, [&] { ++runs; });
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (runs < 3 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(1ms);
  }
  EXPECT_GE(runs.load(), 3);
  const int after = runs.load();
  std::this_thread::sleep_for(30ms);
  EXPECT_EQ(runs.load(), after) << "nothing runs once it is gone";
}

TEST(PeriodicTaskTest, StopsAtOnceAndRunsOnceMoreWhenAsked) {
  std::atomic<int> runs = 0;
  const auto started = std::chrono::steady_clock::now();
  { PeriodicTask task(1h, [&] { ++runs; }, /*run_at_stop=*/true); }
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s) << "an hour is not waited out";
  EXPECT_EQ(runs.load(), 1);
  { PeriodicTask task(1h, [&] { ++runs; }); }
  EXPECT_EQ(runs.load(), 1);
}

}  // namespace
}  // namespace ccrm
