#include "gateway/trusted_proxies.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace ccrm::gateway {
namespace {

Request From(std::string peer) {
  Request r;
  r.method = "GET";
  r.path = "/";
  r.remote_ip = std::move(peer);
  return r;
}

TEST(TrustedProxiesTest, AcceptsAddressesAndCidrs) {
  for (const char* ok : {"127.0.0.1", "::1", "10.0.0.0/8", "192.168.1.7/32", "fd00::/8",
                         "2001:db8::/32", "0.0.0.0/0", "::/0"}) {
    EXPECT_TRUE(TrustedProxies::IsAddressOrCidr(ok)) << ok;
  }
  for (const char* bad : {"", "localhost", "10.0.0.0/33", "::1/129", "10.0.0.0/", "10.0.0/8",
                          "10.0.0.0/-1", "10.0.0.0/8x", " 10.0.0.1", "1.2.3.4:80"}) {
    EXPECT_FALSE(TrustedProxies::IsAddressOrCidr(bad)) << bad;
  }
  EXPECT_THROW(TrustedProxies({"127.0.0.1", "proxy.local"}), std::invalid_argument);
}

TEST(TrustedProxiesTest, MatchesByPrefix) {
  const TrustedProxies proxies({"10.1.0.0/16", "192.0.2.5", "2001:db8:aa::/48", "172.16.0.0/12"});
  EXPECT_TRUE(proxies.Contains("10.1.200.3"));
  EXPECT_FALSE(proxies.Contains("10.2.0.1"));
  EXPECT_TRUE(proxies.Contains("192.0.2.5"));
  EXPECT_FALSE(proxies.Contains("192.0.2.6"));
  EXPECT_TRUE(proxies.Contains("172.31.255.255"));  // a prefix that is not a whole byte
  EXPECT_FALSE(proxies.Contains("172.32.0.0"));
  EXPECT_TRUE(proxies.Contains("2001:db8:aa:1::9"));
  EXPECT_FALSE(proxies.Contains("2001:db8:ab::9"));
  EXPECT_TRUE(proxies.Contains("::ffff:192.0.2.5"));  // IPv4-mapped is the IPv4 address
  EXPECT_FALSE(proxies.Contains("not-an-ip"));
  EXPECT_FALSE(TrustedProxies().Contains("127.0.0.1"));
}

TEST(TrustedProxiesTest, TakesTheRightMostForwardedAddressFromATrustedPeer) {
  const TrustedProxies proxies({"127.0.0.1", "::1"});
  Request r = From("127.0.0.1");
  // The left entries are whatever the client claimed; the proxy appended the last one.
  r.headers.Add("X-Forwarded-For", "203.0.113.99, 198.51.100.7");
  r.headers.Add("X-Forwarded-Proto", "https");
  proxies.Apply(r);
  EXPECT_EQ(r.remote_ip, "198.51.100.7");
  EXPECT_TRUE(r.secure);

  Request v6 = From("::1");
  v6.headers.Add("x-forwarded-for", "1.2.3.4");
  v6.headers.Add("X-Forwarded-For", " 2001:DB8::0001 ");  // a second line: its end is last
  proxies.Apply(v6);
  EXPECT_EQ(v6.remote_ip, "2001:db8::1");
  EXPECT_FALSE(v6.secure);
}

TEST(TrustedProxiesTest, IgnoresTheHeadersFromOtherPeers) {
  const TrustedProxies proxies({"10.0.0.0/8"});
  Request r = From("198.51.100.20");
  r.headers.Add("X-Forwarded-For", "203.0.113.1");
  r.headers.Add("X-Forwarded-Proto", "https");
  proxies.Apply(r);
  EXPECT_EQ(r.remote_ip, "198.51.100.20");
  EXPECT_FALSE(r.secure);
}

TEST(TrustedProxiesTest, KeepsThePeerWhenTheForwardedAddressIsMalformed) {
  const TrustedProxies proxies({"127.0.0.1"});
  for (const char* bad : {"unknown", "", "203.0.113.1, ", "203.0.113.1:443", "<script>"}) {
    Request r = From("127.0.0.1");
    r.headers.Add("X-Forwarded-For", bad);
    r.headers.Add("X-Forwarded-Proto", "http");
    proxies.Apply(r);
    EXPECT_EQ(r.remote_ip, "127.0.0.1") << bad;
    EXPECT_FALSE(r.secure);
  }
}

}  // namespace
}  // namespace ccrm::gateway
