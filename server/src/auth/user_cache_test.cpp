#include "auth/user_cache.hpp"

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace ccrm::auth {
namespace {

using std::chrono::milliseconds;

class UserCacheTest : public ::testing::Test {
 protected:
  User MakeUser(const std::string& id, int64_t version) {
    User user;
    user.id = id;
    user.username = "ann";
    user.email = "ann@example.com";
    user.groups = {kGroupAgent};
    user.password_hash = "$argon2id$secret";
    user.version = version;
    return user;
  }

  UserCache::Loader Loader() {
    return [this](const std::string& id) -> std::optional<User> {
      ++loads_;
      std::optional<User> found;
      if (const auto it = stored_.find(id); it != stored_.end()) found = it->second;
      if (after_read_) after_read_();
      return found;
    };
  }

  std::map<std::string, User> stored_;
  int loads_ = 0;
  std::function<void()> after_read_;  // runs between the read and the return
};

TEST_F(UserCacheTest, LoadsOnceAndServesTheApiFormWithoutSecrets) {
  stored_["usr_1"] = MakeUser("usr_1", 3);
  UserCache cache(Loader());
  EXPECT_FALSE(cache.Contains("usr_1"));
  const auto first = cache.Get("usr_1");
  ASSERT_NE(first, nullptr);
  EXPECT_TRUE(cache.Contains("usr_1"));
  EXPECT_EQ(cache.Get("usr_1"), first);
  EXPECT_EQ(loads_, 1);
  EXPECT_EQ(first->user.version, 3);
  EXPECT_EQ(Json::parse(first->api_json), UserToJson(first->user));
  EXPECT_EQ(first->api_json.find("argon2id"), std::string::npos);
}

TEST_F(UserCacheTest, UnknownUsersAreCachedToo) {
  UserCache cache(Loader());
  EXPECT_EQ(cache.Get("usr_none"), nullptr);
  EXPECT_EQ(cache.Get("usr_none"), nullptr);
  EXPECT_EQ(loads_, 1);
  stored_["usr_none"] = MakeUser("usr_none", 1);
  cache.Forget("usr_none");  // what UserRepository::Create does
  ASSERT_NE(cache.Get("usr_none"), nullptr);
}

TEST_F(UserCacheTest, ForgetShowsAWriteAtOnce) {
  stored_["usr_1"] = MakeUser("usr_1", 1);
  UserCache cache(Loader());
  ASSERT_EQ(cache.Get("usr_1")->user.version, 1);
  stored_["usr_1"] = MakeUser("usr_1", 2);
  EXPECT_EQ(cache.Get("usr_1")->user.version, 1);  // another process's write: until the TTL
  cache.Forget("usr_1");
  EXPECT_FALSE(cache.Contains("usr_1"));
  EXPECT_EQ(cache.Get("usr_1")->user.version, 2);
}

TEST_F(UserCacheTest, EntriesExpireAfterTheTtl) {
  stored_["usr_1"] = MakeUser("usr_1", 1);
  UserCache cache(Loader(), milliseconds(20));
  ASSERT_EQ(cache.Get("usr_1")->user.version, 1);
  stored_["usr_1"] = MakeUser("usr_1", 2);
  std::this_thread::sleep_for(milliseconds(40));
  EXPECT_FALSE(cache.Contains("usr_1"));
  EXPECT_EQ(cache.Get("usr_1")->user.version, 2);
}

TEST_F(UserCacheTest, AReadRacingAWriteIsNotKept) {
  stored_["usr_1"] = MakeUser("usr_1", 1);
  UserCache cache(Loader());
  // The write commits and forgets while the read is between storage and the cache.
  after_read_ = [&] {
    after_read_ = nullptr;
    stored_["usr_1"] = MakeUser("usr_1", 2);
    cache.Forget("usr_1");
  };
  EXPECT_EQ(cache.Get("usr_1")->user.version, 1);  // what the racing read saw
  EXPECT_FALSE(cache.Contains("usr_1"));            // ... is not kept
  EXPECT_EQ(cache.Get("usr_1")->user.version, 2);
  EXPECT_EQ(loads_, 2);
}

TEST_F(UserCacheTest, ASlowReadDoesNotReplaceANewerUserKeptMeanwhile) {
  stored_["usr_1"] = MakeUser("usr_1", 1);
  UserCache cache(Loader());
  // While this read is between storage and the cache, a write commits (its Forget is still to
  // come) and a quicker read keeps the new version.
  after_read_ = [&] {
    after_read_ = nullptr;
    stored_["usr_1"] = MakeUser("usr_1", 2);
    ASSERT_EQ(cache.Get("usr_1")->user.version, 2);
  };
  EXPECT_EQ(cache.Get("usr_1")->user.version, 2);  // the newer one, not what this read saw
  EXPECT_EQ(cache.Get("usr_1")->user.version, 2);
  EXPECT_EQ(loads_, 2);
}

// Writers commit a new version and forget it while readers on other threads load and cache. A
// write is acknowledged once its Forget returns: no read that starts after that sees an older
// version, and once the writes stop the cache serves the last one at once, not after the TTL
// (make test-tsan runs this).
TEST_F(UserCacheTest, ConcurrentReadsSeeEveryAcknowledgedWrite) {
  constexpr int kUsers = 8, kWrites = 300, kReaders = 3;
  std::mutex store_mutex;
  std::map<std::string, int64_t> versions;  // the store: id -> version
  std::array<std::atomic<int64_t>, kUsers> acknowledged;
  for (int u = 0; u < kUsers; ++u) {
    versions["usr_" + std::to_string(u)] = 1;
    acknowledged[u] = 1;
  }
  UserCache cache(
      [&](const std::string& id) -> std::optional<User> {
        std::lock_guard lock(store_mutex);
        return MakeUser(id, versions.at(id));
      },
      std::chrono::minutes(10));
  std::atomic<bool> writing{true};
  std::atomic<int> stale{0};
  std::vector<std::thread> threads;
  for (int r = 0; r < kReaders; ++r) {
    threads.emplace_back([&] {
      while (writing.load()) {
        for (int u = 0; u < kUsers; ++u) {
          const int64_t floor = acknowledged[u].load();
          if (cache.Get("usr_" + std::to_string(u))->user.version < floor) ++stale;
        }
      }
    });
  }
  threads.emplace_back([&] {
    for (int w = 2; w <= kWrites; ++w) {
      for (int u = 0; u < kUsers; ++u) {
        const std::string id = "usr_" + std::to_string(u);
        {
          std::lock_guard lock(store_mutex);
          versions[id] = w;
        }
        cache.Forget(id);  // what UserRepository does after its write commits
        acknowledged[u] = w;
      }
    }
    writing = false;
  });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(stale.load(), 0);
  for (int u = 0; u < kUsers; ++u) {
    EXPECT_EQ(cache.Get("usr_" + std::to_string(u))->user.version, kWrites);
  }
}

}  // namespace
}  // namespace ccrm::auth
