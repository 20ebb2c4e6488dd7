#include "gateway/request_id.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

#include "common/ids.hpp"

namespace ccrm::gateway {
namespace {

TEST(RequestIdTest, HasTheShapeOfAnId) {
  const std::string id = NewRequestId();
  EXPECT_EQ(id.size(), 4u + 26u);
  EXPECT_TRUE(IsValidId(id, "req")) << id;
}

TEST(RequestIdTest, EncodesTimeLikeNewUlid) {
  // The ULID spec's example time, as common/ids encodes it. On a fresh thread: a thread that
  // has made ids at the current time keeps that time for an earlier one (a clock step).
  const int64_t millis = 1469918176385;
  std::string id;
  std::thread([&] { id = NewRequestId(millis); }).join();
  EXPECT_EQ(id.substr(4, 10), "01aryz6s41");
  EXPECT_EQ(id.substr(4, 10), NewUlid(millis).substr(0, 10));
}

TEST(RequestIdTest, SortInCreationOrderOnOneThread) {
  std::string previous;
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) {
    std::string id = NewRequestId();
    EXPECT_GT(id, previous);
    previous = id;
    seen.insert(std::move(id));
  }
  EXPECT_EQ(seen.size(), 10000u);
}

TEST(RequestIdTest, UniqueAcrossThreads) {
  constexpr int kThreads = 4;
  constexpr int kEach = 5000;
  std::vector<std::vector<std::string>> made(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&made, t] {
      for (int i = 0; i < kEach; ++i) made[static_cast<size_t>(t)].push_back(NewRequestId());
    });
  }
  for (auto& thread : threads) thread.join();
  std::set<std::string> all;
  for (const auto& ids : made) all.insert(ids.begin(), ids.end());
  EXPECT_EQ(all.size(), static_cast<size_t>(kThreads * kEach));
}

}  // namespace
}  // namespace ccrm::gateway
