// Leads in storage: one committed transaction per change holding the lead, its contact and
// deadline rows, its activity, a search-outbox job and the audit record; reads by id, by index
// and by contact; the search index kept in step through the outbox (LeadSearchOutbox).
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "common/clock.hpp"
#include "common/json.hpp"
#include "leads/lead_search_outbox.hpp"
#include "leads/lead_snapshot_cache.hpp"
#include "queue/job_dispatcher.hpp"
#include "queue/job_queue.hpp"
#include "storage/record_store.hpp"
#include "storage/search_index.hpp"

namespace ccrm::leads {

// One lead's change, as the service decided it.
struct LeadChange {
  std::optional<Json> before;  // the stored public lead; nullopt for a create
  Json after;                  // the public lead to store, version already advanced
  // Timeline entries: objects with "type" and the entry's own members; leadId and actor are
  // filled in here, and id and at unless the entry has them.
  std::vector<Json> activity;
  // Another module's writes that commit with the change (a document's record, a trigger's
  // job): all or nothing with the lead.
  std::vector<storage::WriteAction> with;
};

// What the search index holds for a lead: its document, or none for a deleted lead (whose
// entry is removed).
struct LeadSearchEntry {
  std::string id;
  int64_t version = 0;  // of the lead the entry was made from
  std::optional<storage::SearchDocument> document;
};

// Leads committed to the records but not yet to the search index: what IndexCommitted takes.
// Until then their outbox job (written with them) has the queue index them.
struct CommittedLeads {
  std::string outbox_id;  // the outbox job's id; "" when nothing was written
  std::vector<LeadSearchEntry> entries;
};

// The collection and fields of the search index.
inline constexpr const char* kLeadSearchCollection = "leads";

class LeadRepository {
 public:
  // `jobs`: the durable queue the search outbox's jobs go to (its tables already there).
  LeadRepository(storage::RecordStorePtr records, storage::SearchIndexPtr search,
                 std::shared_ptr<audit::AuditLog> audit, std::shared_ptr<queue::JobQueue> jobs,
                 ClockPtr clock);

  // Tables, indexes and the search collection (and the rows of the outbox table of earlier
  // versions, indexed and removed).
  void EnsureTables();
  // Registers the search outbox's job handler (kSearchIndexJob) on `dispatcher`, which must
  // not outlive this repository. At start, Drain(kSearchIndexJob) then runs the jobs a process
  // left over between a commit and its indexing, so search agrees with the records at once.
  void RegisterSearchJobs(queue::JobDispatcher& dispatcher);

  // The public lead (deleted ones included: they carry deletedAt), or nullopt.
  std::optional<Json> Get(const std::string& id) const;
  // The same as a snapshot (nullptr when there is no such lead): when the stored version is
  // the one read last, only the version is read and the serialized form is reused.
  LeadSnapshotPtr Snapshot(const std::string& id) const;
  // True when Snapshot(id) will likely only read the version: the lead was read recently.
  bool HasSnapshot(const std::string& id) const { return snapshots_.Contains(id); }

  // Writes the changes, their activity and `event` in one transaction (with the audit record).
  // False when a lead's condition failed (a create whose id exists, an update whose stored
  // version is no longer changes[i].before's): nothing is written then. Throws
  // std::invalid_argument when the changes need more than one transaction can hold.
  bool Commit(const std::vector<LeadChange>& changes, const audit::AuditEvent& event);
  // An audit record of its own, for what changes nothing but must leave a trace (an export).
  void Audit(const audit::AuditEvent& event);

  // Commit without the search index: the caller hands the changes' entries (LeadSearchEntryOf
  // their `after`) with the outbox id returned here to IndexCommitted later, possibly with
  // others (an import indexes thousands of leads at a time: FTS5 writes a large batch for far
  // less per document than many small ones). nullopt when a condition failed; "" when there
  // was nothing to write.
  std::optional<std::string> CommitUnindexed(const std::vector<LeadChange>& changes,
                                             const audit::AuditEvent& event);
  // Indexes committed leads in one search-index write (a lead's last entry counts) and marks
  // their outbox rows done. An entry whose lead has moved on in the store since (a write that
  // indexed its own, newer entry while this one waited) is made again from the stored lead,
  // so a late write does not put an older version back. A failure is logged and leaves the
  // rows, so the next start indexes the leads.
  void IndexCommitted(std::vector<CommittedLeads> batches) noexcept;

  // How many RecordStore actions a change needs (for batching imports).
  static int ActionsFor(const LeadChange& change);
  // The actions a batch of changes may take in one Commit (the store's transaction limit less
  // the audit record, the chain head, the outbox job and room for a few outbox deletions):
  // 90 on every backend, 990 on the embedded one.
  int MaxBatchActions() const { return audit_->MaxCallerActions() - 8; }

  // Ids of leads carrying the contact key (see ContactKeysOf), at most `limit`.
  std::vector<std::string> LeadIdsByContact(const std::string& key, int limit) const;

  storage::QueryResult Query(const storage::QueryRequest& request) const;
  int64_t Count(const storage::QueryRequest& request) const;

  // Deletes the outbox jobs of commits already indexed, which the next commit would otherwise
  // take along; at shutdown, so the next start has nothing to re-index. Never throws.
  void SettleSearchOutbox() noexcept { outbox_.Settle(); }

  struct ReindexReport {
    int64_t indexed = 0;  // live leads whose search document was rewritten
    int64_t removed = 0;  // index entries of leads deleted or gone
  };
  // Rebuilds the lead search index from the records (`ccrm reindex`): after restoring a backup
  // of records.db without its search.db, or when a new binary indexes leads differently.
  // Searches keep working meanwhile; for a while they may miss what is being rewritten.
  ReindexReport ReindexAll();

  storage::RecordStore& records() const { return *records_; }
  // Moves on with every commit of this process (and before it returns): what was computed
  // from the leads at one value is current while the value stays the same.
  uint64_t WriteGeneration() const { return write_generation_.load(std::memory_order_acquire); }
  storage::SearchIndex& search() const { return *search_; }

 private:
  void AddActions(const LeadChange& change, const std::string& actor, const std::string& now,
                  std::vector<storage::WriteAction>& actions) const;
  // Leads just read from the store (replay, reindex): indexed as they are.
  void IndexLeads(const std::vector<Json>& leads);
  // kCheck: entries made earlier (commits) are checked against the stored version first.
  enum class StoredCheck { kCheck, kSkip };
  void IndexEntries(std::vector<LeadSearchEntry> entries, StoredCheck check);
  void RefreshFromStore(LeadSearchEntry& entry) const;
  // A search.index job: the named leads indexed as stored now (removed when gone).
  void RunSearchJob(const queue::Job& job);
  void IndexStoredLeads(const std::vector<std::string>& ids);
  // The lead_search_outbox table of versions before the job queue: its rows indexed, removed.
  void ReplayLegacyOutbox();

  LeadSearchOutbox outbox_;

  mutable LeadSnapshotCache snapshots_;
  std::atomic<uint64_t> write_generation_{0};

  storage::RecordStorePtr records_;
  storage::SearchIndexPtr search_;
  std::shared_ptr<audit::AuditLog> audit_;
  ClockPtr clock_;
};

// The search document of a lead: names, email, phone digits (whole and in groups, so "555 12"
// finds "(555) 123-4567"), address, carrier, claim and policy numbers; filters on status,
// assignee and loss type; tags.
storage::SearchDocument LeadSearchDocument(const Json& lead);
LeadSearchEntry LeadSearchEntryOf(const Json& lead);

}  // namespace ccrm::leads
