// A lifecycle run over a real localfs store: objects old enough move to the cold tier or
// expire by the rule with the longest prefix, the bucket's owner decides each expiry (legal
// hold keeps a file), every action is audited, a dry run changes nothing, and a second run
// finds nothing left to do.
#include "blobs/lifecycle.hpp"

#include <gtest/gtest.h>

#include "audit/audit_query.hpp"
#include "audit/audit_test_fixture.hpp"
#include "storage/localfs/localfs_blob_store.hpp"

namespace ccrm::blobs {
namespace {

using std::chrono::hours;

class LifecycleTest : public audit::testing::AuditStoreTest {
 protected:
  void SetUp() override {
    AuditStoreTest::SetUp();
    auto key = std::make_shared<const crypto::MasterKey>(crypto::MasterKey::FromBytes(std::string(32, 'k')));
    blobs_ = std::make_shared<storage::localfs::LocalFsBlobStore>(
        storage::localfs::LocalFsOptions{.root = dir_ / "blobs",
                                         .buckets = {"documents", "recordings"}},
        store_, key, clock_);
  }

  void PutAged(const std::string& bucket, const std::string& key, int days_ago) {
    clock_->Set(now_ - hours(24 * days_ago));
    blobs_->Put(bucket, key, storage::ChunkSourceOf("content of " + key), {});
    clock_->Set(now_);
  }

  Lifecycle Make(std::vector<std::string> rules) {
    std::vector<LifecycleRule> parsed;
    for (const std::string& rule : rules) parsed.push_back(ParseLifecycleRule(rule));
    return Lifecycle(blobs_, log_, clock_, std::move(parsed));
  }

  size_t Audited(const std::string& action) {
    return audit::ListAudit(*store_, {.action = action, .limit = 200}).items.size();
  }

  std::string Tier(const std::string& bucket, const std::string& key) {
    const auto head = blobs_->Head(bucket, key);
    return head ? head->tier : "gone";
  }

  const std::chrono::system_clock::time_point now_ = audit::testing::Time("2026-12-07T04:00:00Z");
  std::shared_ptr<storage::localfs::LocalFsBlobStore> blobs_;
};

TEST_F(LifecycleTest, MovesExpiresAndKeepsHeldFilesEachAuditedOnce) {
  PutAged("documents", "leads/a/young", 10);
  PutAged("documents", "leads/a/old", 40);
  PutAged("documents", "leads/a/ancient", 400);
  PutAged("documents", "leads/held/ancient", 400);
  PutAged("documents", "scratch/x", 2);
  PutAged("documents", "elsewhere/ancient", 4000);  // no rule governs it
  PutAged("recordings", "r.wav", 0);
  Lifecycle lifecycle = Make({"documents/leads/ transition=30 expire=365", "documents/scratch/ expire=1",
                              "recordings transition=0"});
  std::vector<std::string> asked;
  lifecycle.SetExpiryHandler("documents", [&](const storage::BlobInfo& object, bool dry_run) {
    asked.push_back(object.key + (dry_run ? " (dry)" : ""));
    if (object.key.starts_with("leads/held/")) return ExpiryOutcome::kHeld;
    if (object.key.starts_with("scratch/")) return ExpiryOutcome::kNotMine;
    if (!dry_run) blobs_->Delete(object.bucket, object.key);  // the owner removes it with its record
    return ExpiryOutcome::kExpired;
  });

  const LifecycleReport preview = lifecycle.Run(true);
  EXPECT_TRUE(preview.dry_run);
  EXPECT_EQ(preview.examined, 6u);
  EXPECT_EQ(preview.transitioned, 2u);  // leads/a/old, r.wav
  EXPECT_EQ(preview.expired, 2u);       // leads/a/ancient, scratch/x
  EXPECT_EQ(preview.held, 1u);
  EXPECT_EQ(Tier("documents", "leads/a/old"), storage::kStandardTier);
  EXPECT_EQ(Tier("documents", "scratch/x"), storage::kStandardTier);
  EXPECT_EQ(Audited("blob.transition") + Audited("blob.expire"), 0u);

  const LifecycleReport run = lifecycle.Run(false);
  EXPECT_EQ(run.transitioned, 2u);
  EXPECT_EQ(run.expired, 2u);
  EXPECT_EQ(run.held, 1u);
  EXPECT_EQ(run.failed, 0u);
  EXPECT_EQ(Tier("documents", "leads/a/young"), storage::kStandardTier);
  EXPECT_EQ(Tier("documents", "leads/a/old"), storage::kColdTier);
  EXPECT_EQ(Tier("documents", "leads/a/ancient"), "gone");
  EXPECT_EQ(Tier("documents", "leads/held/ancient"), storage::kStandardTier);
  EXPECT_EQ(Tier("documents", "scratch/x"), "gone");
  EXPECT_EQ(Tier("documents", "elsewhere/ancient"), storage::kStandardTier);
  EXPECT_EQ(Tier("recordings", "r.wav"), storage::kColdTier);
  std::string all, chunk;
  for (auto reader = blobs_->Get("documents", "leads/a/old"); reader->Read(chunk);) all += chunk;
  EXPECT_EQ(all, "content of leads/a/old");
  EXPECT_EQ(Audited("blob.transition"), 2u);
  EXPECT_EQ(Audited("blob.expire"), 1u);  // scratch/x; the owner audits what it removed itself
  const Json record = audit::ListAudit(*store_, {.action = "blob.transition", .limit = 10}).items.at(0);
  EXPECT_EQ(record["actor"], "system");
  EXPECT_EQ(record["entity"], "blob");

  // Nothing left to do but keep the held file.
  const LifecycleReport again = lifecycle.Run(false);
  EXPECT_EQ(again.transitioned + again.expired, 0u);
  EXPECT_EQ(again.held, 1u);
  EXPECT_EQ(Audited("blob.transition"), 2u);
}

TEST_F(LifecycleTest, ARuleOnABucketTheStoreLacksIsRefused) {
  EXPECT_THROW(Make({"invoices expire=30"}), std::invalid_argument);
}

}  // namespace
}  // namespace ccrm::blobs
