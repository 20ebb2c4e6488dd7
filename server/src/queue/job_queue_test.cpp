// The durable queue over a real SQLite store: transactional enqueue, due times, leases,
// backoff, dead letters, and two dispatchers sharing one store.
#include "queue/job_queue.hpp"

#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <thread>

#include "audit/audit_test_fixture.hpp"
#include "queue/dead_letters.hpp"
#include "queue/job_dispatcher.hpp"

namespace ccrm::queue {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using storage::Condition;
using storage::WriteAction;

class JobQueueTest : public audit::testing::AuditStoreTest {
 protected:
  void SetUp() override {
    AuditStoreTest::SetUp();
    queue_ = MakeQueue();
  }
  void TearDown() override {
    queue_.reset();
    AuditStoreTest::TearDown();
  }
  std::shared_ptr<JobQueue> MakeQueue(JobQueueOptions options = {.lease = seconds(60),
                                                                 .max_attempts = 3}) {
    auto queue = std::make_shared<JobQueue>(store_, clock_, options);
    queue->EnsureTables();
    return queue;
  }
  std::string EnqueueNow(const std::string& kind, Json payload = Json::object(),
                         milliseconds delay = {}) {
    std::string id;
    EXPECT_TRUE(store_->TransactWrite({queue_->Enqueue(kind, std::move(payload), delay, &id)}).committed);
    return id;
  }

  std::shared_ptr<JobQueue> queue_;
};

TEST_F(JobQueueTest, AJobIsEnqueuedOnlyWithTheTransactionThatCausesIt) {
  std::string id;
  // The caller's change fails its condition: no job either.
  const auto failed = store_->TransactWrite(
      {WriteAction::Check(kJobsTable, {"job_missing", ""}, Condition::Exists()),
       queue_->Enqueue("test.kind", {{"n", 1}}, {}, &id)});
  EXPECT_FALSE(failed.committed);
  EXPECT_TRUE(queue_->Claim("a", 10).empty());
  EnqueueNow("test.kind", {{"n", 2}});
  const auto jobs = queue_->Claim("a", 10);
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0].kind, "test.kind");
  EXPECT_EQ(jobs[0].payload, (Json{{"n", 2}}));
  EXPECT_EQ(jobs[0].attempts, 1);
}

TEST_F(JobQueueTest, AJobIsNotDueBeforeItsDelay) {
  EnqueueNow("test.kind", Json::object(), seconds(10));
  EXPECT_TRUE(queue_->Claim("a", 10).empty());
  clock_->Advance(seconds(10));
  EXPECT_EQ(queue_->Claim("a", 10).size(), 1u);
}

TEST_F(JobQueueTest, AClaimHoldsTheJobUntilItsLeaseEnds) {
  const std::string id = EnqueueNow("test.kind");
  const auto first = queue_->Claim("a", 10);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_TRUE(queue_->Claim("b", 10).empty());  // claimed
  clock_->Advance(seconds(60));                  // a died: its lease ends
  const auto second = queue_->Claim("b", 10);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].id, id);
  EXPECT_EQ(second[0].attempts, 2);
  queue_->Complete(first[0]);  // a's late completion does not remove b's claim
  EXPECT_TRUE(store_->Get(kJobsTable, {id, ""}).has_value());
  queue_->Complete(second[0]);
  EXPECT_FALSE(store_->Get(kJobsTable, {id, ""}).has_value());
}

TEST_F(JobQueueTest, FailuresBackOffThenParkInDeadLetters) {
  const std::string id = EnqueueNow("test.kind", {{"leadId", "lead_1"}});
  auto jobs = queue_->Claim("a", 10);
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_FALSE(queue_->Fail(jobs[0], "first"));
  // Retry 1 comes back within 0.5..1 s, retry 2 within 1..2 s.
  clock_->Advance(milliseconds(499));
  EXPECT_TRUE(queue_->Claim("a", 10).empty());
  clock_->Advance(milliseconds(501));
  jobs = queue_->Claim("a", 10);
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0].last_error, "first");
  EXPECT_FALSE(queue_->Fail(jobs[0], "second"));
  clock_->Advance(milliseconds(999));
  EXPECT_TRUE(queue_->Claim("a", 10).empty());
  clock_->Advance(milliseconds(1001));
  jobs = queue_->Claim("a", 10);
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0].attempts, 3);
  EXPECT_TRUE(queue_->Fail(jobs[0], "third and last"));  // max_attempts 3
  clock_->Advance(std::chrono::hours(2));
  EXPECT_TRUE(queue_->Claim("a", 10).empty());
  const QueueStats stats = queue_->Stats();
  EXPECT_EQ(stats.depth, 0);
  EXPECT_EQ(stats.dead_letters, 1);
  DeadLetters dead(queue_, log_);
  const auto letter = dead.Get(id);
  ASSERT_TRUE(letter.has_value());
  EXPECT_EQ(letter->at("lastError"), "third and last");
  EXPECT_EQ(letter->at("attempts"), 3);
  EXPECT_EQ(letter->at("payload"), (Json{{"leadId", "lead_1"}}));
}

TEST_F(JobQueueTest, StatsSayHowLongTheOldestJobHasWaited) {
  EnqueueNow("test.kind");
  EnqueueNow("test.kind", Json::object(), seconds(30));
  clock_->Advance(seconds(12));
  const QueueStats stats = queue_->Stats();
  EXPECT_EQ(stats.depth, 2);
  EXPECT_DOUBLE_EQ(stats.oldest_wait_seconds, 12.0);
}

TEST_F(JobQueueTest, DeadLettersGoBackToTheQueueOrAreDiscardedWithAnAuditRecord) {
  const std::string a = EnqueueNow("test.kind", {{"n", "a"}});
  const std::string b = EnqueueNow("test.kind", {{"n", "b"}});
  for (int attempt = 0; attempt < 3; ++attempt) {
    for (const Job& job : queue_->Claim("a", 10)) queue_->Fail(job, "broken");
    clock_->Advance(std::chrono::hours(1));
  }
  DeadLetters dead(queue_, log_);
  ASSERT_EQ(dead.List(10, "").items.size(), 2u);

  const auto job = dead.Retry(a, {.actor = "usr_admin", .request_id = "req_1", .ip = "192.0.2.1"});
  ASSERT_TRUE(job.has_value());
  EXPECT_FALSE(dead.Get(a).has_value());
  const auto again = queue_->Claim("a", 10);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].id, *job);
  EXPECT_EQ(again[0].attempts, 1);  // a fresh start
  EXPECT_EQ(again[0].payload, (Json{{"n", "a"}}));
  EXPECT_FALSE(dead.Retry(a, {.actor = "usr_admin"}).has_value());  // gone

  EXPECT_TRUE(dead.Discard(b, {.actor = "usr_admin"}));
  EXPECT_FALSE(dead.Discard(b, {.actor = "usr_admin"}));
  EXPECT_TRUE(dead.List(10, "").items.empty());
  const auto trail = log_->List({});
  std::vector<std::string> actions;
  for (const Json& record : trail.items) actions.push_back(record.value("action", ""));
  EXPECT_EQ(actions, (std::vector<std::string>{"queue.dead_letter_discard",
                                                "queue.dead_letter_retry"}));
}

TEST_F(JobQueueTest, TheDispatcherRunsEachKindsHandlerAndRetriesWhatThrows) {
  JobDispatcher dispatcher(queue_);
  std::vector<std::string> ran;
  dispatcher.Register("test.ok", [&](const Job& job) { ran.push_back(job.payload.at("n")); });
  dispatcher.Register("test.throws", [&](const Job&) { throw std::runtime_error("nope"); });
  EnqueueNow("test.ok", {{"n", "1"}});
  EnqueueNow("test.throws");
  EnqueueNow("test.unknown");
  EXPECT_EQ(dispatcher.RunDue(), 3);
  EXPECT_EQ(ran, (std::vector<std::string>{"1"}));
  EXPECT_EQ(dispatcher.failures(), 2);
  EXPECT_EQ(queue_->Stats().depth, 2);  // the failed ones, due again later
  EXPECT_EQ(dispatcher.RunDue(), 0);
}

TEST_F(JobQueueTest, DrainRunsOneKindDueOrNot) {
  JobDispatcher dispatcher(queue_);
  int ran = 0;
  dispatcher.Register("test.outbox", [&](const Job&) { ++ran; });
  EnqueueNow("test.outbox", Json::object(), seconds(30));
  EnqueueNow("test.outbox", Json::object(), seconds(30));
  EnqueueNow("test.other");
  EXPECT_EQ(dispatcher.Drain("test.outbox"), 2);
  EXPECT_EQ(ran, 2);
  EXPECT_EQ(queue_->Stats().depth, 1);  // the other kind waits for its own handler
}

TEST_F(JobQueueTest, TheDispatchersThreadRunsWhatIsEnqueued) {
  JobDispatcher dispatcher(queue_, {.poll_interval = milliseconds(20)});
  std::atomic<int> ran{0};
  dispatcher.Register("test.ok", [&](const Job&) { ++ran; });
  dispatcher.Start();
  for (int i = 0; i < 5; ++i) EnqueueNow("test.ok");
  dispatcher.Wake();
  for (int i = 0; i < 500 && ran.load() < 5; ++i) std::this_thread::sleep_for(milliseconds(10));
  dispatcher.Stop();
  EXPECT_EQ(ran.load(), 5);
  EXPECT_EQ(queue_->Stats().depth, 0);
}

// Two processes on one store, as two dispatchers over two queue objects: every job runs once.
TEST_F(JobQueueTest, TwoDispatchersOnOneStoreRunEveryJobExactlyOnce) {
  constexpr int kJobs = 300;
  for (int i = 0; i < kJobs; ++i) EnqueueNow("test.count", {{"n", i}});
  std::mutex mutex;
  std::map<int, int> runs;
  const auto count = [&](const Job& job) {
    std::lock_guard lock(mutex);
    ++runs[job.payload.at("n").get<int>()];
  };
  JobDispatcher first(MakeQueue(), {.batch = 8});
  JobDispatcher second(MakeQueue(), {.batch = 8});
  first.Register("test.count", count);
  second.Register("test.count", count);
  std::thread other([&] {
    while (second.RunDue() > 0) {
    }
  });
  while (first.RunDue() > 0) {
  }
  other.join();
  while (first.RunDue() > 0 || second.RunDue() > 0) {
  }
  ASSERT_EQ(runs.size(), size_t{kJobs});
  for (const auto& [n, times] : runs) EXPECT_EQ(times, 1) << n;
  EXPECT_EQ(queue_->Stats().depth, 0);
}

}  // namespace
}  // namespace ccrm::queue
