// AuditLog on a real SQLite store: the chain, atomicity with the caller's actions, concurrency
// and masking.
#include "audit/audit_log.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "audit/audit_record.hpp"
#include "audit/audit_test_fixture.hpp"
#include "audit/audit_verify.hpp"

namespace ccrm::audit {
namespace {

using storage::Condition;
using storage::WriteAction;
using testing::AuditStoreTest;
using testing::Time;

class AuditLogTest : public AuditStoreTest {
 protected:
  void SetUp() override {
    AuditStoreTest::SetUp();
    store_->EnsureTable({"things", "id", "", {}});
  }

  std::vector<Json> StoredRecords() {
    storage::QueryRequest request;
    request.table = kAuditTable;
    request.partition = kStream;
    request.limit = 1000;
    std::vector<Json> out;
    for (;;) {
      auto page = store_->Query(request);
      out.insert(out.end(), page.items.begin(), page.items.end());
      if (!page.next_cursor) return out;
      request.cursor = *page.next_cursor;
    }
  }

  Json Head() { return store_->Get(kHeadTable, {kStream, ""}).value_or(Json()); }
  bool ThingExists(const std::string& id) { return store_->Get("things", {id, ""}).has_value(); }
};

TEST_F(AuditLogTest, AppendsAChainFromTheGenesisHash) {
  for (const char* action : {"user.create", "user.update", "auth.login"}) {
    EXPECT_TRUE(log_->Append(Event(action)).committed);
    clock_->Advance(std::chrono::milliseconds(5));
  }
  const auto records = StoredRecords();
  ASSERT_EQ(records.size(), 3u);
  std::string prev = kGenesisHash;
  for (size_t i = 0; i < records.size(); ++i) {
    const Json& r = records[i];
    EXPECT_EQ(r["seq"], PadSeq(static_cast<int64_t>(i) + 1));
    EXPECT_EQ(r["prevHash"], prev);
    EXPECT_EQ(r["chain"], "hmac-sha256");
    EXPECT_EQ(r["hash"], RecordMac(r, chain_key_));
    EXPECT_NE(r["hash"], RecordHash(r));
    EXPECT_EQ(r["actor"], "usr_admin");
    EXPECT_EQ(r["entity"], "user");
    EXPECT_EQ(r["entityId"], "usr_1");
    EXPECT_EQ(r["entityKey"], "user#usr_1");
    EXPECT_EQ(r["requestId"], "req-1");
    EXPECT_EQ(r["ip"], "192.0.2.1");
    EXPECT_EQ(r["outcome"], "ok");
    prev = r["hash"];
  }
  EXPECT_EQ(records[0]["action"], "user.create");
  EXPECT_EQ(records[0]["at"], "2026-01-15T10:00:00.000Z");
  EXPECT_EQ(records[2]["at"], "2026-01-15T10:00:00.010Z");
  EXPECT_EQ(Head()["seq"], 3);
  EXPECT_EQ(Head()["hash"], prev);
  EXPECT_EQ(Head()["keyedFrom"], 1);
  EXPECT_EQ(Head()["mac"], HeadMac(3, prev, 1, chain_key_));
  EXPECT_TRUE(Verify(*store_, chain_key_).ok);
}

TEST_F(AuditLogTest, TimeNeverGoesBackwardsAlongTheChain) {
  ASSERT_TRUE(log_->Append(Event("a.one")).committed);
  clock_->Set(Time("2026-01-15T09:00:00Z"));  // the wall clock stepped back an hour
  ASSERT_TRUE(log_->Append(Event("a.two")).committed);
  const auto records = StoredRecords();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1]["at"], records[0]["at"]);
}

TEST_F(AuditLogTest, EventsWithoutAnEntityStayOutOfTheEntityIndex) {
  AuditEvent e = Event("auth.login_failed", "", "", "anonymous");
  e.outcome = "failed";
  ASSERT_TRUE(log_->Append(e).committed);
  const auto records = StoredRecords();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_FALSE(records[0].contains("entityKey"));
  EXPECT_EQ(records[0]["outcome"], "failed");
}

TEST_F(AuditLogTest, CallerActionsCommitWithTheRecord) {
  const auto result = log_->Append(
      Event("thing.create", "thing", "t1"),
      {WriteAction::Put("things", {{"id", "t1"}, {"version", 1}}, Condition::NotExists()),
       WriteAction::Put("things", {{"id", "t2"}})});
  EXPECT_TRUE(result.committed);
  EXPECT_EQ(result.failed_action, -1);
  EXPECT_TRUE(ThingExists("t1"));
  EXPECT_TRUE(ThingExists("t2"));
  EXPECT_EQ(StoredRecords().size(), 1u);
}

TEST_F(AuditLogTest, AFailedCallerConditionWritesNothingAndNamesTheAction) {
  ASSERT_TRUE(log_->Append(Event("thing.create"), {WriteAction::Put("things", {{"id", "t1"}})})
                  .committed);
  const auto result = log_->Append(
      Event("thing.create"),
      {WriteAction::Put("things", {{"id", "t2"}}),
       WriteAction::Put("things", {{"id", "t1"}}, Condition::NotExists())});
  EXPECT_FALSE(result.committed);
  EXPECT_EQ(result.failed_action, 1);  // an index into the caller's own actions
  EXPECT_FALSE(ThingExists("t2"));
  EXPECT_EQ(StoredRecords().size(), 1u);
  EXPECT_EQ(Head()["seq"], 1);
  // The chain goes on without a gap.
  ASSERT_TRUE(log_->Append(Event("thing.update")).committed);
  EXPECT_EQ(StoredRecords().back()["seq"], PadSeq(2));
  EXPECT_TRUE(Verify(*store_, chain_key_).ok);
}

TEST_F(AuditLogTest, CallerMistakesThrowAndWriteNothing) {
  EXPECT_THROW(log_->Append(Event("x.y"), {WriteAction::Put("no_such_table", {{"id", "a"}})}),
               std::invalid_argument);
  EXPECT_THROW(log_->Append(Event("")), std::invalid_argument);
  EXPECT_THROW(log_->Append(Event("x.y", "user", "u", "")), std::invalid_argument);
  AuditEvent bad_outcome = Event("x.y");
  bad_outcome.outcome = "maybe";
  EXPECT_THROW(log_->Append(bad_outcome), std::invalid_argument);
  AuditEvent bad_changes = Event("x.y");
  bad_changes.changes = Json::array();
  EXPECT_THROW(log_->Append(bad_changes), std::invalid_argument);
  std::vector<WriteAction> too_many;
  for (int i = 0; i <= log_->MaxCallerActions(); ++i) {
    too_many.push_back(WriteAction::Put("things", {{"id", "t" + std::to_string(i)}}));
  }
  EXPECT_THROW(log_->Append(Event("x.y"), too_many), std::invalid_argument);
  EXPECT_TRUE(StoredRecords().empty());
  EXPECT_TRUE(Verify(*store_, chain_key_).ok);
}

TEST_F(AuditLogTest, SecretsAreMaskedInTheStoredRecord) {
  AuditEvent e = Event("user.update");
  e.changes = {{"passwordHash", {{"old", "$argon2id$a"}, {"new", "$argon2id$b"}}},
               {"totpSecret", {{"old", nullptr}, {"new", "JBSWY3DP"}}},
               {"email", {{"old", "a@example.com"}, {"new", "b@example.com"}}}};
  ASSERT_TRUE(log_->Append(e).committed);
  const Json changes = StoredRecords().at(0)["changes"];
  EXPECT_EQ(changes["passwordHash"], Json({{"old", "***"}, {"new", "***"}}));
  EXPECT_EQ(changes["totpSecret"], Json({{"old", nullptr}, {"new", "***"}}));
  EXPECT_EQ(changes["email"]["new"], "b@example.com");
}

// Threads of one process: combined into shared transactions, never contending.
TEST_F(AuditLogTest, ConcurrentAppendsFromEightThreadsKeepAGapFreeChain) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 60;
  std::atomic<int> committed{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const std::string id = "t" + std::to_string(t) + "-" + std::to_string(i);
        std::vector<WriteAction> actions = {WriteAction::Put("things", {{"id", id}})};
        // Every fifth append carries a condition that fails: it must not disturb the others.
        if (i % 5 == 4) {
          actions.push_back(WriteAction::Check("things", {"missing-" + id, ""},
                                               Condition::Exists()));
        }
        const auto result = log_->Append(Event("thing.create", "thing", id), actions);
        if (result.committed) {
          ++committed;
          EXPECT_TRUE(ThingExists(id)) << id;
        } else {
          ++refused;
          EXPECT_EQ(result.failed_action, 1);
          EXPECT_FALSE(ThingExists(id)) << id;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(refused.load(), kThreads * kPerThread / 5);
  const auto result = Verify(*store_, chain_key_);
  EXPECT_TRUE(result.ok) << result.broken_seq << ": " << result.reason;
  EXPECT_EQ(result.records, committed.load());
  EXPECT_EQ(StoredRecords().size(), static_cast<size_t>(committed.load()));
}

// Two AuditLogs on one store behave like two processes sharing DynamoDB: each one's cached head
// goes stale when the other appends, and the retry on the head's version condition repairs it.
TEST_F(AuditLogTest, AppendersInOtherProcessesAreRetriedAroundNotOverwritten) {
  auto other = std::make_shared<AuditLog>(store_, clock_, chain_key_);
  ASSERT_TRUE(log_->Append(Event("a.1")).committed);
  ASSERT_TRUE(other->Append(Event("b.1")).committed);
  ASSERT_TRUE(log_->Append(Event("a.2")).committed);  // its cached head is stale here

  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 15; ++i) {
        EXPECT_TRUE((t % 2 ? log_ : other)->Append(Event("c.x")).committed);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const auto result = Verify(*store_, chain_key_);
  EXPECT_TRUE(result.ok) << result.broken_seq << ": " << result.reason;
  EXPECT_EQ(result.records, 3 + 4 * 15);
}

}  // namespace
}  // namespace ccrm::audit
