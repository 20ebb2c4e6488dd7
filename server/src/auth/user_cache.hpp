// A short-lived, process-wide cache of users by id, for the reads that happen on every request
// (the authorizer's "is this user still enabled", GET /users/me, assignee names in lead replies)
// so they neither read storage nor parse the stored JSON each time.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "auth/user.hpp"

namespace ccrm::auth {

struct CachedUser {
  User user;
  std::string api_json;  // UserToJson(user), serialized once: GET /users/me sends it as it is
};

// Writes made by this process invalidate their entry at once (UserRepository calls Forget after
// every write), so a process reads its own writes. Writes by another process sharing the store
// (DynamoDB) show after at most `ttl`, like the SessionState cache. A read racing a write cannot
// put the older user back: each shard counts its invalidations, and a loaded user is kept only
// when none happened while it was read, and never over a newer version of the same user (which
// another read may have kept between the write's commit and its Forget). Thread-safe.
class UserCache {
 public:
  using Loader = std::function<std::optional<User>(const std::string& id)>;

  explicit UserCache(Loader loader,
                     std::chrono::milliseconds ttl = std::chrono::milliseconds(1000));

  // nullptr for an unknown user (also cached for ttl: floods of made-up ids cost one read each).
  std::shared_ptr<const CachedUser> Get(const std::string& id);
  // True when Get would answer from memory (an unexpired entry, known or unknown user).
  bool Contains(const std::string& id);
  void Forget(const std::string& id);

 private:
  struct Entry {
    std::shared_ptr<const CachedUser> user;
    std::chrono::steady_clock::time_point expires;
  };
  struct Shard {
    std::mutex mutex;
    std::unordered_map<std::string, Entry> entries;
    uint64_t invalidations = 0;
  };
  static constexpr size_t kShards = 16;
  static constexpr size_t kMaxEntriesPerShard = 8192;  // bounds memory against made-up ids

  Shard& ShardFor(const std::string& id);

  Loader loader_;
  std::chrono::milliseconds ttl_;
  std::array<Shard, kShards> shards_;
};

}  // namespace ccrm::auth
