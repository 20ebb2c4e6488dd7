#include "auth/password_hasher.hpp"

#include <gtest/gtest.h>

#include <ctime>

#include <chrono>
#include <stdexcept>

namespace ccrm::auth {
namespace {

// One hasher for the suite: construction hashes once (for DummyVerify).
const PasswordHasher& Hasher() {
  static const PasswordHasher hasher;
  return hasher;
}

TEST(PasswordHasherTest, HashesWithArgon2idAtTheMinimumCost) {
  const auto hash = Hasher().Hash("correct horse battery staple");
  EXPECT_TRUE(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$")) << hash;
  EXPECT_NE(hash, Hasher().Hash("correct horse battery staple"));  // random salt
}

TEST(PasswordHasherTest, VerifiesTheRightPasswordOnly) {
  const auto hash = Hasher().Hash("correct horse battery staple");
  EXPECT_TRUE(Hasher().Verify(hash, "correct horse battery staple"));
  EXPECT_FALSE(Hasher().Verify(hash, "correct horse battery stapler"));
  EXPECT_FALSE(Hasher().Verify(hash, ""));
  const auto empty = Hasher().Hash("");
  EXPECT_TRUE(Hasher().Verify(empty, ""));
  // Bytes after a NUL count: the length is passed, not a C string.
  const std::string with_nul("a\0b", 3);
  EXPECT_FALSE(Hasher().Verify(Hasher().Hash(with_nul), "a"));
  EXPECT_TRUE(Hasher().Verify(Hasher().Hash(with_nul), with_nul));
}

TEST(PasswordHasherTest, RefusesHashesThatAreNotOurs) {
  const auto hash = Hasher().Hash("pw");
  EXPECT_FALSE(Hasher().Verify("", "pw"));
  EXPECT_FALSE(Hasher().Verify("plaintext", "plaintext"));
  EXPECT_FALSE(Hasher().Verify(hash.substr(0, hash.size() - 5), "pw"));
  EXPECT_FALSE(Hasher().Verify(hash + std::string(200, 'x'), "pw"));
  EXPECT_FALSE(Hasher().Verify("$argon2id$v=19$m=19456,t=2,p=1$garbage", "pw"));
  // argon2i (not id) is refused even when it would verify.
  std::string argon2i = hash;
  argon2i.replace(0, 10, "$argon2i$");
  EXPECT_FALSE(Hasher().Verify(argon2i, "pw"));
}

TEST(PasswordHasherTest, NeedsRehashWhenParametersDiffer) {
  const auto hash = Hasher().Hash("pw");
  EXPECT_FALSE(Hasher().NeedsRehash(hash));
  const PasswordHasher stronger({.ops_limit = 3, .mem_limit_bytes = size_t{19} << 20});
  EXPECT_TRUE(stronger.NeedsRehash(hash));
  EXPECT_TRUE(stronger.Verify(hash, "pw"));  // old hashes still verify
  EXPECT_TRUE(Hasher().NeedsRehash("not a hash"));
  EXPECT_TRUE(Hasher().NeedsRehash(""));
}

TEST(PasswordHasherTest, RefusesWeakParameters) {
  EXPECT_THROW(PasswordHasher({.ops_limit = 1, .mem_limit_bytes = size_t{64} << 20}),
               std::invalid_argument);
  EXPECT_THROW(PasswordHasher({.ops_limit = 2, .mem_limit_bytes = size_t{8} << 20}),
               std::invalid_argument);
}

// Unknown users, malformed records and wrong passwords must cost about the same.
TEST(PasswordHasherTest, DummyAndMalformedCostAboutAsMuchAsAVerify) {
  const auto hash = Hasher().Hash("pw");
  // Thread CPU time, not wall time: on a loaded CI machine wall time measures the neighbours.
  auto cpu_now = [] {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
  };
  auto time = [&](auto&& f) {
    double best = 1e9;
    for (int i = 0; i < 3; ++i) {
      const double start = cpu_now();
      f();
      best = std::min(best, cpu_now() - start);
    }
    return best;
  };
  const double real = time([&] { Hasher().Verify(hash, "wrong"); });
  const double dummy = time([&] { Hasher().DummyVerify(); });
  const double malformed = time([&] { Hasher().Verify("", "wrong"); });
  EXPECT_GT(real, 0.005);  // argon2id at 19 MiB is milliseconds, not microseconds
  EXPECT_GT(dummy, real * 0.33);
  EXPECT_LT(dummy, real * 3.0);
  EXPECT_GT(malformed, real * 0.33);
  EXPECT_LT(malformed, real * 3.0);
}

}  // namespace
}  // namespace ccrm::auth
