// The search indexing behind imports, over real SQLite files: committed leads become
// searchable when a batch fills or at Finish, a lead's last entry wins, and leads committed
// but never indexed (a crash in between) are indexed by the outbox's job at the next start or
// by any process once the job is due.
#include "leads/deferred_lead_indexer.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "audit/audit_test_fixture.hpp"
#include "leads/lead_store_test_fixture.hpp"

namespace ccrm::leads {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::string Id(const LeadChange& change) { return change.after.at("id").get<std::string>(); }

class DeferredLeadIndexerTest : public LeadServiceStoreTest {
 protected:

  // Commits `changes` to the records only, as an import does; their entries, for the indexer.
  CommittedLeads CommitUnindexed(const std::vector<LeadChange>& changes) {
    const auto outbox_id =
        repository_->CommitUnindexed(changes, LeadService::EventFor(admin_, "lead.import", ""));
    EXPECT_TRUE(outbox_id.has_value());
    CommittedLeads committed{.outbox_id = outbox_id.value_or(""), .entries = {}};
    for (const LeadChange& c : changes) committed.entries.push_back(LeadSearchEntryOf(c.after));
    return committed;
  }
  LeadChange Create(const std::string& last_name) {
    return service_->PrepareCreate({{"firstName", "Ann"}, {"lastName", last_name}}, admin_, {});
  }
  // The change that renames (or deletes) the lead `before`, one version on.
  static LeadChange Next(const Json& before, const Json& patch) {
    LeadChange change{.before = before, .after = before, .activity = {}};
    change.after.merge_patch(patch);
    change.after["version"] = before.at("version").get<int64_t>() + 1;
    return change;
  }
};

TEST_F(DeferredLeadIndexerTest, IndexesWhenABatchFillsAndAtFinish) {
  DeferredLeadIndexer indexer(*repository_, 3);
  const LeadChange a = Create("Abernathy");
  const LeadChange b = Create("Brightwater");
  indexer.Add(CommitUnindexed({a, b}));
  EXPECT_THAT(SearchIds("abernathy"), IsEmpty()) << "two of three: nothing indexed yet";
  EXPECT_EQ(repository_->Get(Id(a))->at("lastName"), "Abernathy");  // committed

  const LeadChange c = Create("Cardenas");
  indexer.Add(CommitUnindexed({c}));  // the batch is full: indexed on the indexer's thread
  const LeadChange d = Create("Delacroix");
  indexer.Add(CommitUnindexed({d}));
  indexer.Finish();  // waits for that write, then indexes what is left
  EXPECT_THAT(SearchIds("abernathy"), ElementsAre(Id(a)));
  EXPECT_THAT(SearchIds("brightw"), ElementsAre(Id(b)));
  EXPECT_THAT(SearchIds("cardenas"), ElementsAre(Id(c)));
  EXPECT_THAT(SearchIds("delacroix"), ElementsAre(Id(d)));
  indexer.Finish();  // a second Finish (and the destructor's) does nothing
}

TEST_F(DeferredLeadIndexerTest, ALeadsLastEntryWinsAcrossCommits) {
  const LeadChange created = Create("Eastwood");
  const LeadChange renamed = Next(created.after, {{"lastName", "Fairbanks"}});
  const LeadChange gone = Create("Galloway");
  const LeadChange deleted = Next(gone.after, {{"deletedAt", "2026-11-27T00:00:00.000Z"}});
  {
    DeferredLeadIndexer indexer(*repository_, 1000);
    indexer.Add(CommitUnindexed({created, gone}));
    indexer.Add(CommitUnindexed({renamed}));
    indexer.Add(CommitUnindexed({deleted}));
  }  // the destructor finishes
  EXPECT_THAT(SearchIds("fairbanks"), ElementsAre(Id(created)));
  EXPECT_THAT(SearchIds("eastwood"), IsEmpty());
  EXPECT_THAT(SearchIds("galloway"), IsEmpty());
}

// A lead written again (and indexed at once) while the import's entry for it waited: the
// waiting entry must not put the older version back.
TEST_F(DeferredLeadIndexerTest, AnEntryOvertakenByANewerWriteIndexesTheStoredLead) {
  const LeadChange created = Create("Ingleby");
  DeferredLeadIndexer indexer(*repository_, 1000);
  CommittedLeads waiting = CommitUnindexed({created});
  service_->Patch(Id(created), {{"lastName", "Jarrow"}}, std::nullopt, admin_);
  EXPECT_THAT(SearchIds("jarrow"), ElementsAre(Id(created)));
  indexer.Add(std::move(waiting));
  indexer.Finish();
  EXPECT_THAT(SearchIds("jarrow"), ElementsAre(Id(created)));
  EXPECT_THAT(SearchIds("ingleby"), IsEmpty());

  // And one whose lead is gone from the store leaves nothing behind.
  const LeadChange vanished = Create("Kettering");
  CommittedLeads ghost{.outbox_id = "", .entries = {LeadSearchEntryOf(vanished.after)}};
  repository_->IndexCommitted({std::move(ghost)});  // never committed: no stored lead
  EXPECT_THAT(SearchIds("kettering"), IsEmpty());
}

TEST_F(DeferredLeadIndexerTest, LeadsCommittedButNeverIndexedAreIndexedAtTheNextStart) {
  const LeadChange lost = Create("Hollingsworth");
  CommitUnindexed({lost});  // and then the process dies before its indexer writes
  EXPECT_THAT(SearchIds("hollingsworth"), IsEmpty());
  MakeRepository();  // the next start replays the search outbox
  EXPECT_THAT(SearchIds("hollingsworth"), ElementsAre(Id(lost)));
}

TEST_F(DeferredLeadIndexerTest, AnyProcessIndexesLeadsLeftBehindOnceTheirJobIsDue) {
  const LeadChange lost = Create("Quennell");
  CommitUnindexed({lost});  // its process lives on but never indexes (its index write failed)
  // Another process on the store, with a dispatcher of its own: not before the grace period...
  auto clock = std::make_shared<audit::testing::FakeClock>(std::chrono::system_clock::now());
  auto jobs = std::make_shared<queue::JobQueue>(records_, clock);
  LeadRepository other(records_, search_, audit_, jobs, SystemClock());
  queue::JobDispatcher dispatcher(jobs);
  other.RegisterSearchJobs(dispatcher);
  EXPECT_EQ(dispatcher.RunDue(), 0);
  EXPECT_THAT(SearchIds("quennell"), IsEmpty());
  // ... and once it has passed.
  clock->Advance(LeadSearchOutbox::kGrace + std::chrono::seconds(1));
  EXPECT_EQ(dispatcher.RunDue(), 1);
  EXPECT_THAT(SearchIds("quennell"), ElementsAre(Id(lost)));
  EXPECT_EQ(jobs->Stats().depth, 0);
}

// The committing process indexed the leads itself; when the queue hands it the job (nobody's
// commit deleted it yet), it completes without indexing again.
TEST_F(DeferredLeadIndexerTest, AJobWhoseLeadsWereIndexedAtCommitOnlyGoesAway) {
  service_->Create({{"firstName", "Ann"}, {"lastName", "Rowntree"}}, admin_);
  auto clock = std::make_shared<audit::testing::FakeClock>(std::chrono::system_clock::now() +
                                                           std::chrono::minutes(1));
  auto jobs = std::make_shared<queue::JobQueue>(records_, clock);
  queue::JobDispatcher dispatcher(jobs);
  repository_->RegisterSearchJobs(dispatcher);
  search_->Remove(kLeadSearchCollection, SearchIds("rowntree").at(0));  // to see a re-index
  EXPECT_EQ(dispatcher.RunDue(), 1);
  EXPECT_THAT(SearchIds("rowntree"), IsEmpty());  // not indexed again: it was done
  EXPECT_EQ(jobs->Stats().depth, 0);
}

}  // namespace
}  // namespace ccrm::leads
