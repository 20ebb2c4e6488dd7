// The cost of identity's cryptography: one argon2id hash/verify (sign-ins per second per core),
// RS256 sign and verify, and a whole access-token verification (the per-request cost).
#include <benchmark/benchmark.h>

#include <chrono>
#include <memory>

#include "auth/jwt.hpp"
#include "auth/password_hasher.hpp"
#include "auth/totp.hpp"
#include "auth/verified_token_cache.hpp"
#include "crypto/aead.hpp"
#include "crypto/digest.hpp"
#include "crypto/random.hpp"
#include "crypto/rsa_key.hpp"

namespace {

using ccrm::Json;
namespace auth = ccrm::auth;
namespace crypto = ccrm::crypto;

const auth::PasswordHasher& Hasher() {
  static const auth::PasswordHasher hasher;
  return hasher;
}

const crypto::RsaKey& Key() {
  static const crypto::RsaKey key = crypto::RsaKey::Generate();
  return key;
}

void BM_Argon2idHash(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(Hasher().Hash("correct horse battery staple"));
}
BENCHMARK(BM_Argon2idHash)->Unit(benchmark::kMicrosecond)->MinTime(2.0);

void BM_Argon2idVerify(benchmark::State& state) {
  const auto hash = Hasher().Hash("correct horse battery staple");
  for (auto _ : state) {
    benchmark::DoNotOptimize(Hasher().Verify(hash, "correct horse battery staple"));
  }
}
BENCHMARK(BM_Argon2idVerify)->Unit(benchmark::kMicrosecond)->MinTime(2.0);

void BM_Rs256Sign(benchmark::State& state) {
  const std::string input(600, 'x');  // about a header and Cognito-shaped payload
  for (auto _ : state) benchmark::DoNotOptimize(Key().SignRs256(input));
}
BENCHMARK(BM_Rs256Sign)->Unit(benchmark::kMicrosecond);

void BM_Rs256Verify(benchmark::State& state) {
  const std::string input(600, 'x');
  const auto signature = Key().SignRs256(input);
  for (auto _ : state) benchmark::DoNotOptimize(Key().VerifyRs256(input, signature));
}
BENCHMARK(BM_Rs256Verify)->Unit(benchmark::kMicrosecond);

void BM_VerifyAccessToken(benchmark::State& state) {
  const auto public_key =
      std::make_shared<const crypto::RsaKey>(crypto::RsaKey::FromPublicPem(Key().PublicPem()));
  const auto now = std::chrono::system_clock::now();
  const int64_t now_s =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  const Json claims = {{"iss", "https://crm.example.com"},
                       {"sub", "usr_01jd3x6y7z8a9b0c1d2e3f4g5h"},
                       {"token_use", "access"},
                       {"scope", "openid profile"},
                       {"client_id", "ccrm-web"},
                       {"username", "ann"},
                       {"cognito:groups", {"agent"}},
                       {"auth_time", now_s},
                       {"iat", now_s},
                       {"exp", now_s + 3600},
                       {"jti", "01jd3x6y7z8a9b0c1d2e3f4g5h"},
                       {"origin_jti", "01jd3x6y7z8a9b0c1d2e3f4g5i"}};
  const std::string token = auth::SignJwt("sig_1", claims, Key());
  const auth::KeyResolver resolve = [&](std::string_view kid) {
    return kid == "sig_1" ? public_key : nullptr;
  };
  const auth::JwtVerifyOptions options{.issuer = "https://crm.example.com",
                                       .token_use = auth::TokenUse::kAccess,
                                       .client_id = "ccrm-web"};
  for (auto _ : state) {
    auto result = auth::VerifyJwt(token, resolve, options, now);
    if (!result) state.SkipWithError("token refused");
    benchmark::DoNotOptimize(result);
  }
}
BENCHMARK(BM_VerifyAccessToken)->Unit(benchmark::kMicrosecond);

// What a request with an already-verified access token pays instead of BM_VerifyAccessToken:
// SHA-256 of the token and a sharded map lookup (a realistic 900-byte token).
void BM_VerifiedTokenCacheHit(benchmark::State& state) {
  ccrm::auth::VerifiedTokenCache cache;
  const std::string token(900, 'x');
  const auto now = std::chrono::system_clock::now();
  ccrm::auth::VerifiedToken verified;
  verified.principal.id = "usr_01jd7q8z3m4n5p6r7s8t9v0w1x";
  verified.principal.groups = {"agent"};
  verified.family = "fam";
  verified.expires = now + std::chrono::hours(1);
  cache.Insert(token, verified);
  for (auto _ : state) benchmark::DoNotOptimize(cache.Find(token, now));
}
BENCHMARK(BM_VerifiedTokenCacheHit)->Unit(benchmark::kMicrosecond);

void BM_Sha256Hex64Bytes(benchmark::State& state) {
  const std::string token = crypto::RandomToken();
  for (auto _ : state) benchmark::DoNotOptimize(crypto::Sha256Hex(token));
}
BENCHMARK(BM_Sha256Hex64Bytes);

void BM_AesGcmSeal1KiB(benchmark::State& state) {
  const std::string key = crypto::RandomBytes(crypto::kAeadKeySize);
  const std::string plaintext(1024, 'p');
  for (auto _ : state) benchmark::DoNotOptimize(crypto::Seal(key, plaintext, "aad"));
}
BENCHMARK(BM_AesGcmSeal1KiB);

void BM_TotpVerifyWindow1(benchmark::State& state) {
  const std::string secret = auth::NewTotpSecret();
  const int64_t now = 1'800'000'000;
  const std::string code = auth::TotpCode(secret, now);
  for (auto _ : state) benchmark::DoNotOptimize(auth::VerifyTotp(secret, code, now, std::nullopt));
}
BENCHMARK(BM_TotpVerifyWindow1);

}  // namespace

BENCHMARK_MAIN();
