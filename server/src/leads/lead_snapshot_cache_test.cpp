// The snapshot cache alone, and the repository's snapshots over a real SQLite store: a hit is
// only used while the stored version is the same, whoever wrote the lead.
#include "leads/lead_snapshot_cache.hpp"

#include <gtest/gtest.h>

#include "leads/lead_store_test_fixture.hpp"

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

class LeadSnapshotRepositoryTest : public LeadStoreTest {
 protected:
  void SetUp() override {
    LeadStoreTest::SetUp();
    reader_ = MakeRepository();
    writer_ = std::make_shared<LeadService>(MakeRepository(), LeadServiceOptions{}, SystemClock());
  }
  void TearDown() override {
    reader_.reset();
    writer_.reset();
    LeadStoreTest::TearDown();
  }

  std::shared_ptr<LeadRepository> reader_;  // another repository: its cache sees no write
  std::shared_ptr<LeadService> writer_;
};

TEST_F(LeadSnapshotRepositoryTest, AWriteElsewhereIsSeenAtOnce) {
  const Json created = writer_->Create({{"firstName", "Ann"}, {"lastName", "Smith"}}, admin_);
  const std::string id = created.at("id");
  EXPECT_FALSE(reader_->HasSnapshot(id));
  const LeadSnapshotPtr first = reader_->Snapshot(id);
  EXPECT_TRUE(reader_->HasSnapshot(id));
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(Json::parse(first->json), created);
  EXPECT_EQ(reader_->Snapshot(id), first);  // unchanged: the same bytes, not re-read

  const Json patched = writer_->Patch(id, {{"firstName", "Anna"}}, std::nullopt, admin_);
  const LeadSnapshotPtr second = reader_->Snapshot(id);
  ASSERT_NE(second, nullptr);
  EXPECT_NE(second, first);
  EXPECT_EQ(second->version, 2);
  EXPECT_EQ(Json::parse(second->json), patched);
  EXPECT_EQ(Json::parse(second->json).at("firstName"), "Anna");

  writer_->Delete(id, std::nullopt, admin_);
  EXPECT_TRUE(reader_->Snapshot(id)->deleted);
  EXPECT_EQ(reader_->Snapshot("lead_01m8d6gbck2tj2y13kbfjtvk1a"), nullptr);
}

TEST_F(LeadSnapshotRepositoryTest, AVersionThatDoesNotMoveOnIsRefused) {
  const Json created = writer_->Create({{"firstName", "Ann"}, {"lastName", "Smith"}}, admin_);
  LeadChange change;
  change.before = created;
  change.after = created;
  change.after["firstName"] = "Changed without a new version";
  EXPECT_THROW(reader_->Commit({change}, LeadService::EventFor(admin_, "lead.update",
                                                                created.at("id"))),
               std::logic_error);
  EXPECT_EQ(Json::parse(reader_->Snapshot(created.at("id"))->json).at("firstName"), "Ann");
}

}  // namespace
}  // namespace ccrm::leads
