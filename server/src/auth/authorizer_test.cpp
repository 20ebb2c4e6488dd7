// The authorizer with our own tokens and API keys.
#include "auth/authorizer.hpp"

#include <gtest/gtest.h>

#include "auth/authorizer_test_fixture.hpp"

namespace ccrm::auth {
namespace {

using namespace ccrm::auth::testing;  // NOLINT(google-build-using-namespace): the fixture

TEST_F(AuthorizerTest, OurAccessTokenSetsThePrincipal) {
  EXPECT_FALSE(WithToken(SignJwt("k1", OurClaims(), OurKey())).has_value());
  EXPECT_EQ(request_.principal.id, "usr_ann");
  EXPECT_EQ(request_.principal.name, "ann");
  EXPECT_EQ(request_.principal.groups, std::vector<std::string>{"agent"});
  EXPECT_FALSE(request_.principal.is_api_key);
}

TEST_F(AuthorizerTest, SchemeIsCaseInsensitive) {
  EXPECT_FALSE(Run({{"Authorization", "bearer  " + SignJwt("k1", OurClaims(), OurKey())}}));
  EXPECT_EQ(request_.principal.id, "usr_ann");
}

TEST_F(AuthorizerTest, NoCredentialsLeaveTheRequestAnonymous) {
  EXPECT_FALSE(Run({}).has_value());
  EXPECT_FALSE(request_.principal.authenticated());
}

TEST_F(AuthorizerTest, PublicRoutesIgnoreCredentials) {
  EXPECT_FALSE(Run({{"Authorization", "Bearer garbage"}}, /*on_public=*/true).has_value());
  EXPECT_FALSE(request_.principal.authenticated());
}

TEST_F(AuthorizerTest, RejectsAlgNone) {
  Json header = {{"alg", "none"}, {"typ", "JWT"}, {"kid", "k1"}};
  ExpectInvalidToken(WithToken(Part(header) + "." + Part(OurClaims()) + "."), "");
  EXPECT_FALSE(request_.principal.authenticated());
}

TEST_F(AuthorizerTest, RejectsHs256WithThePublicKey) {
  // The classic confusion: HMAC keyed with the public key's PEM.
  const std::string signing_input =
      Part({{"alg", "HS256"}, {"typ", "JWT"}, {"kid", "k1"}}) + "." + Part(OurClaims());
  ExpectInvalidToken(WithToken(signing_input + "." + Base64UrlEncode("x")), "");
}

TEST_F(AuthorizerTest, RejectsUnknownKidAfterOneRateLimitedReload) {
  const std::string token = SignJwt("nope", OurClaims(), OurKey());
  ExpectInvalidToken(WithToken(token), "unknown key");
  EXPECT_EQ(reloads_, 1);
  ExpectInvalidToken(WithToken(token), "unknown key");
  EXPECT_EQ(reloads_, 1);  // within 10 s: no second reload
  clock_->now += seconds(11);
  Json claims = OurClaims();
  claims["exp"] = kNowS + 3600;
  ExpectInvalidToken(WithToken(SignJwt("nope", claims, OurKey())), "unknown key");
  EXPECT_EQ(reloads_, 2);
}

TEST_F(AuthorizerTest, UnknownKidFromARotatedKeyIsFoundAfterReload) {
  pending_keys_["k2"] = PublicOf(RotatedKey());
  EXPECT_FALSE(WithToken(SignJwt("k2", OurClaims(), RotatedKey())).has_value());
  EXPECT_EQ(reloads_, 1);
  EXPECT_EQ(request_.principal.id, "usr_ann");
}

TEST_F(AuthorizerTest, RejectsABadSignature) {
  ExpectInvalidToken(WithToken(SignJwt("k1", OurClaims(), TheirKey())), "signature");
  std::string token = SignJwt("k1", OurClaims(), OurKey());
  token[token.rfind('.') + 5] ^= 1;
  ExpectInvalidToken(WithToken(token), "");
}

TEST_F(AuthorizerTest, RejectsTheWrongIssuer) {
  Json claims = OurClaims();
  claims["iss"] = "https://evil.example.com";
  ExpectInvalidToken(WithToken(SignJwt("k1", claims, OurKey())), "another issuer");
}

TEST_F(AuthorizerTest, RejectsAnIdToken) {
  Json claims = OurClaims();
  claims["token_use"] = "id";
  claims.erase("client_id");
  claims["aud"] = kClient;
  ExpectInvalidToken(WithToken(SignJwt("k1", claims, OurKey())), "");
}

TEST_F(AuthorizerTest, RejectsTheWrongClient) {
  Json claims = OurClaims();
  claims["client_id"] = "someone-else";
  ExpectInvalidToken(WithToken(SignJwt("k1", claims, OurKey())), "");
}

TEST_F(AuthorizerTest, ExpiryHasSixtySecondsOfLeeway) {
  Json claims = OurClaims();
  claims["exp"] = kNowS - 50;
  EXPECT_FALSE(WithToken(SignJwt("k1", claims, OurKey())).has_value());
  claims["exp"] = kNowS - 61;
  ExpectInvalidToken(WithToken(SignJwt("k1", claims, OurKey())), "expired");
}

TEST_F(AuthorizerTest, RejectsADisabledUser) {
  sessions_->disabled.insert("usr_ann");
  ExpectInvalidToken(WithToken(SignJwt("k1", OurClaims(), OurKey())), "disabled");
  EXPECT_FALSE(request_.principal.authenticated());
}

TEST_F(AuthorizerTest, ADemotionNarrowsTokensIssuedBeforeIt) {
  Json claims = OurClaims();
  claims["cognito:groups"] = {"admin", "agent"};
  const std::string token = SignJwt("k1", claims, OurKey());
  EXPECT_FALSE(WithToken(token).has_value());
  EXPECT_EQ(request_.principal.groups, (std::vector<std::string>{"admin", "agent"}));
  sessions_->held_groups["usr_ann"] = {"agent"};  // an admin took admin away
  EXPECT_FALSE(WithToken(token).has_value());  // the token, now cached, still works...
  EXPECT_EQ(request_.principal.groups, std::vector<std::string>{"agent"});  // ...as an agent
  sessions_->held_groups["usr_ann"] = {"manager"};  // nothing the token names is held
  ExpectInvalidToken(WithToken(token), "no longer holds");
}

TEST_F(AuthorizerTest, RejectsARevokedFamily) {
  sessions_->revoked.insert("fam1");
  ExpectInvalidToken(WithToken(SignJwt("k1", OurClaims(), OurKey())), "revoked");
}

TEST_F(AuthorizerTest, AVerifiedTokenIsCachedButItsSessionIsCheckedEveryTime) {
  const std::string token = SignJwt("k1", OurClaims(), OurKey());
  EXPECT_FALSE(WithToken(token).has_value());
  // The key is gone (no reload brings it back): only the cache can admit the token now.
  our_keys_.clear();
  EXPECT_FALSE(WithToken(token).has_value());
  EXPECT_EQ(request_.principal.id, "usr_ann");
  // Revocation and disabling still apply to the cached token.
  sessions_->revoked.insert("fam1");
  ExpectInvalidToken(WithToken(token), "revoked");
  sessions_->revoked.clear();
  sessions_->disabled.insert("usr_ann");
  ExpectInvalidToken(WithToken(token), "disabled");
  sessions_->disabled.clear();
  // Expiry (exp + 60 s leeway) holds for the cached token too.
  clock_->now += std::chrono::seconds(3600 + 61);
  ExpectInvalidToken(WithToken(token), "");
}

TEST_F(AuthorizerTest, AnswersInlineOnlyWhenNoLookupIsNeeded) {
  const auto inline_for = [&](const std::vector<std::pair<std::string, std::string>>& headers,
                              bool on_public = false) {
    gateway::Request request;
    for (const auto& [name, value] : headers) request.headers.Add(name, value);
    return authorizer_->CanAnswerInline(on_public ? public_route_ : route_, request);
  };
  const std::string token = SignJwt("k1", OurClaims(), OurKey());
  const std::pair<std::string, std::string> bearer{"Authorization", "Bearer " + token};
  EXPECT_TRUE(inline_for({}));                 // anonymous: the dispatcher answers 401
  EXPECT_TRUE(inline_for({bearer}, true));     // public routes ignore credentials
  EXPECT_TRUE(inline_for({{"Authorization", "Basic eDp5"}}));  // refused as it is
  EXPECT_FALSE(inline_for({{"X-Api-Key", "ccrm_key_good_secret"}}));  // writes last-used
  EXPECT_FALSE(inline_for({bearer}));  // not verified yet: RS256, maybe a key reload
  EXPECT_FALSE(WithToken(token).has_value());
  EXPECT_FALSE(inline_for({bearer}));  // verified, but the session state is not cached
  sessions_->cached.insert("usr_ann/fam1");
  EXPECT_TRUE(inline_for({bearer}));
  clock_->now += std::chrono::seconds(3600 + 61);
  EXPECT_FALSE(inline_for({bearer}));  // the cached verification expired with the token
}

TEST_F(AuthorizerTest, RejectsOurTokenWithoutOriginJti) {
  Json claims = OurClaims();
  claims.erase("origin_jti");
  ExpectInvalidToken(WithToken(SignJwt("k1", claims, OurKey())), "origin_jti");
}

TEST_F(AuthorizerTest, RejectsNonBearerAndGarbage) {
  ExpectInvalidToken(Run({{"Authorization", "Basic YWRtaW46YWRtaW4="}}), "Bearer");
  ExpectInvalidToken(Run({{"Authorization", "Bearer"}}), "Bearer");
  ExpectInvalidToken(WithToken("a.b.c"), "");
  ExpectInvalidToken(WithToken(std::string(kMaxJwtBytes + 10, 'a')), "");
}

TEST_F(AuthorizerTest, ChallengeNeverEchoesTheToken) {
  const std::string token = SignJwt("k1", OurClaims(), TheirKey());
  const auto response = WithToken(token);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->headers.Find("WWW-Authenticate")->find(token.substr(0, 20)),
            std::string::npos);
  EXPECT_EQ(response->body.find(token.substr(0, 20)), std::string::npos);
  EXPECT_EQ(authorizer_->rejected_tokens(), 1u);
}

TEST_F(AuthorizerTest, BothCredentialsAreABadRequest) {
  const auto response = Run({{"Authorization", "Bearer " + SignJwt("k1", OurClaims(), OurKey())},
                             {"X-Api-Key", "ccrm_key_good_secret"}});
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_FALSE(request_.principal.authenticated());
}

TEST_F(AuthorizerTest, ApiKeySetsAKeyPrincipal) {
  EXPECT_FALSE(Run({{"X-Api-Key", "ccrm_key_good_secret"}}).has_value());
  EXPECT_EQ(request_.principal.id, "key_good");
  EXPECT_TRUE(request_.principal.is_api_key);
  EXPECT_EQ(request_.principal.groups, std::vector<std::string>{"connect:ingest"});
}

TEST_F(AuthorizerTest, FirehosesAccessKeyHeaderIsAnApiKey) {
  EXPECT_FALSE(Run({{"X-Amz-Firehose-Access-Key", "ccrm_key_good_secret"}}).has_value());
  EXPECT_EQ(request_.principal.id, "key_good");
  EXPECT_TRUE(request_.principal.is_api_key);
  const auto response = Run({{"X-Amz-Firehose-Access-Key", "ccrm_key_good_wrong"}});
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 401);
}

TEST_F(AuthorizerTest, BadApiKeyIs401WithAnApiKeyChallenge) {
  for (const std::string key : {"ccrm_key_good_wrong", ""}) {
    const auto response = Run({{"X-Api-Key", key}});
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 401);
    EXPECT_EQ(response->headers.Find("WWW-Authenticate")->rfind("ApiKey ", 0), 0u);
    EXPECT_FALSE(request_.principal.authenticated());
  }
  EXPECT_EQ(authorizer_->rejected_api_keys(), 2u);
}

}  // namespace
}  // namespace ccrm::auth
