#include "auth/jwt.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>

#include "common/base64.hpp"
#include "crypto/crypto_error.hpp"
#include "crypto/digest.hpp"

namespace ccrm::auth {
namespace {

using std::chrono::seconds;
using std::chrono::system_clock;

constexpr char kIssuer[] = "https://crm.example.com";
constexpr char kClient[] = "ccrm-web";
constexpr char kKid[] = "sig_1";

const crypto::RsaKey& PrivateKey() {
  static const crypto::RsaKey key = crypto::RsaKey::Generate();
  return key;
}

std::shared_ptr<const crypto::RsaKey> PublicKey() {
  static const auto key = std::make_shared<const crypto::RsaKey>(
      crypto::RsaKey::FromPublicPem(PrivateKey().PublicPem()));
  return key;
}

const system_clock::time_point kNow = system_clock::time_point(seconds(1'800'000'000));
const int64_t kNowS = 1'800'000'000;

Json AccessClaims() {
  return {{"iss", kIssuer},       {"sub", "usr_1"},      {"token_use", "access"},
          {"client_id", kClient}, {"username", "ann"},   {"cognito:groups", {"agent"}},
          {"iat", kNowS - 10},    {"exp", kNowS + 3590}, {"jti", "j1"}};
}

Json IdClaims() {
  return {{"iss", kIssuer}, {"sub", "usr_1"}, {"token_use", "id"},
          {"aud", kClient}, {"iat", kNowS},   {"exp", kNowS + 3600}};
}

JwtVerifyOptions Options(TokenUse use = TokenUse::kAccess) {
  return {.issuer = kIssuer, .token_use = use, .client_id = kClient};
}

// Counts lookups, to prove that refused algorithms never reach a key.
struct CountingResolver {
  std::shared_ptr<std::atomic<int>> calls = std::make_shared<std::atomic<int>>(0);
  KeyResolver Get() const {
    return [calls = calls](std::string_view kid) -> std::shared_ptr<const crypto::RsaKey> {
      ++*calls;
      return kid == kKid ? PublicKey() : nullptr;
    };
  }
};

// A token with any header and payload text, signed over exactly those bytes.
std::string RawToken(std::string_view header, std::string_view payload,
                     const crypto::RsaKey& key = PrivateKey()) {
  std::string input = Base64UrlEncode(header) + "." + Base64UrlEncode(payload);
  return input + "." + Base64UrlEncode(key.SignRs256(input));
}

std::string RsHeader() { return R"({"alg":"RS256","kid":"sig_1","typ":"JWT"})"; }

JwtVerifyResult Verify(std::string_view token, TokenUse use = TokenUse::kAccess) {
  return VerifyJwt(token, CountingResolver{}.Get(), Options(use), kNow);
}

JwtError ErrorOf(std::string_view token, TokenUse use = TokenUse::kAccess) {
  const auto result = Verify(token, use);
  EXPECT_FALSE(result.ok()) << token;
  return result.ok() ? JwtError::kMalformed : result.error();
}

TEST(JwtTest, SignsAndVerifiesAnAccessToken) {
  const auto token = SignJwt(kKid, AccessClaims(), PrivateKey());
  const auto header = Base64UrlDecode(token.substr(0, token.find('.')));
  ASSERT_TRUE(header.has_value());
  EXPECT_EQ(Json::parse(*header), (Json{{"alg", "RS256"}, {"typ", "JWT"}, {"kid", kKid}}));

  const auto result = Verify(token);
  ASSERT_TRUE(result.ok()) << result.description();
  EXPECT_EQ(result.claims(), AccessClaims());
  EXPECT_THROW(result.error(), std::logic_error);
}

TEST(JwtTest, VerifiesIdTokensAgainstAud) {
  EXPECT_TRUE(Verify(SignJwt(kKid, IdClaims(), PrivateKey()), TokenUse::kId).ok());
  Json claims = IdClaims();
  claims["aud"] = {"other", kClient};
  EXPECT_TRUE(Verify(SignJwt(kKid, claims, PrivateKey()), TokenUse::kId).ok());
  claims["aud"] = {"other"};
  EXPECT_EQ(ErrorOf(SignJwt(kKid, claims, PrivateKey()), TokenUse::kId), JwtError::kWrongAudience);
  claims.erase("aud");
  claims["client_id"] = kClient;  // an id token names its client in aud, not client_id
  EXPECT_EQ(ErrorOf(SignJwt(kKid, claims, PrivateKey()), TokenUse::kId), JwtError::kWrongAudience);
}

TEST(JwtTest, RefusesEveryAlgorithmButRs256BeforeAnyKeyLookup) {
  const std::string payload = AccessClaims().dump();
  const std::string body =
      Base64UrlEncode(R"({"alg":"none","kid":"sig_1"})") + "." + Base64UrlEncode(payload);
  CountingResolver resolver;
  auto verify = [&](std::string_view token) {
    return VerifyJwt(token, resolver.Get(), Options(), kNow);
  };
  EXPECT_EQ(verify(body + ".").error(), JwtError::kUnsupportedAlgorithm);

  // The classic confusion: HS256 keyed with the public key PEM that anyone can download.
  const std::string hs_input = Base64UrlEncode(R"({"alg":"HS256","kid":"sig_1","typ":"JWT"})") +
                               "." + Base64UrlEncode(payload);
  const std::string hs_token =
      hs_input + "." + Base64UrlEncode(crypto::HmacSha256(PrivateKey().PublicPem(), hs_input));
  EXPECT_EQ(verify(hs_token).error(), JwtError::kUnsupportedAlgorithm);

  for (const char* header :
       {R"({"alg":"RS512","kid":"sig_1"})", R"({"alg":"rs256","kid":"sig_1"})",
        R"({"alg":"PS256","kid":"sig_1"})", R"({"alg":"ES256","kid":"sig_1"})",
        R"({"alg":"RS256 ","kid":"sig_1"})", R"({"alg":["RS256"],"kid":"sig_1"})",
        R"({"alg":null,"kid":"sig_1"})", R"({"kid":"sig_1"})"}) {
    EXPECT_EQ(verify(RawToken(header, payload)).error(), JwtError::kUnsupportedAlgorithm) << header;
  }
  EXPECT_EQ(resolver.calls->load(), 0);
}

TEST(JwtTest, RefusesUnknownKeysAndBadSignatures) {
  EXPECT_EQ(ErrorOf(SignJwt("sig_2", AccessClaims(), PrivateKey())), JwtError::kUnknownKey);
  const auto other = crypto::RsaKey::Generate();
  EXPECT_EQ(ErrorOf(SignJwt(kKid, AccessClaims(), other)), JwtError::kBadSignature);

  // Claims swapped under a valid signature.
  const auto token = SignJwt(kKid, AccessClaims(), PrivateKey());
  Json forged = AccessClaims();
  forged["cognito:groups"] = {"admin"};
  const size_t dot1 = token.find('.');
  const size_t dot2 = token.rfind('.');
  const std::string swapped =
      token.substr(0, dot1 + 1) + Base64UrlEncode(forged.dump()) + token.substr(dot2);
  EXPECT_EQ(ErrorOf(swapped), JwtError::kBadSignature);
  // A truncated signature.
  const auto signature = Base64UrlDecode(token.substr(dot2 + 1));
  ASSERT_TRUE(signature.has_value());
  EXPECT_EQ(ErrorOf(token.substr(0, dot2 + 1) + Base64UrlEncode(signature->substr(1))),
            JwtError::kBadSignature);
}

TEST(JwtTest, RefusesMalformedTokens) {
  const auto token = SignJwt(kKid, AccessClaims(), PrivateKey());
  for (const std::string& bad :
       {std::string(), std::string("."), std::string(".."), std::string("a.b"), token + ".x",
        token + ".", "." + token, token.substr(0, token.find('.')), "!" + token, token + "="}) {
    EXPECT_EQ(ErrorOf(bad), JwtError::kMalformed) << bad;
  }
  // A non-canonical spelling of the signature's last character (same bytes, other text).
  std::string noncanonical = token;
  const auto last = noncanonical.back();
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  noncanonical.back() = alphabet[alphabet.find(last) ^ 1];  // 256 bytes: 4 unused low bits
  EXPECT_EQ(ErrorOf(noncanonical), JwtError::kMalformed);

  EXPECT_EQ(ErrorOf(RawToken(R"(["RS256"])", AccessClaims().dump())), JwtError::kMalformed);
  EXPECT_EQ(
      ErrorOf(RawToken(R"({"alg":"RS256","kid":"sig_1","alg":"RS256"})", AccessClaims().dump())),
      JwtError::kMalformed);
  EXPECT_EQ(ErrorOf(RawToken(R"({"alg":"RS256"})", AccessClaims().dump())), JwtError::kMalformed);
  EXPECT_EQ(ErrorOf(RawToken(R"({"alg":"RS256","kid":7})", AccessClaims().dump())),
            JwtError::kMalformed);
  EXPECT_EQ(
      ErrorOf(RawToken(R"({"alg":"RS256","kid":"sig_1","crit":["exp"]})", AccessClaims().dump())),
      JwtError::kMalformed);
  // Correctly signed, yet not a JSON object, or with a duplicate claim.
  EXPECT_EQ(ErrorOf(RawToken(RsHeader(), "[1,2]")), JwtError::kMalformed);
  EXPECT_EQ(ErrorOf(RawToken(RsHeader(), "{not json")), JwtError::kMalformed);
  std::string duplicate = AccessClaims().dump();
  duplicate.insert(1, R"("cognito:groups":["admin"],)");
  EXPECT_EQ(ErrorOf(RawToken(RsHeader(), duplicate)), JwtError::kMalformed);
  // Oversized.
  Json big = AccessClaims();
  big["padding"] = std::string(kMaxJwtBytes, 'x');
  EXPECT_EQ(ErrorOf(SignJwt(kKid, big, PrivateKey())), JwtError::kMalformed);
}

TEST(JwtTest, RequiresNumericTimes) {
  for (const char* field : {"exp", "iat"}) {
    Json claims = AccessClaims();
    claims.erase(field);
    EXPECT_EQ(ErrorOf(SignJwt(kKid, claims, PrivateKey())), JwtError::kMalformed) << field;
    claims[field] = std::to_string(kNowS + 100);
    EXPECT_EQ(ErrorOf(SignJwt(kKid, claims, PrivateKey())), JwtError::kMalformed) << field;
  }
  Json claims = AccessClaims();
  claims["nbf"] = "soon";
  EXPECT_EQ(ErrorOf(SignJwt(kKid, claims, PrivateKey())), JwtError::kMalformed);
}

TEST(JwtTest, ChecksTimesWithLeeway) {
  Json claims = AccessClaims();
  claims["exp"] = kNowS - 59;
  EXPECT_TRUE(Verify(SignJwt(kKid, claims, PrivateKey())).ok());
  claims["exp"] = kNowS - 61;
  EXPECT_EQ(ErrorOf(SignJwt(kKid, claims, PrivateKey())), JwtError::kExpired);

  claims = AccessClaims();
  claims["iat"] = kNowS + 59;
  EXPECT_TRUE(Verify(SignJwt(kKid, claims, PrivateKey())).ok());
  claims["iat"] = kNowS + 120;
  EXPECT_EQ(ErrorOf(SignJwt(kKid, claims, PrivateKey())), JwtError::kNotYetValid);
  claims = AccessClaims();
  claims["nbf"] = kNowS + 120;
  EXPECT_EQ(ErrorOf(SignJwt(kKid, claims, PrivateKey())), JwtError::kNotYetValid);

  JwtVerifyOptions strict = Options();
  strict.leeway = seconds(0);
  claims = AccessClaims();
  claims["exp"] = kNowS - 1;
  EXPECT_EQ(VerifyJwt(SignJwt(kKid, claims, PrivateKey()), CountingResolver{}.Get(), strict, kNow)
                .error(),
            JwtError::kExpired);
}

TEST(JwtTest, ChecksIssuerTokenUseAndClient) {
  Json claims = AccessClaims();
  claims["iss"] = "https://evil.example.com";
  EXPECT_EQ(ErrorOf(SignJwt(kKid, claims, PrivateKey())), JwtError::kWrongIssuer);
  claims.erase("iss");
  EXPECT_EQ(ErrorOf(SignJwt(kKid, claims, PrivateKey())), JwtError::kWrongIssuer);

  // An id token is no access token, and the reverse.
  EXPECT_EQ(ErrorOf(SignJwt(kKid, IdClaims(), PrivateKey())), JwtError::kWrongTokenUse);
  EXPECT_EQ(ErrorOf(SignJwt(kKid, AccessClaims(), PrivateKey()), TokenUse::kId),
            JwtError::kWrongTokenUse);
  claims = AccessClaims();
  claims.erase("token_use");
  EXPECT_EQ(ErrorOf(SignJwt(kKid, claims, PrivateKey())), JwtError::kWrongTokenUse);

  claims = AccessClaims();
  claims["client_id"] = "another-app";
  EXPECT_EQ(ErrorOf(SignJwt(kKid, claims, PrivateKey())), JwtError::kWrongAudience);
  claims.erase("client_id");
  claims["aud"] = kClient;  // an access token names its client in client_id
  EXPECT_EQ(ErrorOf(SignJwt(kKid, claims, PrivateKey())), JwtError::kWrongAudience);
}

TEST(JwtTest, DescriptionsAreSafeForAHeader) {
  const auto result = Verify(SignJwt("sig_2", AccessClaims(), PrivateKey()));
  ASSERT_FALSE(result.ok());
  EXPECT_FALSE(result.description().empty());
  EXPECT_EQ(result.description().find('"'), std::string::npos);
  EXPECT_THROW(result.claims(), std::logic_error);
  EXPECT_EQ(JwtErrorName(result.error()), "unknown_key");
}

TEST(JwtTest, RefusesMisuse) {
  EXPECT_THROW(SignJwt(kKid, Json::array(), PrivateKey()), std::invalid_argument);
  EXPECT_THROW(SignJwt("", AccessClaims(), PrivateKey()), std::invalid_argument);
  EXPECT_THROW(SignJwt(kKid, AccessClaims(), *PublicKey()), crypto::CryptoError);
  JwtVerifyOptions no_issuer = Options();
  no_issuer.issuer.clear();
  EXPECT_THROW(VerifyJwt("a.b.c", CountingResolver{}.Get(), no_issuer, kNow),
               std::invalid_argument);
  JwtVerifyOptions no_client = Options();
  no_client.client_id.clear();
  EXPECT_THROW(VerifyJwt("a.b.c", CountingResolver{}.Get(), no_client, kNow),
               std::invalid_argument);
  // A missing resolver finds no key rather than crashing.
  EXPECT_EQ(
      VerifyJwt(SignJwt(kKid, AccessClaims(), PrivateKey()), nullptr, Options(), kNow).error(),
      JwtError::kUnknownKey);
}

}  // namespace
}  // namespace ccrm::auth
