// The repository's lead snapshots over a real SQLite store: a hit is only used while the stored
// version is the same, whoever wrote the lead.
#include <gtest/gtest.h>

#include "leads/lead_snapshot_cache.hpp"
#include "leads/lead_store_test_fixture.hpp"

namespace ccrm::leads {
namespace {

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
