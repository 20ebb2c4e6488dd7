// Verify: an intact chain passes; every kind of tampering done directly in SQLite is found and
// named by the first broken seq.
#include "audit/audit_verify.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <thread>
#include <vector>

#include "audit/audit_record.hpp"
#include "audit/audit_test_fixture.hpp"

namespace ccrm::audit {
namespace {

using testing::AuditStoreTest;

class AuditVerifyTest : public AuditStoreTest {
 protected:
  void AppendMany(int n) {
    for (int i = 0; i < n; ++i) {
      AuditEvent e = Event("user.update", "user", "usr_" + std::to_string(i % 3));
      e.changes = {{"name", {{"old", "a" + std::to_string(i)}, {"new", "b" + std::to_string(i)}}}};
      ASSERT_TRUE(log_->Append(e).committed);
      clock_->Advance(std::chrono::milliseconds(1));
    }
  }

  static std::string Sk(int64_t seq) { return "'" + PadSeq(seq) + "'"; }

  // The stored JSON of record `seq`, read and written behind the store's back.
  Json ReadData(int64_t seq) {
    sqlite3* db = nullptr;
    sqlite3_open((dir_ / "records.db").string().c_str(), &db);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT data FROM rt_audit WHERE sk = ?1", -1, &st, nullptr);
    const std::string sk = PadSeq(seq);
    sqlite3_bind_text(st, 1, sk.c_str(), -1, SQLITE_TRANSIENT);
    Json out;
    if (sqlite3_step(st) == SQLITE_ROW) {
      out = Json::parse(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
  }

  void WriteData(int64_t seq, const Json& data) {
    sqlite3* db = nullptr;
    sqlite3_open((dir_ / "records.db").string().c_str(), &db);
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "UPDATE rt_audit SET data = ?1 WHERE sk = ?2", -1, &st, nullptr);
    const std::string text = data.dump();
    const std::string sk = PadSeq(seq);
    sqlite3_bind_text(st, 1, text.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, sk.c_str(), -1, SQLITE_TRANSIENT);
    EXPECT_EQ(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    sqlite3_close(db);
  }

  // A trail as a release from before keying wrote it: unkeyed SHA-256 links, a head without
  // keyedFrom or mac.
  void WriteUnkeyedTrail(int n) {
    std::string prev = kGenesisHash;
    for (int seq = 1; seq <= n; ++seq) {
      Json record = {{"stream", kStream},     {"seq", PadSeq(seq)},   {"at", "2025-06-01T00:00:00.000Z"},
                     {"actor", "usr_old"},    {"action", "user.update"}, {"entity", "user"},
                     {"entityId", "usr_1"},   {"entityKey", "user#usr_1"}, {"requestId", ""},
                     {"ip", ""},              {"outcome", "ok"},      {"changes", Json::object()},
                     {"prevHash", prev}};
      record["hash"] = prev = RecordHash(record);
      ASSERT_TRUE(store_->TransactWrite({storage::WriteAction::Put(kAuditTable, record)}).committed);
    }
    ASSERT_TRUE(store_
                    ->TransactWrite({storage::WriteAction::Put(
                        kHeadTable, {{"stream", kStream}, {"seq", n}, {"hash", prev},
                                     {"at", "2025-06-01T00:00:00.000Z"}, {"version", n}})})
                    .committed);
  }

  // Recomputes every link of the trail with `link` (as someone who can write the database
  // would), head included, so only what they cannot compute gives them away.
  void Rewrite(const std::function<std::string(const Json&)>& link, int64_t n,
               const std::function<void(Json&)>& edit) {
    std::string prev = kGenesisHash;
    for (int64_t seq = 1; seq <= n; ++seq) {
      Json record = ReadData(seq);
      edit(record);
      record["prevHash"] = prev;
      record["hash"] = prev = link(record);
      WriteData(seq, record);
    }
    Sql("UPDATE rt_audit_head SET data = json_set(data, '$.hash', '" + prev + "')");
  }

  void ExpectBrokenAt(int64_t seq, const std::string& reason_prefix) {
    const VerifyResult result = Verify(*store_, chain_key_);
    EXPECT_FALSE(result.ok);
    EXPECT_EQ(result.broken_seq, seq) << result.reason;
    EXPECT_EQ(result.reason.substr(0, reason_prefix.size()), reason_prefix) << result.reason;
  }
};

TEST_F(AuditVerifyTest, AnEmptyTrailIsIntact) {
  const VerifyResult result = Verify(*store_, chain_key_);
  EXPECT_TRUE(result.ok);
  EXPECT_EQ(result.records, 0);
}

TEST_F(AuditVerifyTest, AnIntactChainPasses) {
  AppendMany(10);
  const VerifyResult result = Verify(*store_, chain_key_);
  EXPECT_TRUE(result.ok) << result.reason;
  EXPECT_EQ(result.records, 10);
}

TEST_F(AuditVerifyTest, AChangedFieldIsAHashMismatch) {
  AppendMany(10);
  Sql("UPDATE rt_audit SET data = json_set(data, '$.actor', 'usr_evil') WHERE sk = " + Sk(4));
  ExpectBrokenAt(4, "MAC mismatch");
}

TEST_F(AuditVerifyTest, AChangedValueInsideChangesIsAHashMismatch) {
  AppendMany(10);
  Sql("UPDATE rt_audit SET data = replace(data, '\"b7\"', '\"c7\"') WHERE sk = " + Sk(8));
  ExpectBrokenAt(8, "MAC mismatch");
}

TEST_F(AuditVerifyTest, ARecordRehashedAfterEditingBreaksTheNextLink) {
  // Someone who has the key (or got it) and rewrites one record: the next one's MAC covers the
  // old link.
  AppendMany(10);
  Json record = ReadData(5);
  record["outcome"] = "denied";
  record["hash"] = RecordMac(record, chain_key_);
  WriteData(5, record);
  ExpectBrokenAt(6, "prevHash does not match record 5");
}

TEST_F(AuditVerifyTest, AChainRewrittenWithoutTheKeyIsFound) {
  AppendMany(10);
  // Recomputed with a key of the attacker's own: every record's MAC is wrong from the first.
  const std::string their_key(32, '\x01');
  Rewrite([&](const Json& r) { return RecordMac(r, their_key); }, 10,
          [](Json& r) { if (r["seq"] == PadSeq(4)) r["actor"] = "usr_evil"; });
  ExpectBrokenAt(1, "MAC mismatch");
}

TEST_F(AuditVerifyTest, AChainDowngradedToUnkeyedLinksIsFound) {
  AppendMany(6);
  // Every record stripped of "chain" and relinked with plain SHA-256, as a pre-keying trail.
  Rewrite([](const Json& r) { return RecordHash(r); }, 6, [](Json& r) { r.erase("chain"); });
  Sql("UPDATE rt_audit_head SET data = json_remove(data, '$.mac', '$.keyedFrom')");
  ExpectBrokenAt(6, "the chain is not keyed");
}

TEST_F(AuditVerifyTest, AnUnkeyedRecordAfterTheKeyedOnesIsFound) {
  AppendMany(6);
  Json record = ReadData(6);
  record.erase("chain");
  record["hash"] = RecordHash(record);
  WriteData(6, record);
  ExpectBrokenAt(6, "unkeyed record after the chain was keyed at 1");
}

TEST_F(AuditVerifyTest, AHeadRewrittenWithoutTheKeyIsFound) {
  // (Deleting the newest records and putting back an earlier, validly MACed head is what only
  // the signed digests show: see audit_digests_test.)
  AppendMany(8);
  Sql("UPDATE rt_audit_head SET data = json_set(data, '$.mac', '" + std::string(64, '0') + "')");
  ExpectBrokenAt(8, "head does not match last record (head MAC mismatch)");
  Sql("UPDATE rt_audit_head SET data = json_set(data, '$.keyedFrom', 2, '$.mac', '" +
      HeadMac(8, ReadData(8)["hash"].get<std::string>(), 2, std::string(32, '\x01')) + "')");
  ExpectBrokenAt(8, "head does not match last record (head MAC mismatch)");
}

TEST_F(AuditVerifyTest, AWrongMasterKeyIsAMacMismatchAtTheFirstKeyedRecord) {
  AppendMany(3);
  const VerifyResult result = Verify(*store_, std::string(32, '\x02'));
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.broken_seq, 1);
  EXPECT_NE(result.reason.find("MAC mismatch"), std::string::npos) << result.reason;
}

TEST_F(AuditVerifyTest, AnUnkeyedTrailIsAnchoredAndFrozenWhenKeyed) {
  WriteUnkeyedTrail(5);
  EXPECT_FALSE(Verify(*store_, chain_key_).ok);  // not keyed yet
  auto log = std::make_shared<AuditLog>(store_, clock_, chain_key_);
  EXPECT_EQ(log->EnsureKeyed(), 5);
  EXPECT_EQ(log->EnsureKeyed(), 0);  // once
  const Json anchor = ReadData(6);
  EXPECT_EQ(anchor["action"], "audit.chain_keyed");
  EXPECT_EQ(anchor["actor"], "system");
  EXPECT_EQ(anchor["changes"]["unkeyedRecords"]["new"], 5);
  EXPECT_EQ(anchor["prevHash"], ReadData(5)["hash"]);
  ASSERT_TRUE(log->Append(Event("after.keying")).committed);
  VerifyResult result = Verify(*store_, chain_key_);
  EXPECT_TRUE(result.ok) << result.reason;
  EXPECT_EQ(result.records, 7);
  EXPECT_EQ(result.keyed_from, 6);

  // The unkeyed part cannot be rewritten any more, even with its links recomputed: the
  // anchor's MAC covers the last of them.
  std::string prev = kGenesisHash;
  for (int seq = 1; seq <= 5; ++seq) {
    Json record = ReadData(seq);
    if (seq == 2) record["actor"] = "usr_evil";
    record["prevHash"] = prev;
    record["hash"] = prev = RecordHash(record);
    WriteData(seq, record);
  }
  ExpectBrokenAt(6, "prevHash does not match record 5");
}

TEST_F(AuditVerifyTest, AnEmptyTrailNeedsNoAnchor) {
  EXPECT_EQ(log_->EnsureKeyed(), 0);
  EXPECT_TRUE(Verify(*store_, chain_key_).ok);
  ASSERT_TRUE(log_->Append(Event("first")).committed);
  const VerifyResult result = Verify(*store_, chain_key_);
  EXPECT_TRUE(result.ok) << result.reason;
  EXPECT_EQ(result.keyed_from, 1);
}

TEST_F(AuditVerifyTest, ADeletedRecordIsAGap) {
  AppendMany(10);
  Sql("DELETE FROM rt_audit WHERE sk = " + Sk(6));
  ExpectBrokenAt(6, "gap after 5");
}

TEST_F(AuditVerifyTest, ADeletedFirstRecordIsAGapAfterZero) {
  AppendMany(3);
  Sql("DELETE FROM rt_audit WHERE sk = " + Sk(1));
  ExpectBrokenAt(1, "gap after 0");
}

TEST_F(AuditVerifyTest, ADeletedLastRecordNoLongerMatchesTheHead) {
  AppendMany(10);
  Sql("DELETE FROM rt_audit WHERE sk = " + Sk(10));
  ExpectBrokenAt(10, "head does not match last record");
}

TEST_F(AuditVerifyTest, ReorderedRecordsAreFound) {
  AppendMany(10);
  const Json third = ReadData(3);
  const Json fourth = ReadData(4);
  WriteData(3, fourth);
  WriteData(4, third);
  ExpectBrokenAt(3, "gap after 2");
}

TEST_F(AuditVerifyTest, ReorderedContentUnderTheOriginalSeqsIsAHashMismatch) {
  AppendMany(10);
  Json third = ReadData(3);
  Json fourth = ReadData(4);
  std::swap(third["seq"], fourth["seq"]);
  WriteData(3, fourth);
  WriteData(4, third);
  ExpectBrokenAt(3, "MAC mismatch");
}

TEST_F(AuditVerifyTest, ARecordThatIsNoLongerJsonIsNamed) {
  AppendMany(10);
  Sql("UPDATE rt_audit SET data = substr(data, 1, 20) WHERE sk = " + Sk(7));
  ExpectBrokenAt(7, "unreadable record");
}

TEST_F(AuditVerifyTest, ATamperedHeadIsFound) {
  AppendMany(4);
  Sql("UPDATE rt_audit_head SET data = json_set(data, '$.hash', '" + std::string(64, 'f') + "')");
  ExpectBrokenAt(4, "head does not match last record");
}

TEST_F(AuditVerifyTest, AMissingHeadIsFound) {
  AppendMany(4);
  Sql("DELETE FROM rt_audit_head");
  ExpectBrokenAt(4, "head does not match last record");
}

TEST_F(AuditVerifyTest, ChainsLongerThanAPageAreWalkedToTheEnd) {
  constexpr int kRecords = 2500;  // three pages of the walk
  std::vector<std::thread> threads;
  for (int t = 0; t < 5; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kRecords / 5; ++i) {
        EXPECT_TRUE(log_->Append(Event("bulk.write")).committed);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const VerifyResult intact = Verify(*store_, chain_key_);
  EXPECT_TRUE(intact.ok) << intact.reason;
  EXPECT_EQ(intact.records, kRecords);
  Sql("UPDATE rt_audit SET data = json_set(data, '$.ip', '198.51.100.7') WHERE sk = " + Sk(2222));
  ExpectBrokenAt(2222, "MAC mismatch");
}

}  // namespace
}  // namespace ccrm::audit
