// Headers every reply carries: X-Request-Id, the security headers, and CORS for the configured
// origin only.
#include <gtest/gtest.h>

#include <string>

#include "harness.hpp"

namespace ccrm::testing {
namespace {

constexpr const char* kOrigin = "https://crm.example.com";
constexpr const char* kOtherOrigin = "https://evil.example.net";

class HeadersTest : public ::testing::Test {
 protected:
  ServerProcess server_;
};

TEST_F(HeadersTest, ValidRequestIdIsEchoed) {
  const std::string id = "abc-123_X.y";
  auto response = Get(server_.port(), "/healthz", {{"X-Request-Id", id}});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.HeaderOr("X-Request-Id"), id) << response.Describe();

  // Also on errors, where a support request most needs it.
  response = Get(server_.port(), "/api/v1/no/such/path", {{"X-Request-Id", id}});
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.HeaderOr("X-Request-Id"), id) << response.Describe();

  const std::string longest(128, 'a');
  response = Get(server_.port(), "/healthz", {{"X-Request-Id", longest}});
  EXPECT_EQ(response.HeaderOr("X-Request-Id"), longest);
}

TEST_F(HeadersTest, MissingRequestIdIsGeneratedAndUnique) {
  const auto first = Get(server_.port(), "/healthz");
  const auto second = Get(server_.port(), "/healthz");
  const auto error = Get(server_.port(), "/api/v1/no/such/path");
  for (const auto* r : {&first, &second, &error}) {
    ASSERT_TRUE(r->HasHeader("X-Request-Id")) << r->Describe();
    EXPECT_TRUE(IsValidRequestId(r->HeaderOr("X-Request-Id"))) << r->Describe();
  }
  EXPECT_NE(first.HeaderOr("X-Request-Id"), second.HeaderOr("X-Request-Id"));
  EXPECT_NE(second.HeaderOr("X-Request-Id"), error.HeaderOr("X-Request-Id"));
}

TEST_F(HeadersTest, InvalidRequestIdIsReplaced) {
  // Log injection and unbounded ids must not pass through.
  for (const std::string& bad : {std::string("has space"), std::string("semi;colon"),
                                 std::string(129, 'a'), std::string("quote\"d")}) {
    const auto response = Get(server_.port(), "/healthz", {{"X-Request-Id", bad}});
    EXPECT_EQ(response.status, 200) << "X-Request-Id: " << bad << "\n" << response.Describe();
    const std::string id = response.HeaderOr("X-Request-Id");
    EXPECT_NE(id, bad);
    EXPECT_TRUE(IsValidRequestId(id)) << "X-Request-Id: " << bad << " answered with " << id;
  }
}

TEST_F(HeadersTest, SecurityHeadersOnSuccessAndError) {
  for (const char* path : {"/healthz", "/metrics", "/api/v1/no/such/path", "/"}) {
    const auto response = Get(server_.port(), path);
    SCOPED_TRACE(path);
    EXPECT_EQ(response.HeaderOr("X-Content-Type-Options"), "nosniff") << response.Describe();
    EXPECT_NE(response.HeaderOr("Content-Security-Policy").find("frame-ancestors 'none'"),
              std::string::npos)
        << response.Describe();
    EXPECT_FALSE(response.HeaderOr("Referrer-Policy").empty()) << response.Describe();
  }
}

class CorsTest : public ::testing::Test {
 protected:
  ServerProcess server_{ServerProcess::Options{.env = {{"CCRM_CORS_ORIGINS", kOrigin}}}};

  HttpResponse Preflight(const std::string& origin) {
    return Request(server_.port(), "OPTIONS", "/healthz",
                   {{"Origin", origin},
                    {"Access-Control-Request-Method", "GET"},
                    {"Access-Control-Request-Headers", "content-type, x-request-id"}});
  }
};

TEST_F(CorsTest, PreflightFromTheConfiguredOriginIsAllowed) {
  const auto response = Preflight(kOrigin);
  ASSERT_EQ(response.status, 204) << response.Describe();
  EXPECT_EQ(response.HeaderOr("Access-Control-Allow-Origin"), kOrigin) << response.Describe();
  EXPECT_TRUE(ListContains(response.HeaderOr("Access-Control-Allow-Methods"), "GET"))
      << response.Describe();
  const std::string allow_headers = response.HeaderOr("Access-Control-Allow-Headers");
  EXPECT_FALSE(allow_headers.empty()) << response.Describe();
  EXPECT_TRUE(allow_headers == "*" || ListContains(allow_headers, "content-type"))
      << response.Describe();
  EXPECT_TRUE(response.body.empty());
}

TEST_F(CorsTest, PreflightFromAnotherOriginGetsNoAllowOrigin) {
  const auto response = Preflight(kOtherOrigin);
  EXPECT_LT(response.status, 500) << response.Describe();
  EXPECT_FALSE(response.HasHeader("Access-Control-Allow-Origin")) << response.Describe();
  EXPECT_FALSE(response.HasHeader("Access-Control-Allow-Methods")) << response.Describe();
}

TEST_F(CorsTest, SimpleRequestFromTheConfiguredOriginExposesHeaders) {
  const auto response = Get(server_.port(), "/healthz", {{"Origin", kOrigin}});
  ASSERT_EQ(response.status, 200) << response.Describe();
  EXPECT_EQ(response.HeaderOr("Access-Control-Allow-Origin"), kOrigin) << response.Describe();
  const std::string expose = response.HeaderOr("Access-Control-Expose-Headers");
  for (const char* header : {"ETag", "Location", "X-Request-Id", "Retry-After"}) {
    EXPECT_TRUE(ListContains(expose, header))
        << header << " not in Access-Control-Expose-Headers: " << expose;
  }
}

TEST_F(CorsTest, ResponsesThatDependOnOriginSayVaryOrigin) {
  // Without Vary: Origin a shared cache could hand one origin's CORS answer to another.
  const auto response = Get(server_.port(), "/healthz", {{"Origin", kOrigin}});
  EXPECT_TRUE(ListContains(response.HeaderOr("Vary"), "Origin")) << response.Describe();
}

TEST_F(CorsTest, SimpleRequestFromAnotherOriginGetsNoAllowOrigin) {
  const auto response = Get(server_.port(), "/healthz", {{"Origin", kOtherOrigin}});
  EXPECT_EQ(response.status, 200) << response.Describe();
  EXPECT_FALSE(response.HasHeader("Access-Control-Allow-Origin")) << response.Describe();
}

}  // namespace
}  // namespace ccrm::testing
