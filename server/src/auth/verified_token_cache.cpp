#include "auth/verified_token_cache.hpp"

#include <openssl/sha.h>

#include <algorithm>
#include <cstring>

namespace ccrm::auth {

VerifiedTokenCache::VerifiedTokenCache(size_t capacity)
    : per_shard_(std::max<size_t>(1, capacity / kShards)) {}

size_t VerifiedTokenCache::DigestHash::operator()(const Digest& d) const noexcept {
  size_t h;  // a SHA-256 digest is uniformly distributed already
  std::memcpy(&h, d.data(), sizeof h);
  return h;
}

VerifiedTokenCache::Digest VerifiedTokenCache::DigestOf(std::string_view token) {
  Digest digest;
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), digest.data());
  return digest;
}

VerifiedTokenCache::Shard& VerifiedTokenCache::ShardOf(const Digest& digest) const {
  return shards_[digest[31] % kShards];
}

std::optional<VerifiedToken> VerifiedTokenCache::Find(
    std::string_view token, std::chrono::system_clock::time_point now) const {
  const Digest digest = DigestOf(token);
  Shard& shard = ShardOf(digest);
  std::lock_guard lock(shard.mutex);
  const auto it = shard.entries.find(digest);
  if (it == shard.entries.end()) return std::nullopt;
  if (now >= it->second.expires) {
    shard.entries.erase(it);
    return std::nullopt;
  }
  return it->second;
}

void VerifiedTokenCache::Insert(std::string_view token, VerifiedToken verified) {
  const Digest digest = DigestOf(token);
  Shard& shard = ShardOf(digest);
  std::lock_guard lock(shard.mutex);
  if (shard.entries.size() >= per_shard_) shard.entries.clear();
  shard.entries.insert_or_assign(digest, std::move(verified));
}

size_t VerifiedTokenCache::size() const {
  size_t total = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    total += shard.entries.size();
  }
  return total;
}

}  // namespace ccrm::auth
