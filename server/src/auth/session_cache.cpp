#include "auth/session_cache.hpp"

#include <algorithm>
#include <limits>

namespace ccrm::auth {

SessionCache::SessionCache(std::shared_ptr<UserRepository> users,
                           std::shared_ptr<RefreshTokens> tokens, std::chrono::milliseconds ttl)
    : users_(std::move(users)), tokens_(std::move(tokens)), ttl_(ttl) {}

void SessionCache::Invalidate() {
  // Users need nothing here: a write through UserRepository forgets its cached user itself.
  std::lock_guard lock(mutex_);
  families_cache_.clear();
}

int64_t SessionCache::SessionsRevokedAt(const std::string& user_id) {
  const auto user = users_->GetCached(user_id);
  return user ? user->user.sessions_revoked_at_ms : std::numeric_limits<int64_t>::max();
}

bool SessionCache::IsUserActive(const std::string& user_id) {
  const auto user = users_->GetCached(user_id);
  return user && user->user.enabled;
}

bool SessionCache::KeepHeldGroups(const std::string& user_id, std::vector<std::string>& groups) {
  const auto user = users_->GetCached(user_id);
  if (!user || !user->user.enabled) return false;
  // In place, without allocating: both lists hold at most the three roles.
  std::erase_if(groups, [&](const std::string& group) { return !user->user.InGroup(group); });
  return !groups.empty();
}

bool SessionCache::IsCached(const std::string& user_id, const std::string& family) {
  if (!users_->IsCached(user_id)) return false;
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  const auto it = families_cache_.find(family);
  return it != families_cache_.end() && it->second.expires > now &&
         (it->second.revoked || it->second.user_id == user_id);
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
  return entry.created_at_ms <= SessionsRevokedAt(entry.user_id);
}

}  // namespace ccrm::auth
