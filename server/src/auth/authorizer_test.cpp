#include "auth/authorizer.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "auth/external_jwks.hpp"
#include "common/base64.hpp"

namespace ccrm::auth {
namespace {

using std::chrono::seconds;
using std::chrono::system_clock;

constexpr char kIssuer[] = "https://crm.example.com";
constexpr char kClient[] = "ccrm-web";
constexpr char kExtIssuer[] = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_TEST";
constexpr char kExtClient[] = "ext-client";
const int64_t kNowS = 1'800'000'000;

class TestClock final : public Clock {
 public:
  system_clock::time_point Now() const override { return now; }
  system_clock::time_point now = system_clock::time_point(seconds(kNowS));
};

// Local users for external identities: "usr_" + subject, or refused when listed as disabled.
class FakeExternalUsers final : public ExternalUsers {
 public:
  std::optional<std::string> Resolve(const ExternalIdentity& identity) override {
    seen.push_back(identity);
    if (disabled.contains(identity.subject)) return std::nullopt;
    return "usr_" + identity.subject;
  }
  std::vector<ExternalIdentity> seen;
  std::set<std::string> disabled;
};

class FakeSessions final : public SessionState {
 public:
  bool IsUserActive(const std::string& user_id) override { return !disabled.contains(user_id); }
  bool IsFamilyRevoked(const std::string& family) override { return revoked.contains(family); }
  bool IsCached(const std::string& user_id, const std::string& family) override {
    return cached.contains(user_id + "/" + family);
  }
  bool IsUserCached(const std::string& user_id) override { return cached.contains(user_id); }
  bool IsIssuedBeforeRevocation(const std::string& user_id, int64_t issued_at_ms) override {
    const auto it = revoked_at_ms.find(user_id);
    return it != revoked_at_ms.end() && issued_at_ms <= it->second;
  }
  std::map<std::string, int64_t> revoked_at_ms;  // user -> sessions revoked at
  std::set<std::string> cached;  // "user/family" pairs, and users alone, answered from memory
  std::set<std::string> disabled;
  std::set<std::string> revoked;
};

const crypto::RsaKey& OurKey() {
  static const crypto::RsaKey key = crypto::RsaKey::Generate();
  return key;
}
const crypto::RsaKey& RotatedKey() {
  static const crypto::RsaKey key = crypto::RsaKey::Generate();
  return key;
}
const crypto::RsaKey& TheirKey() {
  static const crypto::RsaKey key = crypto::RsaKey::Generate();
  return key;
}
std::shared_ptr<const crypto::RsaKey> PublicOf(const crypto::RsaKey& key) {
  return std::make_shared<const crypto::RsaKey>(crypto::RsaKey::FromPublicPem(key.PublicPem()));
}

Json OurClaims() {
  return {{"iss", kIssuer},       {"sub", "usr_ann"},       {"token_use", "access"},
          {"client_id", kClient}, {"username", "ann"},      {"cognito:groups", {"agent"}},
          {"iat", kNowS - 10},    {"exp", kNowS + 3590},    {"jti", "j1"},
          {"origin_jti", "fam1"}, {"auth_time", kNowS - 10}};
}

Json TheirClaims() {
  return {{"iss", kExtIssuer},     {"sub", "abc-123"},
          {"token_use", "access"}, {"client_id", kExtClient},
          {"username", "zoe"},     {"iat", kNowS - 10},
          {"exp", kNowS + 3590},   {"cognito:groups", {"Admins", "Unknown", "Adjusters"}}};
}

std::string Part(const Json& json) { return Base64UrlEncode(json.dump()); }

class AuthorizerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    our_keys_["k1"] = PublicOf(OurKey());
    route_.options.access = gateway::Access::Users();
    public_route_.options.access = gateway::Access::Public();
    Build();
  }

  void Build() {
    AuthorizerOptions options{.issuer = kIssuer, .client_id = kClient};
    options.external =
        AuthorizerOptions::External{.issuer = kExtIssuer,
                                    .client_id = kExtClient,
                                    .groups_claim = "cognito:groups",
                                    .group_map = {{"Admins", "admin"}, {"Adjusters", "agent"}}};
    external_ = std::make_shared<ExternalJwks>(
        ExternalJwksOptions{.url = "https://idp.example.com/jwks.json"},
        [this](const std::string&) {
          ++fetches_;
          if (jwks_body_.empty()) throw std::runtime_error("unreachable");
          return jwks_body_;
        },
        clock_);
    OurKeys keys{.find = [this](std::string_view kid) -> std::shared_ptr<const crypto::RsaKey> {
                   auto it = our_keys_.find(std::string(kid));
                   return it == our_keys_.end() ? nullptr : it->second;
                 },
                 .reload =
                     [this] {
                       ++reloads_;
                       for (auto& [kid, key] : pending_keys_) our_keys_[kid] = key;
                     }};
    authorizer_ = std::make_unique<Authorizer>(
        options, keys, sessions_, external_,
        [](std::string_view presented,
           const gateway::Request&) -> std::optional<gateway::Principal> {
          if (presented != "ccrm_key_good_secret") return std::nullopt;
          return gateway::Principal{.id = "key_good",
                                    .name = "connect",
                                    .groups = {"connect:ingest"},
                                    .is_api_key = true};
        },
        clock_, nullptr, external_users_);
  }

  std::optional<gateway::Response> Run(
      const std::vector<std::pair<std::string, std::string>>& headers, bool on_public = false) {
    request_ = gateway::Request{};
    for (const auto& [name, value] : headers) request_.headers.Add(name, value);
    return (*authorizer_)(on_public ? public_route_ : route_, request_);
  }
  std::optional<gateway::Response> WithToken(const std::string& token) {
    return Run({{"Authorization", "Bearer " + token}});
  }

  // The 401 with error="invalid_token" and the given description fragment.
  static void ExpectInvalidToken(const std::optional<gateway::Response>& response,
                                 const std::string& fragment) {
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(response->status, 401);
    const std::string* challenge = response->headers.Find("WWW-Authenticate");
    ASSERT_NE(challenge, nullptr);
    EXPECT_NE(challenge->find("Bearer "), std::string::npos) << *challenge;
    EXPECT_NE(challenge->find("error=\"invalid_token\""), std::string::npos) << *challenge;
    EXPECT_NE(challenge->find(fragment), std::string::npos) << *challenge;
  }

  std::shared_ptr<TestClock> clock_ = std::make_shared<TestClock>();
  std::shared_ptr<FakeSessions> sessions_ = std::make_shared<FakeSessions>();
  std::shared_ptr<FakeExternalUsers> external_users_;  // set it, then Build(), to have them
  std::map<std::string, std::shared_ptr<const crypto::RsaKey>> our_keys_;
  std::map<std::string, std::shared_ptr<const crypto::RsaKey>> pending_keys_;
  int reloads_ = 0;
  int fetches_ = 0;
  std::string jwks_body_;
  std::shared_ptr<ExternalJwks> external_;
  std::unique_ptr<Authorizer> authorizer_;
  gateway::Route route_;
  gateway::Route public_route_;
  gateway::Request request_;
};

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

  // A cached token does not resolve again, but the local user's state is checked every time.
  EXPECT_FALSE(WithToken(token).has_value());
  EXPECT_EQ(external_users_->seen.size(), 1u);
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
