#include "auth/password_hasher.hpp"

#include <sodium.h>

#include <stdexcept>

namespace ccrm::auth {
namespace {

void InitSodium() {
  // sodium_init is idempotent and thread-safe; the static makes it run once per process.
  static const int result = sodium_init();
  if (result < 0) throw std::runtime_error("libsodium failed to initialise");
}

// A password no one types, hashed once per hasher: DummyVerify checks a guess against it.
constexpr char kDummyPassword[] = "ccrm dummy password for equal timing";

}  // namespace

PasswordHasher::PasswordHasher(Params params) : params_(params) {
  if (params_.ops_limit < Params::kMinOpsLimit ||
      params_.mem_limit_bytes < Params::kMinMemLimitBytes) {
    throw std::invalid_argument("argon2id parameters below m=19 MiB, t=2");
  }
  if (params_.ops_limit > crypto_pwhash_OPSLIMIT_MAX ||
      params_.mem_limit_bytes > crypto_pwhash_MEMLIMIT_MAX) {
    throw std::invalid_argument("argon2id parameters above libsodium's limits");
  }
  InitSodium();
  dummy_hash_ = Hash(kDummyPassword);
}

std::string PasswordHasher::Hash(std::string_view password) const {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), params_.ops_limit,
                            params_.mem_limit_bytes, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("argon2id: out of memory");
  }
  return std::string(out);
}

bool PasswordHasher::Verify(std::string_view hash, std::string_view password) const {
  // libsodium reads a NUL-terminated string; anything that cannot be one of ours goes to the
  // dummy, which does the same work.
  if (hash.size() < crypto_pwhash_STRBYTES && hash.find('\0') == std::string_view::npos &&
      hash.starts_with(crypto_pwhash_argon2id_STRPREFIX)) {
    const std::string terminated(hash);
    // needs_rehash parses the string fully (-1: malformed), where a malformed string would
    // make verify fail fast.
    if (crypto_pwhash_argon2id_str_needs_rehash(terminated.c_str(), params_.ops_limit,
                                                params_.mem_limit_bytes) >= 0) {
      return VerifyString(terminated, password);
    }
  }
  DummyVerify();
  return false;
}

bool PasswordHasher::VerifyString(const std::string& hash, std::string_view password) const {
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

bool PasswordHasher::NeedsRehash(std::string_view hash) const {
  if (hash.size() >= crypto_pwhash_STRBYTES || hash.find('\0') != std::string_view::npos) {
    return true;
  }
  const std::string terminated(hash);
  // 0: current; 1: other parameters; -1: not an argon2id string. Both of the last mean rehash.
  return crypto_pwhash_argon2id_str_needs_rehash(terminated.c_str(), params_.ops_limit,
                                                 params_.mem_limit_bytes) != 0;
}

void PasswordHasher::DummyVerify() const {
  // The result is thrown away; volatile keeps the call from looking removable.
  volatile bool ignored = VerifyString(dummy_hash_, "not the dummy password");
  (void)ignored;
}

}  // namespace ccrm::auth
