// The web app as the real binary serves it: from a --web-dir laid out like Vite's output, and
// the bundle compiled in. Caching, precompressed variants, the history-API fallback, traversal
// attempts, and the API's own 404s.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "harness.hpp"

namespace ccrm::testing {
namespace {

constexpr std::string_view kIndex =
    "<!doctype html><html><head><meta name=\"ccrm-csp-nonce\" "
    "content=\"__CCRM_CSP_NONCE__\" /></head><body><div id=\"root\"></div></body></html>";

class WebServingTest : public ::testing::Test {
 protected:
  static ServerProcess::Options WithWebDir(const std::string& dir) {
    ServerProcess::Options options;
    options.extra_args = {"--web-dir", dir};
    return options;
  }
  static std::string LayOut(const std::string& root) {
    std::filesystem::create_directories(root + "/assets");
    WriteFile(root + "/index.html", kIndex);
    WriteFile(root + "/assets/app-5f3c.js", "export const app = 1;\n");
    WriteFile(root + "/assets/app-5f3c.js.gz", "pretend-gzip");
    WriteFile(root + "/assets/app-5f3c.js.br", "pretend-brotli");
    WriteFile(root + "/favicon.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    WriteFile(root + "/../secret.txt", "must never be served");
    return root;
  }

  TempDir files_;
  ServerProcess server_{WithWebDir(LayOut(files_.path() + "/dist"))};
};

TEST_F(WebServingTest, HashedAssetsAreCachedForAYearAndComeCompressed) {
  const auto br = Get(server_.port(), "/assets/app-5f3c.js", {{"Accept-Encoding", "gzip, br"}});
  ASSERT_EQ(br.status, 200) << br.Describe();
  EXPECT_EQ(br.body, "pretend-brotli");
  EXPECT_EQ(br.HeaderOr("Content-Encoding"), "br");
  EXPECT_EQ(br.HeaderOr("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(br.HeaderOr("Vary"), "Accept-Encoding");
  EXPECT_EQ(br.HeaderOr("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(br.HeaderOr("X-Content-Type-Options"), "nosniff");

  const auto gz = Get(server_.port(), "/assets/app-5f3c.js", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(gz.body, "pretend-gzip");
  EXPECT_EQ(gz.HeaderOr("Content-Encoding"), "gzip");
  const auto plain = Get(server_.port(), "/assets/app-5f3c.js");
  EXPECT_EQ(plain.body, "export const app = 1;\n");
  EXPECT_FALSE(plain.HasHeader("Content-Encoding"));

  const auto again = Get(server_.port(), "/assets/app-5f3c.js",
                         {{"Accept-Encoding", "gzip, br"}, {"If-None-Match", br.HeaderOr("ETag")}});
  EXPECT_EQ(again.status, 304) << again.Describe();
  EXPECT_TRUE(again.body.empty());
  const auto head = Request(server_.port(), "HEAD", "/assets/app-5f3c.js");
  EXPECT_EQ(head.status, 200);
}

TEST_F(WebServingTest, EveryAppPathGetsIndexWithAFreshNonceNeverCached) {
  for (const char* path : {"/", "/leads", "/leads/lead_01abc", "/screen-pop?phone=5125550100"}) {
    const auto page = Get(server_.port(), path);
    ASSERT_EQ(page.status, 200) << path << page.Describe();
    EXPECT_EQ(page.HeaderOr("Content-Type"), "text/html; charset=utf-8") << path;
    EXPECT_EQ(page.HeaderOr("Cache-Control"), "no-store") << path;
    const std::string csp = page.HeaderOr("Content-Security-Policy");
    EXPECT_NE(csp.find("script-src 'self';"), std::string::npos) << csp;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << csp;
    const size_t at = csp.find("'nonce-");
    ASSERT_NE(at, std::string::npos) << csp;
    const std::string nonce = csp.substr(at + 7, csp.find('\'', at + 7) - at - 7);
    EXPECT_NE(page.body.find("content=\"" + nonce + "\""), std::string::npos) << page.body;
    EXPECT_EQ(page.HeaderOr("X-Frame-Options"), "DENY");
  }
}

TEST_F(WebServingTest, TheApiAndOperationsKeepTheirOwnAnswers) {
  EXPECT_TRUE(IsProblem(Get(server_.port(), "/api/v1/nothing-here"), 404));
  EXPECT_TRUE(IsProblem(Get(server_.port(), "/api/"), 404));
  EXPECT_TRUE(IsProblem(Get(server_.port(), "/.well-known/nothing"), 404));
  EXPECT_TRUE(IsProblem(Get(server_.port(), "/healthz/extra"), 404));
  EXPECT_TRUE(IsProblem(Get(server_.port(), "/metrics/x"), 404));
  EXPECT_EQ(Get(server_.port(), "/healthz").status, 200);
  // Writes to app paths are not pages.
  EXPECT_TRUE(IsProblem(Request(server_.port(), "POST", "/leads", {}, "x"), 404));
  // A missing file is a 404, never the app in its place.
  EXPECT_TRUE(IsProblem(Get(server_.port(), "/assets/gone-0000.js"), 404));
  EXPECT_TRUE(IsProblem(Get(server_.port(), "/favicon.ico"), 404));
  EXPECT_EQ(Get(server_.port(), "/favicon.svg").HeaderOr("Cache-Control"), "no-cache");
}

TEST_F(WebServingTest, TraversalNeverReachesTheFileSystem) {
  for (const char* target :
       {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt",
        "/assets/%2e%2e/%2e%2e/secret.txt", "/..%5csecret.txt", "/assets\\..\\secret.txt",
        "/index.html%00.js", "/%00"}) {
    const auto response = Send(server_.port(), BuildRequest("GET", target));
    EXPECT_GE(response.status, 400) << target << " " << response.Describe();
    EXPECT_LT(response.status, 500) << target;
    EXPECT_EQ(response.body.find("must never be served"), std::string::npos) << target;
  }
  EXPECT_TRUE(server_.Running());
}

TEST(WebEmbeddedTest, TheBinaryServesItsOwnBundle) {
  ServerProcess server;
  const auto page = Get(server.port(), "/");
  if (page.status == 404 && page.body.find("CCRM_WEB=OFF") != std::string::npos) {
    GTEST_SKIP() << "built with CCRM_WEB=OFF";
  }
  ASSERT_EQ(page.status, 200) << page.Describe();
  EXPECT_EQ(page.body.find("__CCRM_CSP_NONCE__"), std::string::npos);
  // The page's own script, brotli-compressed and immutable.
  const size_t src = page.body.find("src=\"/assets/");
  ASSERT_NE(src, std::string::npos) << page.body;
  const std::string script = page.body.substr(src + 5, page.body.find('"', src + 5) - src - 5);
  const auto js = Get(server.port(), script, {{"Accept-Encoding", "br"}});
  ASSERT_EQ(js.status, 200) << script << js.Describe();
  EXPECT_EQ(js.HeaderOr("Content-Encoding"), "br");
  EXPECT_EQ(js.HeaderOr("Cache-Control"), "public, max-age=31536000, immutable");
}

}  // namespace
}  // namespace ccrm::testing
