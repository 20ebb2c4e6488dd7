#include "web/web_routes.hpp"

#include <gtest/gtest.h>

#include <array>

#include "common/scratch_dir.hpp"

namespace ccrm::web {
namespace {

constexpr std::string_view kIndex =
    "<html><head><meta name=\"ccrm-csp-nonce\" content=\"__CCRM_CSP_NONCE__\" /></head></html>";

const std::array<EmbeddedFile, 6> kFiles = {{
    {"/index.html", kIndex},
    {"/assets/app-1a2b.js", "console.log('app')"},
    {"/assets/app-1a2b.js.gz", "GZ-BYTES"},
    {"/assets/app-1a2b.js.br", "BR-BYTES"},
    {"/favicon.svg", "<svg/>"},
    {"/orphan.txt.br", "no such identity file"},
}};

class WebRoutesTest : public ::testing::Test {
 protected:
  gateway::Response Get(std::string path, std::vector<std::pair<std::string, std::string>>
                                              headers = {}) {
    gateway::Request request;
    request.method = "GET";
    request.target = path;
    request.path = std::move(path);
    for (auto& [name, value] : headers) request.headers.Add(name, value);
    return ServeWeb(*assets_, request);
  }
  static std::string HeaderOf(const gateway::Response& r, std::string_view name) {
    const std::string* v = r.headers.Find(name);
    return v ? *v : "";
  }

  std::shared_ptr<const WebAssets> assets_ = WebAssets::FromFiles(kFiles);
};

TEST_F(WebRoutesTest, HashedAssetsAreImmutableAndPrecompressedAsAccepted) {
  auto plain = Get("/assets/app-1a2b.js");
  EXPECT_EQ(plain.status, 200);
  EXPECT_EQ(plain.body, "console.log('app')");
  EXPECT_EQ(HeaderOf(plain, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(HeaderOf(plain, "Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(HeaderOf(plain, "Vary"), "Accept-Encoding");
  EXPECT_FALSE(plain.headers.Has("Content-Encoding"));

  auto br = Get("/assets/app-1a2b.js", {{"Accept-Encoding", "gzip, deflate, br"}});
  EXPECT_EQ(br.body, "BR-BYTES");
  EXPECT_EQ(HeaderOf(br, "Content-Encoding"), "br");
  auto gz = Get("/assets/app-1a2b.js", {{"Accept-Encoding", "gzip;q=0.5, br;q=0"}});
  EXPECT_EQ(gz.body, "GZ-BYTES");
  EXPECT_EQ(HeaderOf(gz, "Content-Encoding"), "gzip");
  auto refused = Get("/assets/app-1a2b.js", {{"Accept-Encoding", "br;q=0.000, GZIP;Q=0"}});
  EXPECT_EQ(refused.body, "console.log('app')");
  auto any = Get("/assets/app-1a2b.js", {{"Accept-Encoding", "*"}});
  EXPECT_EQ(any.body, "BR-BYTES");
  // Each variant has its own validator.
  EXPECT_NE(HeaderOf(plain, "ETag"), HeaderOf(br, "ETag"));
  EXPECT_NE(HeaderOf(br, "ETag"), HeaderOf(gz, "ETag"));
}

TEST_F(WebRoutesTest, IfNoneMatchAnswers304WithTheValidator) {
  const std::string etag = HeaderOf(Get("/assets/app-1a2b.js"), "ETag");
  auto again = Get("/assets/app-1a2b.js", {{"If-None-Match", "\"other\", W/" + etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_EQ(HeaderOf(again, "ETag"), etag);
  EXPECT_TRUE(again.body.empty());
  // The brotli variant's tag does not match the identity reply.
  auto br = Get("/assets/app-1a2b.js", {{"If-None-Match", etag}, {"Accept-Encoding", "br"}});
  EXPECT_EQ(br.status, 200);
  EXPECT_EQ(Get("/favicon.svg", {{"If-None-Match", "*"}}).status, 304);
}

TEST_F(WebRoutesTest, IndexCarriesAFreshNonceAndIsNeverCached) {
  auto first = Get("/");
  auto second = Get("/leads/lead_123");  // a client-side route: the app
  ASSERT_EQ(first.status, 200);
  ASSERT_EQ(second.status, 200);
  EXPECT_EQ(HeaderOf(first, "Cache-Control"), "no-store");
  EXPECT_FALSE(first.headers.Has("ETag"));
  EXPECT_EQ(first.body.find("__CCRM_CSP_NONCE__"), std::string::npos);
  const std::string csp = HeaderOf(first, "Content-Security-Policy");
  const size_t at = csp.find("'nonce-");
  ASSERT_NE(at, std::string::npos);
  const std::string nonce = csp.substr(at + 7, csp.find('\'', at + 7) - at - 7);
  EXPECT_GE(nonce.size(), 22u);
  EXPECT_NE(first.body.find("content=\"" + nonce + "\""), std::string::npos);
  EXPECT_NE(HeaderOf(second, "Content-Security-Policy"), csp);
  EXPECT_NE(csp.find("script-src 'self';"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(Get("/index.html").status, 200);
}

TEST_F(WebRoutesTest, MissingFilesAre404NotTheApp) {
  EXPECT_EQ(Get("/assets/app-ffff.js").status, 404);
  EXPECT_EQ(Get("/robots.txt").status, 404);
  EXPECT_EQ(Get("/orphan.txt").status, 404);  // a variant without its file is not served
  EXPECT_EQ(Get("/orphan.txt.br").status, 404);
  EXPECT_EQ(Get("/assets/app-1a2b.js.gz").status, 404);
}

TEST_F(WebRoutesTest, TraversalShapesAreRefused) {
  for (const std::string& path : std::vector<std::string>{"/../etc/passwd", "/assets/../index.html", "/a\\b", "/x..y",
                           std::string("/nul\0byte", 9)}) {
    EXPECT_EQ(Get(path).status, 400) << path;
  }
}

TEST_F(WebRoutesTest, WithoutABundleTheAppSaysHowToGetOne) {
  auto empty = WebAssets::FromFiles({});
  gateway::Request request;
  request.method = "GET";
  request.path = request.target = "/";
  auto reply = ServeWeb(*empty, request);
  EXPECT_EQ(reply.status, 404);
  EXPECT_NE(reply.body.find("--web-dir"), std::string::npos);
}

TEST(WebAssetsTest, LoadsADirectoryOnceWithItsVariants) {
  testing::ScratchDir dir("web-assets");
  std::filesystem::create_directories(dir.path() / "assets");
  auto write = [&](const std::string& name, const std::string& bytes) {
    std::ofstream(dir.path() / name, std::ios::binary) << bytes;
  };
  write("index.html", std::string(kIndex));
  write("assets/a-1.css", "body{}");
  write("assets/a-1.css.gz", "gz");
  auto assets = WebAssets::LoadDirectory(dir.path());
  ASSERT_TRUE(assets->HasIndex());
  const auto* css = assets->Find("/assets/a-1.css");
  ASSERT_NE(css, nullptr);
  EXPECT_EQ(css->identity, "body{}");
  EXPECT_EQ(css->gzip, "gz");
  EXPECT_EQ(css->content_type, "text/css; charset=utf-8");
  std::filesystem::remove(dir.path() / "index.html");
  EXPECT_THROW(WebAssets::LoadDirectory(dir.path()), std::runtime_error);
}

}  // namespace
}  // namespace ccrm::web
