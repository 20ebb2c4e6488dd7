#include "gateway/cors.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace ccrm::gateway {
namespace {

constexpr const char* kApp = "https://crm.example.com";

Request Preflight(const std::string& origin) {
  Request r;
  r.method = "OPTIONS";
  r.path = "/api/v1/leads";
  r.headers.Add("Origin", origin);
  r.headers.Add("Access-Control-Request-Method", "PATCH");
  return r;
}

TEST(CorsTest, RecognisesPreflight) {
  EXPECT_TRUE(Cors::IsPreflight(Preflight(kApp)));
  Request plain_options;
  plain_options.method = "OPTIONS";
  plain_options.headers.Add("Origin", kApp);
  EXPECT_FALSE(Cors::IsPreflight(plain_options));
  Request get = Preflight(kApp);
  get.method = "GET";
  EXPECT_FALSE(Cors::IsPreflight(get));
}

TEST(CorsTest, PreflightForAllowedOrigin) {
  Cors cors({.allowed_origins = {kApp}, .allow_credentials = true, .max_age_seconds = 300});
  const Response r = cors.Preflight(Preflight(kApp));
  EXPECT_EQ(r.status, 204);
  ASSERT_NE(r.headers.Find("Access-Control-Allow-Origin"), nullptr);
  EXPECT_EQ(*r.headers.Find("Access-Control-Allow-Origin"), kApp);
  EXPECT_NE(r.headers.Find("Access-Control-Allow-Methods")->find("PATCH"), std::string::npos);
  const std::string& allow_headers = *r.headers.Find("Access-Control-Allow-Headers");
  for (const char* h : {"Authorization", "Content-Type", "If-Match", "If-None-Match",
                        "X-Request-Id", "X-Api-Key", "Idempotency-Key"}) {
    EXPECT_NE(allow_headers.find(h), std::string::npos) << h;
  }
  EXPECT_EQ(*r.headers.Find("Access-Control-Max-Age"), "300");
  EXPECT_EQ(*r.headers.Find("Access-Control-Allow-Credentials"), "true");
  EXPECT_EQ(*r.headers.Find("Vary"), "Origin");
}

TEST(CorsTest, PreflightForOtherOriginHasNoCorsHeaders) {
  Cors cors({.allowed_origins = {kApp}});
  const Response r = cors.Preflight(Preflight("https://evil.example"));
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.headers.Find("Access-Control-Allow-Origin"), nullptr);
  EXPECT_EQ(r.headers.Find("Access-Control-Allow-Methods"), nullptr);
}

TEST(CorsTest, OriginMatchIsExact) {
  Cors cors({.allowed_origins = {kApp}});
  EXPECT_TRUE(cors.IsAllowedOrigin(kApp));
  EXPECT_FALSE(cors.IsAllowedOrigin("https://crm.example.com.evil.example"));
  EXPECT_FALSE(cors.IsAllowedOrigin("http://crm.example.com"));
  EXPECT_FALSE(cors.IsAllowedOrigin("https://crm.example.com/"));
  EXPECT_FALSE(cors.IsAllowedOrigin(""));
}

TEST(CorsTest, ActualResponseGetsOriginExposeAndVary) {
  Cors cors({.allowed_origins = {kApp}});
  Request req;
  req.method = "GET";
  req.headers.Add("Origin", kApp);
  Response res = Response::WithText(200, "x");
  res.headers.Add("Vary", "Accept-Encoding");
  cors.Apply(req, res);
  EXPECT_EQ(*res.headers.Find("Access-Control-Allow-Origin"), kApp);
  const std::string& expose = *res.headers.Find("Access-Control-Expose-Headers");
  for (const char* h : {"ETag", "Location", "X-Request-Id", "Retry-After"}) {
    EXPECT_NE(expose.find(h), std::string::npos) << h;
  }
  EXPECT_EQ(*res.headers.Find("Vary"), "Accept-Encoding, Origin");
  EXPECT_EQ(res.headers.Find("Access-Control-Allow-Credentials"), nullptr);
}

TEST(CorsTest, DisallowedOriginGetsNoCorsHeaders) {
  Cors cors({.allowed_origins = {kApp}});
  Request req;
  req.headers.Add("Origin", "https://evil.example");
  Response res = Response::WithText(200, "x");
  cors.Apply(req, res);
  EXPECT_EQ(res.headers.Find("Access-Control-Allow-Origin"), nullptr);
  EXPECT_EQ(res.headers.Find("Access-Control-Expose-Headers"), nullptr);
}

TEST(CorsTest, WildcardWithoutCredentials) {
  Cors cors({.allowed_origins = {"*"}});
  Request req;
  req.headers.Add("Origin", "https://anyone.example");
  Response res = Response::WithText(200, "x");
  cors.Apply(req, res);
  EXPECT_EQ(*res.headers.Find("Access-Control-Allow-Origin"), "*");
  EXPECT_THROW(Cors({.allowed_origins = {"*"}, .allow_credentials = true}),
               std::invalid_argument);
}

TEST(CorsTest, NothingConfiguredAddsNothing) {
  Cors cors({});
  Request req;
  req.headers.Add("Origin", kApp);
  Response res = Response::WithText(200, "x");
  cors.Apply(req, res);
  EXPECT_EQ(res.headers.Size(), 1u);  // Content-Type only
}

}  // namespace
}  // namespace ccrm::gateway
