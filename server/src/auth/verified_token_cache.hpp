// A cache of bearer tokens whose signature and claims were already verified, so a client that
// sends the same access token on every request pays the RS256 verification (~25 µs) once.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "gateway/http_types.hpp"

namespace ccrm::auth {

// What a verified token says, as the authorizer needs it on every request.
struct VerifiedToken {
  Principal principal;
  std::string family;  // origin_jti of our tokens (session checks still run on every hit)
  bool external = false;
  // An external token acting as a local user (ExternalUsers): the user's state is checked on
  // every hit, as for our tokens.
  bool local_user = false;
  int64_t issued_at_ms = 0;  // the token's iat
  std::chrono::system_clock::time_point expires;  // exp + leeway: no hit after this
};

class VerifiedTokenCache {
 public:
  // At most `capacity` tokens; a shard that fills up is emptied (cheap, and a miss only costs
  // one verification).
  explicit VerifiedTokenCache(size_t capacity = 16384);
  VerifiedTokenCache(const VerifiedTokenCache&) = delete;
  VerifiedTokenCache& operator=(const VerifiedTokenCache&) = delete;

  // The entry for `token` unless it expired by `now`. Keyed by SHA-256 of the token, so
  // neither the lookup nor its timing reveals anything about cached tokens' bytes.
  // Shared, not copied: a hit is on every authenticated request's path.
  std::shared_ptr<const VerifiedToken> Find(std::string_view token,
                                            std::chrono::system_clock::time_point now) const;
  // Keeps `verified` and gives it back as Find would.
  std::shared_ptr<const VerifiedToken> Insert(std::string_view token, VerifiedToken verified);
  size_t size() const;

 private:
  using Digest = std::array<unsigned char, 32>;
  struct DigestHash {
    size_t operator()(const Digest& d) const noexcept;
  };
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<Digest, std::shared_ptr<const VerifiedToken>, DigestHash> entries;
  };
  static Digest DigestOf(std::string_view token);
  Shard& ShardOf(const Digest& digest) const;

  static constexpr size_t kShards = 16;
  size_t per_shard_;
  mutable std::array<Shard, kShards> shards_;
};

}  // namespace ccrm::auth
