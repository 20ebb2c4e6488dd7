// AuditDigests on a real SQLite store and real files: what a digest says, that it is signed,
// and that VerifyDigests finds what Verify alone cannot (a rolled-back tail, a chain recomputed
// by someone holding master.key) as well as tampered, missing or foreign digests.
#include "audit/audit_digests.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <iterator>
#include <set>
#include <thread>

#include "audit/audit_record.hpp"
#include "audit/audit_test_fixture.hpp"
#include "audit/audit_verify.hpp"

namespace ccrm::audit {
namespace {

namespace fs = std::filesystem;
using testing::AuditStoreTest;

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void Spit(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

// One RSA key for the whole suite: generating one per test would be most of its time.
const crypto::RsaKey& SigningKey() {
  static const crypto::RsaKey key = crypto::RsaKey::Generate();
  return key;
}

class AuditDigestsTest : public AuditStoreTest {
 protected:
  void SetUp() override {
    AuditStoreTest::SetUp();
    digests_ = MakeDigests();
  }

  std::unique_ptr<AuditDigests> MakeDigests() {
    return std::make_unique<AuditDigests>(
        store_, clock_, crypto::RsaKey::FromPrivatePem(SigningKey().PrivatePem()), digest_dir_);
  }

  crypto::RsaKey PublicKey() { return crypto::RsaKey::FromPublicPem(SigningKey().PublicPem()); }

  void AppendMany(int n) {
    for (int i = 0; i < n; ++i) {
      ASSERT_TRUE(log_->Append(Event("user.update")).committed);
      clock_->Advance(std::chrono::milliseconds(10));
    }
  }

  fs::path WriteDigest() {
    const auto file = digests_->WriteDigest();
    EXPECT_TRUE(file.has_value());
    return file.value_or(fs::path());
  }

  DigestVerifyResult VerifyAll() { return VerifyDigests(*store_, digest_dir_, PublicKey()); }

  void ExpectFailure(const std::string& reason_part) {
    const DigestVerifyResult result = VerifyAll();
    EXPECT_FALSE(result.ok);
    EXPECT_NE(result.reason.find(reason_part), std::string::npos) << result.reason;
  }

  // Rewrites records from..last with links recomputed under the real chain key, head included:
  // what someone holding master.key and the database could do. Verify cannot tell.
  void RewriteWithTheKey(int64_t from, int64_t last) {
    std::string prev = from == 1 ? std::string(kGenesisHash)
                                 : store_->Get(kAuditTable, {kStream, PadSeq(from - 1)})->at("hash")
                                       .get<std::string>();
    Json head = *store_->Get(kHeadTable, {kStream, ""});
    for (int64_t seq = from; seq <= last; ++seq) {
      Json record = *store_->Get(kAuditTable, {kStream, PadSeq(seq)});
      if (seq == from) record["actor"] = "usr_evil";
      record["prevHash"] = prev;
      record["hash"] = prev = RecordMac(record, chain_key_);
      ASSERT_TRUE(store_->TransactWrite({storage::WriteAction::Put(kAuditTable, record)}).committed);
    }
    head["hash"] = prev;
    head["mac"] = HeadMac(last, prev, head["keyedFrom"].get<int64_t>(), chain_key_);
    ASSERT_TRUE(store_->TransactWrite({storage::WriteAction::Put(kHeadTable, head)}).committed);
  }

  const fs::path digest_dir_ = dir_ / "digests";
  std::unique_ptr<AuditDigests> digests_;
};

TEST_F(AuditDigestsTest, AnEmptyTrailHasNothingToDigest) {
  EXPECT_FALSE(digests_->WriteDigest().has_value());
  ExpectFailure("no digest files");
}

TEST_F(AuditDigestsTest, ADigestNamesItsRangeAndIsSignedOverItsExactBytes) {
  AppendMany(5);
  const fs::path file = WriteDigest();
  const std::string bytes = Slurp(file);
  const Json digest = Json::parse(bytes);
  EXPECT_EQ(digest["format"], kDigestFormat);
  EXPECT_EQ(digest["startSeq"], 1);
  EXPECT_EQ(digest["endSeq"], 5);
  EXPECT_EQ(digest["recordCount"], 5);
  EXPECT_EQ(digest["endHash"], store_->Get(kAuditTable, {kStream, PadSeq(5)})->at("hash"));
  EXPECT_EQ(digest["startAt"], "2026-01-15T10:00:00.000Z");
  EXPECT_EQ(digest["endAt"], "2026-01-15T10:00:00.040Z");
  EXPECT_EQ(digest["previousDigest"], nullptr);
  EXPECT_EQ(digest["publicKeySha256"], PublicKeyFingerprint(SigningKey()));
  EXPECT_TRUE(PublicKey().VerifyRs256(bytes, Slurp(file.string() + ".sig")));

  const DigestVerifyResult result = VerifyAll();
  EXPECT_TRUE(result.ok) << result.file << ": " << result.reason;
  EXPECT_EQ(result.digests, 1);
  EXPECT_EQ(result.covered_to, 5);
}

TEST_F(AuditDigestsTest, EachDigestTakesUpWhereTheLastEnded) {
  AppendMany(3);
  const fs::path first = WriteDigest();
  EXPECT_FALSE(digests_->WriteDigest().has_value()) << "nothing new, no digest";
  AppendMany(4);
  clock_->Advance(std::chrono::hours(1));
  const Json second = Json::parse(Slurp(WriteDigest()));
  EXPECT_EQ(second["startSeq"], 4);
  EXPECT_EQ(second["endSeq"], 7);
  EXPECT_EQ(second["previousDigest"], first.filename().string());
  const DigestVerifyResult result = VerifyAll();
  EXPECT_TRUE(result.ok) << result.reason;
  EXPECT_EQ(result.digests, 2);
  EXPECT_EQ(result.covered_to, 7);
}

TEST_F(AuditDigestsTest, TheKeyIsPublishedBesideTheDigests) {
  const std::string fingerprint = digests_->PublishPublicKey();
  EXPECT_EQ(fingerprint, PublicKeyFingerprint(SigningKey()));
  EXPECT_EQ(Slurp(digest_dir_ / kDigestPublicKeyFile), SigningKey().PublicPem());
  EXPECT_EQ(digests_->PublishPublicKey(), fingerprint);  // idempotent
}

TEST_F(AuditDigestsTest, ARolledBackTailThatVerifyCannotSeeIsFound) {
  AppendMany(4);
  const Json head_at_4 = *store_->Get(kHeadTable, {kStream, ""});
  AppendMany(3);
  WriteDigest();
  // The last three records removed and the earlier head, MAC and all, put back.
  for (int seq = 5; seq <= 7; ++seq) {
    ASSERT_TRUE(store_->TransactWrite({storage::WriteAction::Delete(kAuditTable, {kStream, PadSeq(seq)})})
                    .committed);
  }
  ASSERT_TRUE(store_->TransactWrite({storage::WriteAction::Put(kHeadTable, head_at_4)}).committed);
  EXPECT_TRUE(Verify(*store_, chain_key_).ok) << "the chain alone looks intact";
  ExpectFailure("record 7 is missing");
}

TEST_F(AuditDigestsTest, AChainRecomputedWithMasterKeyIsFound) {
  AppendMany(6);
  WriteDigest();
  RewriteWithTheKey(3, 6);
  EXPECT_TRUE(Verify(*store_, chain_key_).ok) << "with the key, the chain itself checks out";
  ExpectFailure("record 6 does not match the digest");
}

TEST_F(AuditDigestsTest, AnEditedDigestNoLongerVerifies) {
  AppendMany(2);
  const fs::path file = WriteDigest();
  std::string bytes = Slurp(file);
  bytes.replace(bytes.find("\"endSeq\": 2"), 11, "\"endSeq\": 1");
  Spit(file, bytes);
  ExpectFailure("signature does not verify");
}

TEST_F(AuditDigestsTest, ARemovedDigestLeavesAGap) {
  AppendMany(2);
  WriteDigest();
  AppendMany(2);
  clock_->Advance(std::chrono::minutes(1));
  const fs::path second = WriteDigest();
  AppendMany(2);
  clock_->Advance(std::chrono::minutes(1));
  WriteDigest();
  fs::remove(second);
  ExpectFailure("records 3..4 are covered by no digest");
}

TEST_F(AuditDigestsTest, DigestsSignedByAnotherKeyAreRefused) {
  AppendMany(2);
  WriteDigest();
  const DigestVerifyResult result =
      VerifyDigests(*store_, digest_dir_, crypto::RsaKey::Generate());
  EXPECT_FALSE(result.ok);
  EXPECT_NE(result.reason.find("signature does not verify"), std::string::npos);
}

TEST_F(AuditDigestsTest, ASecondWriterFindsTheRangeDigested) {
  AppendMany(3);
  auto other = MakeDigests();
  EXPECT_TRUE(digests_->WriteDigest().has_value());
  EXPECT_FALSE(other->WriteDigest().has_value());
}

// Two servers' writers racing while records arrive: whoever loses a claim removes its file, so
// the digests left tile the trail without overlaps or gaps.
TEST_F(AuditDigestsTest, RacingWritersTileTheTrail) {
  auto other = MakeDigests();
  std::atomic<bool> done = false;
  std::thread appender([&] {
    for (int i = 0; i < 60; ++i) {
      EXPECT_TRUE(log_->Append(Event("user.update")).committed);
      clock_->Advance(std::chrono::seconds(1));  // new file names
    }
    done = true;
  });
  const auto write = [&](AuditDigests& digests) {
    while (!done) digests.WriteDigest();
    digests.WriteDigest();
  };
  std::thread a([&] { write(*digests_); });
  std::thread b([&] { write(*other); });
  appender.join();
  a.join();
  b.join();
  digests_->WriteDigest();
  std::set<int64_t> starts;
  int64_t records = 0;
  for (const auto& entry : fs::directory_iterator(digest_dir_)) {
    if (entry.path().extension() != ".json") continue;
    const Json digest = Json::parse(Slurp(entry.path()));
    EXPECT_TRUE(starts.insert(digest["startSeq"].get<int64_t>()).second) << "a range twice";
    records += digest["recordCount"].get<int64_t>();
  }
  EXPECT_EQ(records, 60);
  const DigestVerifyResult result = VerifyAll();
  EXPECT_TRUE(result.ok) << result.file << ": " << result.reason;
  EXPECT_EQ(result.covered_to, 60);
}

}  // namespace
}  // namespace ccrm::audit
