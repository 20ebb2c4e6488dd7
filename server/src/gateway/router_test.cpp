#include "gateway/router.hpp"

#include <gtest/gtest.h>

namespace ccrm::gateway {
namespace {

Handler Named(std::string name) {
  return [name](Request&) { return Response::WithText(200, name); };
}

std::string Call(const RouteMatch& m) {
  Request req;
  return m.route->handler(req).body;
}

TEST(RouterTest, MatchesLiteralsBeforeParameters) {
  Router r;
  r.Add("GET", "/api/v1/leads/{id}", Named("get"));
  r.Add("GET", "/api/v1/leads/lookup", Named("lookup"));
  auto m = r.Match("GET", "/api/v1/leads/lookup");
  ASSERT_EQ(m.outcome, RouteMatch::Outcome::kFound);
  EXPECT_EQ(Call(m), "lookup");
  m = r.Match("GET", "/api/v1/leads/lead_123");
  ASSERT_EQ(m.outcome, RouteMatch::Outcome::kFound);
  EXPECT_EQ(Call(m), "get");
  EXPECT_EQ(m.params.at("id"), "lead_123");
}

TEST(RouterTest, BacktracksFromLiteralDeadEnd) {
  Router r;
  r.Add("GET", "/leads/lookup", Named("lookup"));
  r.Add("GET", "/leads/{id}/notes", Named("notes"));
  auto m = r.Match("GET", "/leads/lookup/notes");
  ASSERT_EQ(m.outcome, RouteMatch::Outcome::kFound);
  EXPECT_EQ(m.params.at("id"), "lookup");
}

TEST(RouterTest, UnknownPathIsNotFound) {
  Router r;
  r.Add("GET", "/healthz", Named("h"));
  EXPECT_EQ(r.Match("GET", "/nope").outcome, RouteMatch::Outcome::kNotFound);
  EXPECT_EQ(r.Match("GET", "/healthz/extra").outcome, RouteMatch::Outcome::kNotFound);
  EXPECT_EQ(r.Match("GET", "").outcome, RouteMatch::Outcome::kNotFound);
}

TEST(RouterTest, WrongMethodListsAllowed) {
  Router r;
  r.Add("GET", "/things/{id}", Named("g"));
  r.Add("PATCH", "/things/{id}", Named("p"));
  auto m = r.Match("DELETE", "/things/1");
  EXPECT_EQ(m.outcome, RouteMatch::Outcome::kMethodNotAllowed);
  EXPECT_EQ(m.allow, "GET, HEAD, PATCH");
}

TEST(RouterTest, HeadFallsBackToGet) {
  Router r;
  r.Add("GET", "/healthz", Named("h"));
  EXPECT_EQ(r.Match("HEAD", "/healthz").outcome, RouteMatch::Outcome::kFound);
}

TEST(RouterTest, FallbackTakesUnmatchedReadsOutsideReservedPrefixes) {
  Router r;
  r.Add("GET", "/api/v1/leads/{id}", Named("lead"));
  r.Add("POST", "/healthz", Named("h"));
  r.SetFallback("/{web}", Named("web"), {.offload = false, .access = Access::Public()},
                {"/api/", "/.well-known/"});
  auto m = r.Match("GET", "/leads/lead_1");
  ASSERT_EQ(m.outcome, RouteMatch::Outcome::kFound);
  EXPECT_EQ(Call(m), "web");
  EXPECT_EQ(*m.pattern, "/{web}");
  EXPECT_EQ(r.Match("HEAD", "/").outcome, RouteMatch::Outcome::kFound);
  // Writes, the reserved prefixes and known paths with another method keep their answers.
  EXPECT_EQ(r.Match("POST", "/leads").outcome, RouteMatch::Outcome::kNotFound);
  EXPECT_EQ(r.Match("GET", "/api/v1/nope").outcome, RouteMatch::Outcome::kNotFound);
  EXPECT_EQ(r.Match("GET", "/.well-known/nope").outcome, RouteMatch::Outcome::kNotFound);
  EXPECT_EQ(r.Match("GET", "/healthz").outcome, RouteMatch::Outcome::kMethodNotAllowed);
  EXPECT_EQ(Call(r.Match("GET", "/api/v1/leads/lead_1")), "lead");
  EXPECT_THROW(r.SetFallback("/{x}", Named("again"), {}, {}), std::invalid_argument);
}

TEST(RouterTest, EmptyParameterSegmentDoesNotMatch) {
  Router r;
  r.Add("GET", "/leads/{id}", Named("g"));
  EXPECT_EQ(r.Match("GET", "/leads/").outcome, RouteMatch::Outcome::kNotFound);
}

TEST(RouterTest, RejectsDuplicatesAndMalformedPatterns) {
  Router r;
  r.Add("GET", "/a/{id}", Named("x"));
  EXPECT_THROW(r.Add("GET", "/a/{id}", Named("y")), std::invalid_argument);
  EXPECT_THROW(r.Add("GET", "/a/{other}/b", Named("y")), std::invalid_argument);
  EXPECT_THROW(r.Add("GET", "no-slash", Named("y")), std::invalid_argument);
  EXPECT_THROW(r.Add("GET", "/a{b", Named("y")), std::invalid_argument);
}

TEST(RouterTest, AGreedyLastSegmentTakesTheRestOfThePath) {
  Router r;
  r.Add("PUT", "/s3/{bucket}/{key+}", Named("object"));
  r.Add("GET", "/s3/{bucket}/{key+}", Named("object"));
  r.Add("GET", "/s3/{bucket}", Named("bucket"));
  r.Add("GET", "/s3/health/check", Named("literal"));
  auto m = r.Match("PUT", "/s3/documents/leads/lead_1/doc_2/policy.pdf");
  ASSERT_EQ(m.outcome, RouteMatch::Outcome::kFound);
  EXPECT_EQ(Call(m), "object");
  EXPECT_EQ(m.params.at("bucket"), "documents");
  EXPECT_EQ(m.params.at("key"), "leads/lead_1/doc_2/policy.pdf");
  EXPECT_EQ(*m.pattern, "/s3/{bucket}/{key+}");
  m = r.Match("GET", "/s3/documents/a");
  EXPECT_EQ(m.params.at("key"), "a");
  m = r.Match("GET", "/s3/documents/trailing/");
  EXPECT_EQ(m.params.at("key"), "trailing/");
  EXPECT_EQ(Call(r.Match("GET", "/s3/documents")), "bucket");
  EXPECT_EQ(Call(r.Match("GET", "/s3/health/check")), "literal");  // literals still win
  EXPECT_EQ(r.Match("GET", "/s3/documents/").outcome, RouteMatch::Outcome::kNotFound);  // empty key
  m = r.Match("DELETE", "/s3/documents/a/b");
  EXPECT_EQ(m.outcome, RouteMatch::Outcome::kMethodNotAllowed);
  EXPECT_EQ(m.allow, "GET, HEAD, PUT");
}

TEST(RouterTest, AGreedySegmentMustComeLastAndKeepItsName) {
  Router r;
  EXPECT_THROW(r.Add("GET", "/s3/{key+}/meta", Named("x")), std::invalid_argument);
  r.Add("GET", "/files/{path+}", Named("x"));
  EXPECT_THROW(r.Add("PUT", "/files/{other+}", Named("y")), std::invalid_argument);
}

}  // namespace
}  // namespace ccrm::gateway
