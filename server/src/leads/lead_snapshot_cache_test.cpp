// The snapshot cache alone (lead_snapshot_repository_test.cpp has the repository's use of it).
#include "leads/lead_snapshot_cache.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace ccrm::leads {
namespace {

LeadSnapshotPtr SnapshotAt(int64_t version) {
  return MakeLeadSnapshot({{"id", "lead_x"}, {"version", version}});
}

TEST(LeadSnapshotCacheTest, SnapshotCarriesTheAccessFactsAndTheSerializedLead) {
  const Json lead = {{"id", "lead_a"},
                     {"version", 3},
                     {"assignedTo", "usr_ann"},
                     {"deletedAt", "2026-11-27T00:00:00.000Z"},
                     {"firstName", "Ann"},
                     {"status", "contacted"},
                     {"claim", {{"lossType", "hail"}}},
                     {"tags", {"Roof", "vip"}},
                     {"updatedAt", "2026-11-26T10:00:00.000Z"}};
  const LeadSnapshotPtr snapshot = MakeLeadSnapshot(lead);
  EXPECT_EQ(snapshot->version, 3);
  EXPECT_EQ(snapshot->assignee, "usr_ann");
  EXPECT_TRUE(snapshot->deleted);
  EXPECT_EQ(snapshot->status, "contacted");
  EXPECT_EQ(snapshot->loss_type, "hail");
  EXPECT_EQ(snapshot->tags, (std::vector<std::string>{"roof", "vip"}));
  EXPECT_TRUE(HasTag(*snapshot, "roof"));
  EXPECT_FALSE(HasTag(*snapshot, "Roof"));  // callers lower-case the tag they look for
  EXPECT_EQ(snapshot->updated_at, "2026-11-26T10:00:00.000Z");
  EXPECT_EQ(Json::parse(snapshot->json), lead);
  const LeadSnapshotPtr plain = MakeLeadSnapshot({{"id", "lead_b"}, {"version", 1}});
  EXPECT_EQ(plain->assignee, "");
  EXPECT_FALSE(plain->deleted);
  EXPECT_EQ(plain->loss_type, "");
  EXPECT_TRUE(plain->tags.empty());
}

TEST(LeadSnapshotCacheTest, KeepsTheNewestVersionAndForgets) {
  LeadSnapshotCache cache;
  EXPECT_EQ(cache.Find("lead_x"), nullptr);
  cache.Keep("lead_x", SnapshotAt(2));
  cache.Keep("lead_x", SnapshotAt(1));  // a slower read of an older version comes in late
  EXPECT_EQ(cache.Find("lead_x")->version, 2);
  cache.Keep("lead_x", SnapshotAt(3));
  EXPECT_EQ(cache.Find("lead_x")->version, 3);
  EXPECT_TRUE(cache.Contains("lead_x"));
  cache.Forget("lead_x");
  EXPECT_EQ(cache.Find("lead_x"), nullptr);
  EXPECT_FALSE(cache.Contains("lead_x"));
}

TEST(LeadSnapshotCacheTest, StaysWithinItsCapacityAndKeepsTheNewcomer) {
  LeadSnapshotCache cache(160);  // 10 per shard
  for (int i = 0; i < 5000; ++i) {
    const std::string id = "lead_" + std::to_string(i);
    cache.Keep(id, SnapshotAt(1));
    ASSERT_NE(cache.Find(id), nullptr) << id;
  }
  EXPECT_LE(cache.Size(), 160u);
  EXPECT_GE(cache.Size(), 150u);
}

// Reads of one lead race on many threads; whichever finishes last, the cache ends up with the
// newest version any of them kept, and a find never sees a half-made entry.
TEST(LeadSnapshotCacheTest, ConcurrentKeepsEndWithTheNewestVersion) {
  LeadSnapshotCache cache;
  constexpr int kThreads = 4, kLeads = 32, kVersions = 200;
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int v = 1; v <= kVersions; ++v) {
        for (int l = 0; l < kLeads; ++l) {
          const std::string id = "lead_" + std::to_string(l);
          // Each thread keeps versions in its own order: one counts up, one down, ...
          const int version = t % 2 == 0 ? v : kVersions + 1 - v;
          cache.Keep(id, MakeLeadSnapshot({{"id", id}, {"version", version}}));
          const LeadSnapshotPtr found = cache.Find(id);
          if (!found || found->version < version || Json::parse(found->json)["id"] != id) ++wrong;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
  for (int l = 0; l < kLeads; ++l) {
    EXPECT_EQ(cache.Find("lead_" + std::to_string(l))->version, kVersions);
  }
}

}  // namespace
}  // namespace ccrm::leads
