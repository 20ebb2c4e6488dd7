#include "auth/user_cache.hpp"

namespace ccrm::auth {

UserCache::UserCache(Loader loader, std::chrono::milliseconds ttl)
    : loader_(std::move(loader)), ttl_(ttl) {}

UserCache::Shard& UserCache::ShardFor(const std::string& id) {
  return shards_[std::hash<std::string>{}(id) % kShards];
}

std::shared_ptr<const CachedUser> UserCache::Get(const std::string& id) {
  Shard& shard = ShardFor(id);
  const auto now = std::chrono::steady_clock::now();
  uint64_t generation = 0;
  {
    std::lock_guard lock(shard.mutex);
    if (auto it = shard.entries.find(id); it != shard.entries.end() && it->second.expires > now) {
      return it->second.user;
    }
    generation = shard.invalidations;
  }
  // Loaded outside the lock: a slow read must not stall the other users of the shard.
  std::shared_ptr<const CachedUser> user;
  if (std::optional<User> loaded = loader_(id)) {
    std::string api_json = UserToJson(*loaded).dump(-1, ' ', false, Json::error_handler_t::replace);
    user = std::make_shared<const CachedUser>(CachedUser{std::move(*loaded), std::move(api_json)});
  }
  std::lock_guard lock(shard.mutex);
  if (shard.invalidations != generation) return user;  // a write raced the read: do not keep it
  // Between a write's commit and its Forget, another read may already have kept the newer user:
  // a slower read of the older one must not replace it.
  if (auto it = shard.entries.find(id);
      it != shard.entries.end() && it->second.expires > now && user && it->second.user &&
      it->second.user->user.version > user->user.version) {
    return it->second.user;
  }
  if (shard.entries.size() >= kMaxEntriesPerShard) shard.entries.clear();
  shard.entries[id] = Entry{user, now + ttl_};
  return user;
}

bool UserCache::Contains(const std::string& id) {
  Shard& shard = ShardFor(id);
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(shard.mutex);
  const auto it = shard.entries.find(id);
  return it != shard.entries.end() && it->second.expires > now;
}

void UserCache::Forget(const std::string& id) {
  Shard& shard = ShardFor(id);
  std::lock_guard lock(shard.mutex);
  shard.entries.erase(id);
  ++shard.invalidations;
}

}  // namespace ccrm::auth
