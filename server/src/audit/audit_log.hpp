// The audit trail (CloudTrail's job): records chained by HMACs under a key derived from
// master.key (audit_record.hpp), appended in the same transaction as the change they record,
// so a change without its record (or the reverse) cannot exist.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_query.hpp"
#include "common/clock.hpp"
#include "common/json.hpp"
#include "storage/record_store.hpp"

namespace ccrm::audit {

struct AuditEvent {
  std::string actor;        // usr_… | key_… | "system" | "anonymous"
  std::string action;       // e.g. "user.create", "auth.login_failed", "apikey.revoke"
  std::string entity;       // e.g. "user"; empty when the event concerns no entity
  std::string entity_id;
  std::string request_id;
  std::string ip;
  std::string outcome = "ok";      // ok | denied | failed
  Json changes = Json::object();   // {field: {old, new}}, see Diff(); secrets are masked here
};

class AuditLog {
 public:
  // `chain_key`: the 32-byte HMAC key of the chain (MasterKey::DeriveKey(kChainKeyPurpose)).
  AuditLog(storage::RecordStorePtr records, ClockPtr clock, std::string chain_key);
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;

  // Creates the audit and audit_head tables (idempotent).
  void EnsureTables();
  // A trail written before the chain was keyed gets its keyed anchor: an "audit.chain_keyed"
  // record whose MAC covers the last unkeyed hash, after which every record is keyed. Returns
  // the number of unkeyed records it froze so (0: nothing to do, already keyed or empty).
  int64_t EnsureKeyed();

  // Appends the event's record and the caller's actions in one TransactWrite: both or neither.
  // committed = true when written. When one of the caller's own conditions fails, nothing is
  // written and failed_action is its index in `caller_actions` (never retried: it is the
  // caller's business). Contention on the chain head (another process appending) is retried
  // with jittered backoff; StorageError when it persists or storage fails.
  // std::invalid_argument for a malformed event or more than MaxCallerActions() actions.
  // Thread-safe; concurrent appends are combined into shared transactions.
  storage::TransactResult Append(const AuditEvent& event,
                                 std::vector<storage::WriteAction> caller_actions = {});

  // Newest first; see ListAudit.
  storage::QueryResult List(const AuditFilter& filter);

  // What fits beside the record and the head in one transaction of this store (at least
  // RecordStore::kMaxTransactItems - 2 on every backend).
  int MaxCallerActions() const { return records_->MaxTransactItems() - 2; }
  // Attempts on a contended head before giving up.
  static constexpr int kMaxAttempts = 20;

 private:
  struct Head {
    bool exists = false;
    int64_t seq = 0;
    std::string hash;
    std::string at;
    int64_t version = 0;
    int64_t keyed_from = 0;  // the first keyed record; 0 = none yet
  };
  struct Pending {
    Json body;  // the record without seq, at and hashes
    std::vector<storage::WriteAction> actions;
    storage::TransactResult result;
    std::exception_ptr error;
    bool done = false;
  };

  std::vector<Pending*> TakeBatchLocked();
  // Runs on the leader thread only: writes every pending of the batch, setting its result or
  // error. Never throws.
  void Commit(std::vector<Pending*> batch);
  Head ReadHead();

  storage::RecordStorePtr records_;
  ClockPtr clock_;
  std::string chain_key_;

  std::mutex mutex_;
  std::condition_variable changed_;  // a batch finished: followers check whether theirs was in it
  std::condition_variable arrived_;  // an append was queued: a lingering leader counts them
  std::deque<Pending*> queue_;
  bool leader_active_ = false;
  size_t last_batch_size_ = 0;
  std::chrono::nanoseconds last_commit_time_{0};
  // The head as of our last commit; only the leader touches it. Reset whenever it may be stale.
  std::optional<Head> head_;
};

}  // namespace ccrm::audit
