// SessionState over the users and token_families tables, with short TTL caches (users through
// UserRepository::GetCached, families here) so the authorizer's hot path does not read storage
// on every request.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "auth/refresh_tokens.hpp"
#include "auth/session_state.hpp"
#include "auth/user_repository.hpp"

namespace ccrm::auth {

// Revocation (disabling a user, logout, reuse detection, password reset) takes effect on access
// tokens within `ttl` (1 s by default): the price of not reading two items per request.
// Thread-safe.
class SessionCache final : public SessionState {
 public:
  SessionCache(std::shared_ptr<UserRepository> users, std::shared_ptr<RefreshTokens> tokens,
               std::chrono::milliseconds ttl = std::chrono::milliseconds(1000));

  bool IsUserActive(const std::string& user_id) override;
  bool KeepHeldGroups(const std::string& user_id, std::vector<std::string>& groups) override;
  bool IsFamilyRevoked(const std::string& family) override;
  bool IsCached(const std::string& user_id, const std::string& family) override;
  bool IsUserCached(const std::string& user_id) override { return users_->IsCached(user_id); }
  bool IsIssuedBeforeRevocation(const std::string& user_id, int64_t issued_at_ms) override {
    return issued_at_ms <= SessionsRevokedAt(user_id);
  }

  // Forgets the cached families (after a revocation this process made, so it applies at once
  // here; users' changes are forgotten by UserRepository as they are written).
  void Invalidate();

 private:
  struct FamilyEntry {
    bool revoked = true;
    std::string user_id;
    int64_t created_at_ms = 0;
    std::chrono::steady_clock::time_point expires;
  };
  // Families started at or before this instant are revoked; INT64_MAX for unknown users.
  int64_t SessionsRevokedAt(const std::string& user_id);

  static constexpr size_t kMaxEntries = 100000;  // bounds memory against floods of fresh ids

  std::shared_ptr<UserRepository> users_;
  std::shared_ptr<RefreshTokens> tokens_;
  std::chrono::milliseconds ttl_;
  std::mutex mutex_;
  std::unordered_map<std::string, FamilyEntry> families_cache_;
};

}  // namespace ccrm::auth
