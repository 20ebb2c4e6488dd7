#include "auth/session_cache.hpp"

namespace ccrm::auth {

SessionCache::SessionCache(std::shared_ptr<UserRepository> users,
                           std::shared_ptr<RefreshTokens> tokens, std::chrono::milliseconds ttl)
    : users_(std::move(users)), tokens_(std::move(tokens)), ttl_(ttl) {}

void SessionCache::Invalidate() {
  std::lock_guard lock(mutex_);
  users_cache_.clear();
  families_cache_.clear();
}

SessionCache::UserEntry SessionCache::LookupUser(const std::string& user_id) {
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mutex_);
    auto it = users_cache_.find(user_id);
    if (it != users_cache_.end() && it->second.expires > now) return it->second;
  }
  // Read outside the lock: a slow read must not stall every other request.
  UserEntry entry;
  if (auto user = users_->Get(user_id)) {
    entry.active = user->enabled;
    entry.sessions_revoked_at_ms = user->sessions_revoked_at_ms;
  }
  entry.expires = now + ttl_;
  std::lock_guard lock(mutex_);
  if (users_cache_.size() >= kMaxEntries) users_cache_.clear();
  users_cache_[user_id] = entry;
  return entry;
}

bool SessionCache::IsUserActive(const std::string& user_id) {
  return LookupUser(user_id).active;
}

bool SessionCache::IsFamilyRevoked(const std::string& family) {
  const auto now = std::chrono::steady_clock::now();
  FamilyEntry entry;
  bool cached = false;
  {
    std::lock_guard lock(mutex_);
    auto it = families_cache_.find(family);
    if (it != families_cache_.end() && it->second.expires > now) {
      entry = it->second;
      cached = true;
    }
  }
  if (!cached) {
    if (auto f = tokens_->GetFamily(family)) {
      entry.revoked = f->revoked;
      entry.user_id = f->user_id;
      entry.created_at_ms = f->created_at_ms;
    }  // unknown family: revoked (a token we never issued a family for)
    entry.expires = now + ttl_;
    std::lock_guard lock(mutex_);
    if (families_cache_.size() >= kMaxEntries) families_cache_.clear();
    families_cache_[family] = entry;
  }
  if (entry.revoked) return true;
  return entry.created_at_ms <= LookupUser(entry.user_id).sessions_revoked_at_ms;
}

}  // namespace ccrm::auth
