#include "gateway/throttle.hpp"

#include <gtest/gtest.h>

namespace ccrm::gateway {
namespace {

using namespace std::chrono_literals;

ThrottleOptions Options(double rate, double burst) {
  ThrottleOptions o;
  o.rate_per_second = rate;
  o.burst = burst;
  o.per_ip_rate = rate;
  o.per_ip_burst = burst;
  return o;
}

TEST(ThrottleTest, AllowsABurstThenRefuses) {
  Throttle t(Options(1, 3));
  const auto now = std::chrono::steady_clock::now();
  EXPECT_TRUE(t.CheckIp("10.0.0.1", now).allowed);
  EXPECT_TRUE(t.CheckIp("10.0.0.1", now).allowed);
  EXPECT_TRUE(t.CheckIp("10.0.0.1", now).allowed);
  const ThrottleDecision d = t.CheckIp("10.0.0.1", now);
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.retry_after_seconds, 1);
}

TEST(ThrottleTest, RefillsAtTheRate) {
  Throttle t(Options(2, 1));
  const auto now = std::chrono::steady_clock::now();
  EXPECT_TRUE(t.CheckPrincipal("usr_1", now).allowed);
  EXPECT_FALSE(t.CheckPrincipal("usr_1", now + 100ms).allowed);
  EXPECT_TRUE(t.CheckPrincipal("usr_1", now + 600ms).allowed);
}

TEST(ThrottleTest, RetryAfterRoundsUp) {
  Throttle t(Options(0.25, 1));  // one token every 4 s
  const auto now = std::chrono::steady_clock::now();
  EXPECT_TRUE(t.CheckIp("10.0.0.1", now).allowed);
  EXPECT_EQ(t.CheckIp("10.0.0.1", now).retry_after_seconds, 4);
  EXPECT_EQ(t.CheckIp("10.0.0.1", now + 1500ms).retry_after_seconds, 3);
  EXPECT_EQ(t.CheckIp("10.0.0.1", now + 3900ms).retry_after_seconds, 1);
  EXPECT_TRUE(t.CheckIp("10.0.0.1", now + 4s).allowed);
}

TEST(ThrottleTest, KeysAreIndependent) {
  Throttle t(Options(1, 1));
  const auto now = std::chrono::steady_clock::now();
  EXPECT_TRUE(t.CheckIp("10.0.0.1", now).allowed);
  EXPECT_FALSE(t.CheckIp("10.0.0.1", now).allowed);
  EXPECT_TRUE(t.CheckIp("10.0.0.2", now).allowed);
  // Principals and IPs are separate tables even with equal strings.
  EXPECT_TRUE(t.CheckPrincipal("10.0.0.1", now).allowed);
}

TEST(ThrottleTest, DisabledAllowsEverything) {
  ThrottleOptions o = Options(1, 1);
  o.enabled = false;
  Throttle t(o);
  const auto now = std::chrono::steady_clock::now();
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(t.CheckIp("10.0.0.1", now).allowed);
  ThrottleOptions zero = Options(0, 1);
  Throttle z(zero);
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(z.CheckPrincipal("usr_1", now).allowed);
}

TEST(ThrottleTest, BucketCountStaysBoundedUnderAFlood) {
  ThrottleOptions o = Options(1, 5);
  o.max_buckets = 160;
  Throttle t(o);
  const auto now = std::chrono::steady_clock::now();
  for (int i = 0; i < 20000; ++i) {
    t.CheckIp("10." + std::to_string(i / 65536) + "." + std::to_string((i / 256) % 256) + "." +
                  std::to_string(i % 256),
              now);
  }
  EXPECT_LE(t.IpBucketCount(), 160u);
}

TEST(ThrottleTest, RefilledBucketsAreEvictedBeforeBusyOnes) {
  ThrottleOptions o = Options(1, 5);
  o.max_buckets = 160;  // 10 per shard
  Throttle t(o);
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 150; ++i) t.CheckIp("idle-" + std::to_string(i), start);
  // Ten seconds on, every idle bucket is full again: dropping it forgets nothing.
  const auto later = start + std::chrono::seconds(10);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(t.CheckIp("busy", later).allowed);
  for (int i = 0; i < 60; ++i) t.CheckIp("new-" + std::to_string(i), later);
  EXPECT_LE(t.IpBucketCount(), 160u);
  // The drained bucket survived the sweeps, so its owner is still refused.
  EXPECT_FALSE(t.CheckIp("busy", later).allowed);
}

TEST(ThrottleTest, Ipv6IsBucketedPerSlash64) {
  EXPECT_EQ(Throttle::IpKey("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
  EXPECT_EQ(Throttle::IpKey("2001:db8:1:2:ffff::1"), "2001:db8:1:2::/64");
  EXPECT_EQ(Throttle::IpKey("192.0.2.7"), "192.0.2.7");
  EXPECT_EQ(Throttle::IpKey("::ffff:192.0.2.7"), "::ffff:192.0.2.7");
  EXPECT_EQ(Throttle::IpKey("not an ip"), "not an ip");

  Throttle t(Options(1, 1));
  const auto now = std::chrono::steady_clock::now();
  EXPECT_TRUE(t.CheckIp("2001:db8::1", now).allowed);
  EXPECT_FALSE(t.CheckIp("2001:db8::2", now).allowed);
}

}  // namespace
}  // namespace ccrm::gateway
