// The authorizer with an external OIDC issuer's tokens: its JWKS, group mapping, and the local
// users that stand for its people.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "auth/authorizer_test_fixture.hpp"

namespace ccrm::auth {
namespace {

using namespace ccrm::auth::testing;  // NOLINT(google-build-using-namespace): the fixture

TEST_F(AuthorizerTest, ExternalTokenIsVerifiedWithItsJwksAndGroupsMapped) {
  jwks_body_ = Json{{"keys", {TheirKey().Jwk("ext1")}}}.dump();
  EXPECT_FALSE(WithToken(SignJwt("ext1", TheirClaims(), TheirKey())).has_value());
  EXPECT_EQ(request_.principal.id, "ext:abc-123");
  EXPECT_EQ(request_.principal.name, "zoe");
  EXPECT_EQ(request_.principal.groups, (std::vector<std::string>{"admin", "agent"}));
  EXPECT_EQ(fetches_, 1);
  // Cached: no second fetch.
  EXPECT_FALSE(WithToken(SignJwt("ext1", TheirClaims(), TheirKey())).has_value());
  EXPECT_EQ(fetches_, 1);
}

TEST_F(AuthorizerTest, ExternalTokenRejections) {
  jwks_body_ = Json{{"keys", {TheirKey().Jwk("ext1")}}}.dump();
  // Signed by our key under their issuer: their JWKS does not know it.
  ExpectInvalidToken(WithToken(SignJwt("k1", TheirClaims(), OurKey())), "unknown key");
  ExpectInvalidToken(WithToken(SignJwt("ext1", TheirClaims(), OurKey())), "signature");
  Json claims = TheirClaims();
  claims["client_id"] = kClient;  // our client id is not theirs
  ExpectInvalidToken(WithToken(SignJwt("ext1", claims, TheirKey())), "");
  claims = TheirClaims();
  claims["token_use"] = "id";
  ExpectInvalidToken(WithToken(SignJwt("ext1", claims, TheirKey())), "");
  claims = TheirClaims();
  claims["exp"] = kNowS - 61;
  ExpectInvalidToken(WithToken(SignJwt("ext1", claims, TheirKey())), "expired");
  // Their key cannot mint tokens in our name.
  ExpectInvalidToken(WithToken(SignJwt("ext1", OurClaims(), TheirKey())), "");
}

TEST_F(AuthorizerTest, ExternalUnknownKidRefetchesAtMostEveryThirtySeconds) {
  ExpectInvalidToken(WithToken(SignJwt("ext1", TheirClaims(), TheirKey())), "unknown key");
  EXPECT_EQ(fetches_, 1);  // failed: the issuer is unreachable
  jwks_body_ = Json{{"keys", {TheirKey().Jwk("ext1")}}}.dump();
  ExpectInvalidToken(WithToken(SignJwt("ext1", TheirClaims(), TheirKey())), "unknown key");
  EXPECT_EQ(fetches_, 1);
  clock_->now += seconds(31);
  Json claims = TheirClaims();
  claims["exp"] = kNowS + 3600;
  EXPECT_FALSE(WithToken(SignJwt("ext1", claims, TheirKey())).has_value());
  EXPECT_EQ(fetches_, 2);
}

TEST_F(AuthorizerTest, ExternalKeepsTheLastGoodSetWhenAFetchFails) {
  jwks_body_ = Json{{"keys", {TheirKey().Jwk("ext1")}}}.dump();
  EXPECT_FALSE(WithToken(SignJwt("ext1", TheirClaims(), TheirKey())).has_value());
  jwks_body_.clear();
  clock_->now += seconds(31);
  Json claims = TheirClaims();
  claims["exp"] = kNowS + 3600;
  ExpectInvalidToken(WithToken(SignJwt("ext2", claims, TheirKey())), "unknown key");
  EXPECT_EQ(fetches_, 2);
  EXPECT_FALSE(WithToken(SignJwt("ext1", claims, TheirKey())).has_value());
}

TEST_F(AuthorizerTest, ExternalSessionsAreNotLookedUpInOurUserStore) {
  jwks_body_ = Json{{"keys", {TheirKey().Jwk("ext1")}}}.dump();
  sessions_->disabled.insert("abc-123");
  sessions_->disabled.insert("ext:abc-123");
  EXPECT_FALSE(WithToken(SignJwt("ext1", TheirClaims(), TheirKey())).has_value());
}

TEST_F(AuthorizerTest, ExternalTokenActsAsItsLocalUser) {
  external_users_ = std::make_shared<FakeExternalUsers>();
  Build();
  jwks_body_ = Json{{"keys", {TheirKey().Jwk("ext1")}}}.dump();
  Json claims = TheirClaims();
  claims["email"] = "zoe@example.com";
  claims["email_verified"] = true;
  const std::string token = SignJwt("ext1", claims, TheirKey());
  EXPECT_FALSE(WithToken(token).has_value());
  EXPECT_EQ(request_.principal.id, "usr_abc-123");
  EXPECT_EQ(request_.principal.name, "zoe");
  EXPECT_EQ(request_.principal.groups, (std::vector<std::string>{"admin", "agent"}));
  ASSERT_EQ(external_users_->seen.size(), 1u);
  const ExternalIdentity& identity = external_users_->seen[0];
  EXPECT_EQ(identity.issuer, kExtIssuer);
  EXPECT_EQ(identity.subject, "abc-123");
  EXPECT_EQ(identity.username, "zoe");
  EXPECT_EQ(identity.email, "zoe@example.com");
  EXPECT_EQ(identity.groups, (std::vector<std::string>{"admin", "agent"}));
  EXPECT_EQ(identity.issued_at_ms, (kNowS - 10) * 1000);  // its iat: a newer token's groups win

  // A cached token does not resolve again, but the local user's state is checked every time.
  EXPECT_FALSE(WithToken(token).has_value());
  EXPECT_EQ(external_users_->seen.size(), 1u);
  // The issuer demoted the person and a newer token synced the stored groups down: this older
  // token keeps only what is still held.
  sessions_->held_groups["usr_abc-123"] = {"agent"};
  EXPECT_FALSE(WithToken(token).has_value());
  EXPECT_EQ(request_.principal.groups, std::vector<std::string>{"agent"});
  sessions_->held_groups.clear();
  sessions_->disabled.insert("usr_abc-123");
  ExpectInvalidToken(WithToken(token), "disabled");
  sessions_->disabled.clear();
  EXPECT_FALSE(WithToken(token).has_value());
  // Disabling revoked the sessions of that moment: enabled again, the old token stays refused.
  sessions_->revoked_at_ms["usr_abc-123"] = (kNowS - 10) * 1000;  // the token's iat
  ExpectInvalidToken(WithToken(token), "revoked");
  sessions_->revoked_at_ms["usr_abc-123"] = (kNowS - 11) * 1000;  // revoked before it was issued
  EXPECT_FALSE(WithToken(token).has_value());
}

TEST_F(AuthorizerTest, AnExternalEmailIsPassedOnOnlyWhenVerified) {
  external_users_ = std::make_shared<FakeExternalUsers>();
  Build();
  jwks_body_ = Json{{"keys", {TheirKey().Jwk("ext1")}}}.dump();
  for (const Json& verified : {Json(nullptr), Json(false), Json("false"), Json(true), Json("true")}) {
    Json claims = TheirClaims();
    claims["email"] = "zoe@example.com";
    if (!verified.is_null()) claims["email_verified"] = verified;
    claims["jti"] = verified.dump();  // a token of its own each time (not served from cache)
    EXPECT_FALSE(WithToken(SignJwt("ext1", claims, TheirKey())).has_value());
    const bool vouched = verified == Json(true) || verified == Json("true");
    EXPECT_EQ(external_users_->seen.back().email, vouched ? "zoe@example.com" : "")
        << verified.dump();
  }
}

TEST_F(AuthorizerTest, ExternalTokenOfADisabledLocalUserIsRefused) {
  external_users_ = std::make_shared<FakeExternalUsers>();
  external_users_->disabled.insert("abc-123");
  Build();
  jwks_body_ = Json{{"keys", {TheirKey().Jwk("ext1")}}}.dump();
  ExpectInvalidToken(WithToken(SignJwt("ext1", TheirClaims(), TheirKey())), "disabled");
  EXPECT_FALSE(request_.principal.authenticated());
}

TEST_F(AuthorizerTest, ExternalTokenGrantingNoRoleIsRefused) {
  jwks_body_ = Json{{"keys", {TheirKey().Jwk("ext1")}}}.dump();
  Json claims = TheirClaims();
  for (const Json& groups : {Json::array({"Unknown"}), Json::array(), Json("Unknown")}) {
    claims["cognito:groups"] = groups;
    ExpectInvalidToken(WithToken(SignJwt("ext1", claims, TheirKey())), "role");
    EXPECT_FALSE(request_.principal.authenticated());
  }
  claims.erase("cognito:groups");
  ExpectInvalidToken(WithToken(SignJwt("ext1", claims, TheirKey())), "role");
  // The same with local users: none is made for such a token.
  external_users_ = std::make_shared<FakeExternalUsers>();
  Build();
  claims["cognito:groups"] = {"Unknown"};
  ExpectInvalidToken(WithToken(SignJwt("ext1", claims, TheirKey())), "role");
  EXPECT_TRUE(external_users_->seen.empty());
}

TEST_F(AuthorizerTest, ExternalLocalUserAnswersInlineOnlyWhenCached) {
  external_users_ = std::make_shared<FakeExternalUsers>();
  Build();
  jwks_body_ = Json{{"keys", {TheirKey().Jwk("ext1")}}}.dump();
  const std::string token = SignJwt("ext1", TheirClaims(), TheirKey());
  gateway::Request request;
  request.headers.Add("Authorization", "Bearer " + token);
  EXPECT_FALSE(WithToken(token).has_value());
  EXPECT_FALSE(authorizer_->CanAnswerInline(route_, request));  // user state not in memory
  sessions_->cached.insert("usr_abc-123");
  EXPECT_TRUE(authorizer_->CanAnswerInline(route_, request));
}

TEST(PeekIssuerTest, ReadsIssWithoutVerifying) {
  EXPECT_EQ(PeekIssuer(Part({{"alg", "none"}}) + "." + Part({{"iss", "x"}}) + "."),
            std::optional<std::string>("x"));
  EXPECT_EQ(PeekIssuer("a"), std::nullopt);
  EXPECT_EQ(PeekIssuer("a.b"), std::nullopt);
  EXPECT_EQ(PeekIssuer("a.!!.c"), std::nullopt);
  EXPECT_EQ(PeekIssuer("a." + Part({{"iss", 5}}) + ".c"), std::nullopt);
}

TEST(ParseJwksTest, SkipsWhatItCannotUse) {
  Json jwks = {{"keys",
                {TheirKey().Jwk("good"),
                 {{"kty", "EC"}, {"kid", "ec"}},
                 {{"kty", "RSA"}, {"kid", "enc"}, {"use", "enc"}, {"n", "x"}, {"e", "AQAB"}},
                 {{"kty", "RSA"}, {"kid", "bad"}, {"n", "x"}, {"e", "AQAB"}}}}};
  const auto keys = ParseJwks(jwks);
  EXPECT_EQ(keys.size(), 1u);
  EXPECT_TRUE(keys.contains("good"));
  EXPECT_THROW(ParseJwks(Json{{"keys", Json::array()}}), std::runtime_error);
  EXPECT_THROW(ParseJwks(Json::array()), std::runtime_error);
}

TEST(ExternalJwksTest, BackgroundRefreshFetchesAtStartAndEveryMaxAge) {
  using namespace std::chrono_literals;
  std::atomic<int> fetches{0};
  std::atomic<bool> withdrawn{false};
  auto fetch = [&](const std::string&) {
    ++fetches;
    // The issuer withdraws key "old" after the first fetch.
    return Json{{"keys", {TheirKey().Jwk(withdrawn ? "new" : "old")}}}.dump();
  };
  {
    ExternalJwks jwks(
        {.url = "https://idp.example.com/jwks.json", .max_age = std::chrono::seconds(1)}, fetch,
        SystemClock());
    jwks.StartBackgroundRefresh();
    for (int i = 0; i < 200 && fetches == 0; ++i) std::this_thread::sleep_for(5ms);
    for (int i = 0; i < 200 && !jwks.Find("old"); ++i) std::this_thread::sleep_for(5ms);
    EXPECT_NE(jwks.Find("old"), nullptr);
    withdrawn = true;
    // Within max_age (1 s) plus slack, the withdrawn key is gone without any unknown kid.
    for (int i = 0; i < 400 && jwks.Find("old"); ++i) std::this_thread::sleep_for(10ms);
    EXPECT_EQ(jwks.Find("old"), nullptr);
    EXPECT_NE(jwks.Find("new"), nullptr);
  }  // the destructor stops the thread promptly (the test would hang otherwise)
  const int after = fetches;
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(fetches, after);
}

}  // namespace
}  // namespace ccrm::auth
