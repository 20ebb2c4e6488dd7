#include "common/usable_cpus.hpp"

#include <gtest/gtest.h>
#include <sched.h>

#include <thread>

namespace ccrm {
namespace {

TEST(UsableCpusTest, ReadsACgroupQuota) {
  EXPECT_EQ(CpusOfCgroupMax("max 100000\n"), std::nullopt);
  EXPECT_EQ(CpusOfCgroupMax("100000 100000\n"), 1);
  EXPECT_EQ(CpusOfCgroupMax("150000 100000"), 2);
  EXPECT_EQ(CpusOfCgroupMax("50000 100000\n"), 1);
  EXPECT_EQ(CpusOfCgroupMax("400000 100000\n"), 4);
  EXPECT_EQ(CpusOfCgroupMax(""), std::nullopt);
  EXPECT_EQ(CpusOfCgroupMax("100000"), std::nullopt);
  EXPECT_EQ(CpusOfCgroupMax("-1 100000"), std::nullopt);
  EXPECT_EQ(CpusOfCgroupMax("100000 0"), std::nullopt);
  EXPECT_EQ(CpusOfCgroupMax("1e5 100000"), std::nullopt);
}

// The affinity counts: pinned to one CPU, the process may use one.
TEST(UsableCpusTest, FollowsTheAffinity) {
  cpu_set_t before;
  ASSERT_EQ(sched_getaffinity(0, sizeof before, &before), 0);
  const int all = UsableCpus();
  EXPECT_GE(all, 1);
  EXPECT_LE(all, static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
  int first = 0;
  while (!CPU_ISSET(first, &before)) ++first;
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(first, &one);
  ASSERT_EQ(sched_setaffinity(0, sizeof one, &one), 0);
  EXPECT_EQ(UsableCpus(), 1);
  ASSERT_EQ(sched_setaffinity(0, sizeof before, &before), 0);
  EXPECT_EQ(UsableCpus(), all);
}

}  // namespace
}  // namespace ccrm
