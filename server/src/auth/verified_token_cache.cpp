#include "auth/verified_token_cache.hpp"

#include <openssl/sha.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "crypto/constant_time.hpp"

namespace ccrm::auth {

VerifiedTokenCache::VerifiedTokenCache(size_t capacity)
    : per_shard_(std::max<size_t>(1, capacity / kShards)) {}

size_t VerifiedTokenCache::DigestHash::operator()(const Digest& d) const noexcept {
  size_t h;  // a SHA-256 digest is uniformly distributed already
  std::memcpy(&h, d.data(), sizeof h);
  return h;
}

VerifiedTokenCache::Digest VerifiedTokenCache::DigestOf(std::string_view token) {
  // The authorizer looks a request's token up twice (may it run on the io thread? who is it?)
  // and a client sends the same token request after request on its connection, which one io
  // thread serves: the thread keeps its last token's digest and reuses it for the same bytes,
  // compared in constant time (which token a thread saw last is not for timing to tell).
  thread_local std::string last_token;
  thread_local Digest last_digest{};
  if (!token.empty() && crypto::ConstantTimeEquals(token, last_token)) {
    return last_digest;
  }
  Digest digest;
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), digest.data());
  last_token.assign(token);
  last_digest = digest;
  return digest;
}

VerifiedTokenCache::Shard& VerifiedTokenCache::ShardOf(const Digest& digest) const {
  return shards_[digest[31] % kShards];
}

std::shared_ptr<const VerifiedToken> VerifiedTokenCache::Find(
    std::string_view token, std::chrono::system_clock::time_point now) const {
  const Digest digest = DigestOf(token);
  Shard& shard = ShardOf(digest);
  std::lock_guard lock(shard.mutex);
  const auto it = shard.entries.find(digest);
  if (it == shard.entries.end()) return nullptr;
  if (now >= it->second->expires) {
    shard.entries.erase(it);
    return nullptr;
  }
  return it->second;
}

std::shared_ptr<const VerifiedToken> VerifiedTokenCache::Insert(std::string_view token,
                                                                VerifiedToken verified) {
  const Digest digest = DigestOf(token);
  Shard& shard = ShardOf(digest);
  std::lock_guard lock(shard.mutex);
  auto entry = std::make_shared<const VerifiedToken>(std::move(verified));
  if (shard.entries.size() >= per_shard_) shard.entries.clear();
  shard.entries.insert_or_assign(digest, entry);
  return entry;
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
