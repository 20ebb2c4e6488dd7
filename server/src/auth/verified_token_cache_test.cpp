#include "auth/verified_token_cache.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace ccrm::auth {
namespace {

using std::chrono::seconds;
using Clock = std::chrono::system_clock;

VerifiedToken Entry(const std::string& id, Clock::time_point expires) {
  VerifiedToken t;
  t.principal.id = id;
  t.principal.groups = {"agent"};
  t.family = "fam-" + id;
  t.expires = expires;
  return t;
}

TEST(VerifiedTokenCacheTest, HitUntilExpiryThenMiss) {
  VerifiedTokenCache cache;
  const auto now = Clock::now();
  cache.Insert("token-a", Entry("usr_a", now + seconds(10)));
  const auto hit = cache.Find("token-a", now);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->principal.id, "usr_a");
  EXPECT_EQ(hit->family, "fam-usr_a");
  EXPECT_FALSE(cache.Find("token-b", now));
  EXPECT_FALSE(cache.Find("token-a", now + seconds(10)));  // expired entries are dropped
  EXPECT_EQ(cache.size(), 0u);
}

TEST(VerifiedTokenCacheTest, OnlyTheExactTokenHits) {
  VerifiedTokenCache cache;
  const auto now = Clock::now();
  cache.Insert("header.payload.signature", Entry("usr_a", now + seconds(10)));
  EXPECT_FALSE(cache.Find("header.payload.signaturE", now));
  EXPECT_FALSE(cache.Find("header.payload.signature ", now));
  EXPECT_FALSE(cache.Find("header.payload.", now));
  EXPECT_TRUE(cache.Find("header.payload.signature", now));
}

TEST(VerifiedTokenCacheTest, StaysWithinItsCapacity) {
  VerifiedTokenCache cache(64);
  const auto now = Clock::now();
  for (int i = 0; i < 10000; ++i) {
    cache.Insert("token-" + std::to_string(i),
                 Entry("usr_" + std::to_string(i), now + seconds(60)));
  }
  EXPECT_LE(cache.size(), 64u);
  // The newest is always there: a shard is emptied before the insert, never after.
  EXPECT_TRUE(cache.Find("token-9999", now));
}

// The authorizer runs on every io thread and worker at once: a hit is always the entry that was
// inserted for exactly that token, even while full shards are being emptied.
TEST(VerifiedTokenCacheTest, ConcurrentInsertsAndFindsNeverMixEntries) {
  VerifiedTokenCache cache(256);
  const auto now = Clock::now();
  constexpr int kThreads = 4, kEach = 3000;
  std::atomic<int> wrong{0}, hits{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const std::string mine = std::to_string(t) + "-" + std::to_string(i);
        cache.Insert("token-" + mine, Entry("usr_" + mine, now + seconds(60)));
        // Its own token and another thread's: each present or evicted, never another's entry.
        const std::string theirs = std::to_string((t + 1) % kThreads) + "-" + std::to_string(i);
        for (const std::string& who : {mine, theirs}) {
          if (const auto hit = cache.Find("token-" + who, now)) {
            ++hits;
            if (hit->principal.id != "usr_" + who || hit->family != "fam-usr_" + who) ++wrong;
          }
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_GT(hits.load(), 0);
  EXPECT_LE(cache.size(), 256u);
}

}  // namespace
}  // namespace ccrm::auth
