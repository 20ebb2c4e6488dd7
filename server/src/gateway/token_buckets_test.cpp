// TokenBuckets: a key spends its burst, earns tokens back at its rate, and, however many
// threads take from it at once, never hands out more than it holds.
#include "gateway/token_buckets.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace ccrm::gateway {
namespace {

using namespace std::chrono_literals;

TEST(TokenBucketsTest, BurstThenRateThenRetryAfter) {
  TokenBuckets buckets(2, 3);
  const auto t0 = std::chrono::steady_clock::time_point{} + 1h;
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(buckets.Take("k", t0).allowed);
  const ThrottleDecision refused = buckets.Take("k", t0);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after_seconds, 1);
  EXPECT_TRUE(buckets.Take("other", t0).allowed) << "keys are independent";
  EXPECT_TRUE(buckets.Take("k", t0 + 500ms).allowed);  // 2/s: one token back after 0.5 s
  EXPECT_FALSE(buckets.Take("k", t0 + 500ms).allowed);
}

TEST(TokenBucketsTest, ARateOfZeroTurnsThemOff) {
  TokenBuckets off(0, 1);
  EXPECT_FALSE(off.enabled());
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(off.Take("k").allowed);
  EXPECT_EQ(off.Size(), 0u);
}

TEST(TokenBucketsTest, MemoryStaysBoundedUnderAFloodOfKeys) {
  TokenBuckets buckets(1, 1, 160);
  const auto t0 = std::chrono::steady_clock::time_point{} + 1h;
  for (int i = 0; i < 10'000; ++i) buckets.Take("k" + std::to_string(i), t0);
  EXPECT_LE(buckets.Size(), 160u);
}

// Eight threads take from the same few keys at one frozen instant: exactly the burst of each
// is allowed, never one more (what ThreadSanitizer also watches in make test-tsan).
TEST(TokenBucketsTest, ConcurrentTakersNeverOverspend) {
  TokenBuckets buckets(0.001, 100);
  const auto t0 = std::chrono::steady_clock::time_point{} + 1h;
  std::atomic<int> allowed = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) {
        allowed += buckets.Take("key" + std::to_string((i + t) % 4), t0).allowed ? 1 : 0;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(allowed.load(), 4 * 100);
}

}  // namespace
}  // namespace ccrm::gateway
