#include "audit/audit_log.hpp"

#include <algorithm>
#include <chrono>
#include <iterator>
#include <random>
#include <stdexcept>
#include <thread>

#include "audit/audit_changes.hpp"
#include "audit/audit_record.hpp"

namespace ccrm::audit {
namespace {

using storage::Condition;
using storage::TransactResult;
using storage::WriteAction;

constexpr auto kBackoffBase = std::chrono::milliseconds(2);
constexpr auto kBackoffCap = std::chrono::milliseconds(100);
constexpr std::chrono::nanoseconds kMaxLinger = std::chrono::milliseconds(1);

bool IsKnownOutcome(const std::string& outcome) {
  return outcome == "ok" || outcome == "denied" || outcome == "failed";
}

// Full jitter: processes that collided on the head must not collide again in lockstep.
void Backoff(int attempt) {
  thread_local std::mt19937 random{std::random_device{}()};
  const auto ceiling = std::min<std::chrono::milliseconds>(
      kBackoffCap, kBackoffBase * (int64_t{1} << std::min(attempt, 10)));
  std::uniform_int_distribution<int64_t> pick(0, ceiling.count() * 1000);
  std::this_thread::sleep_for(std::chrono::microseconds(pick(random)));
}

Json RecordBody(const AuditEvent& event) {
  if (event.actor.empty()) throw std::invalid_argument("audit: an event needs an actor");
  if (event.action.empty()) throw std::invalid_argument("audit: an event needs an action");
  if (!IsKnownOutcome(event.outcome)) {
    throw std::invalid_argument("audit: outcome must be ok, denied or failed");
  }
  Json body = {{"stream", kStream},
               {"actor", event.actor},
               {"action", event.action},
               {"entity", event.entity},
               {"entityId", event.entity_id},
               {"requestId", event.request_id},
               {"ip", event.ip},
               {"outcome", event.outcome},
               {"changes", MaskChanges(event.changes)}};
  // byEntity is sparse: events about no entity stay out of it.
  if (!event.entity.empty()) body["entityKey"] = EntityKey(event.entity, event.entity_id);
  return body;
}

}  // namespace

AuditLog::AuditLog(storage::RecordStorePtr records, ClockPtr clock, std::string chain_key)
    : records_(std::move(records)), clock_(std::move(clock)), chain_key_(std::move(chain_key)) {
  if (!records_ || !clock_) throw std::invalid_argument("AuditLog: records and clock required");
  if (chain_key_.size() != kChainKeySize) {
    throw std::invalid_argument("AuditLog: the chain key is 32 bytes");
  }
}

void AuditLog::EnsureTables() {
  records_->EnsureTable(AuditTableSchema());
  records_->EnsureTable(HeadTableSchema());
}

int64_t AuditLog::EnsureKeyed() {
  const Head head = ReadHead();
  if (!head.exists || head.keyed_from != 0) return 0;
  AuditEvent anchor;
  anchor.actor = "system";
  anchor.action = "audit.chain_keyed";
  anchor.changes = {{"unkeyedRecords", {{"old", nullptr}, {"new", head.seq}}},
                    {"unkeyedHead", {{"old", nullptr}, {"new", head.hash}}}};
  Append(anchor);
  return head.seq;
}

storage::QueryResult AuditLog::List(const AuditFilter& filter) {
  return ListAudit(*records_, filter);
}

TransactResult AuditLog::Append(const AuditEvent& event,
                                std::vector<WriteAction> caller_actions) {
  if (caller_actions.size() > static_cast<size_t>(MaxCallerActions())) {
    throw std::invalid_argument("audit: at most " + std::to_string(MaxCallerActions()) +
                                " actions go with one record");
  }
  Pending pending;
  pending.body = RecordBody(event);
  pending.actions = std::move(caller_actions);

  // Leader/follower combining: whoever finds no commit in flight writes everything queued so
  // far in one transaction. The chain makes appends sequential anyway (each needs the previous
  // hash); combining lets one commit (one fsync) carry many of them instead of one each.
  std::unique_lock lock(mutex_);
  queue_.push_back(&pending);
  arrived_.notify_one();
  while (!pending.done) {
    if (leader_active_) {
      changed_.wait(lock);
      continue;
    }
    leader_active_ = true;
    if (queue_.size() < last_batch_size_) {
      // The threads the previous commit released are re-entering right now. Without a short
      // wait for them, commits alternate between a batch of one and a batch of the rest,
      // halving throughput. The wait is a fraction of a commit, and only under concurrency.
      const auto linger = std::min<std::chrono::nanoseconds>(last_commit_time_ / 4, kMaxLinger);
      arrived_.wait_for(lock, linger, [&] { return queue_.size() >= last_batch_size_; });
    }
    std::vector<Pending*> batch = TakeBatchLocked();
    last_batch_size_ = batch.size();
    lock.unlock();
    const auto started = std::chrono::steady_clock::now();
    Commit(batch);
    const auto took = std::chrono::steady_clock::now() - started;
    lock.lock();
    last_commit_time_ = took;
    for (Pending* p : batch) p->done = true;
    leader_active_ = false;
    changed_.notify_all();
  }
  if (pending.error) std::rethrow_exception(pending.error);
  return pending.result;
}

std::vector<AuditLog::Pending*> AuditLog::TakeBatchLocked() {
  std::vector<Pending*> batch;
  size_t budget = records_->MaxTransactItems() - 1;  // one slot for the head
  while (!queue_.empty() && queue_.front()->actions.size() + 1 <= budget) {
    budget -= queue_.front()->actions.size() + 1;
    batch.push_back(queue_.front());
    queue_.pop_front();
  }
  return batch;
}

AuditLog::Head AuditLog::ReadHead() {
  const auto item = records_->Get(kHeadTable, {kStream, ""});
  if (!item) return {};
  Head head;
  head.exists = true;
  head.seq = item->value("seq", int64_t{0});
  head.hash = item->value("hash", std::string());
  head.at = item->value("at", std::string());
  head.version = item->value("version", int64_t{0});
  head.keyed_from = item->value("keyedFrom", int64_t{0});
  if (head.seq < 1 || head.hash.empty()) {
    throw storage::StorageError("audit: the chain head is malformed");
  }
  return head;
}

void AuditLog::Commit(std::vector<Pending*> batch) {
  int contended = 0;
  while (!batch.empty()) {
    try {
      if (!head_) head_ = ReadHead();
      const Head head = *head_;
      Head next = head;
      if (!head.exists) next.hash = kGenesisHash;
      std::vector<WriteAction> actions;
      std::vector<size_t> first_action;  // where each pending's own actions start
      for (Pending* p : batch) {
        Json record = p->body;
        ++next.seq;
        // `at` never goes backwards along the chain, even if the wall clock does: the
        // query side turns time ranges into seq ranges relying on it. The fixed-width
        // format makes string order time order.
        next.at = std::max(next.at, FormatRfc3339Millis(clock_->Now()));
        record["seq"] = PadSeq(next.seq);
        record["at"] = next.at;
        record["prevHash"] = next.hash;
        record["chain"] = kKeyedChain;
        if (next.keyed_from == 0) next.keyed_from = next.seq;
        next.hash = RecordMac(record, chain_key_);
        record["hash"] = next.hash;
        actions.push_back(WriteAction::Put(kAuditTable, std::move(record), Condition::NotExists()));
      }
      next.exists = true;
      next.version = head.version + 1;
      actions.push_back(WriteAction::Put(
          kHeadTable,
          {{"stream", kStream}, {"seq", next.seq}, {"hash", next.hash}, {"at", next.at},
           {"version", next.version}, {"keyedFrom", next.keyed_from},
           {"mac", HeadMac(next.seq, next.hash, next.keyed_from, chain_key_)}},
          head.exists ? Condition::VersionEquals(head.version) : Condition::NotExists()));
      // Moved, not copied (an import's batch holds a thousand items); a retry takes them back.
      for (Pending* p : batch) {
        first_action.push_back(actions.size());
        std::move(p->actions.begin(), p->actions.end(), std::back_inserter(actions));
      }
      const auto give_back = [&] {
        for (size_t i = 0; i < batch.size(); ++i) {
          const size_t end = i + 1 < batch.size() ? first_action[i + 1] : actions.size();
          std::move(actions.begin() + static_cast<std::ptrdiff_t>(first_action[i]),
                    actions.begin() + static_cast<std::ptrdiff_t>(end), batch[i]->actions.begin());
        }
      };

      TransactResult result;
      try {
        result = records_->TransactWrite(actions);
      } catch (const std::invalid_argument&) {
        // One caller's mistake (or two callers touching the same item) must not fail the
        // others: alone, each gets its own verdict.
        if (batch.size() == 1) throw;
        give_back();
        for (Pending* p : batch) Commit({p});
        return;
      }
      if (result.committed) {
        head_ = next;
        for (Pending* p : batch) p->result = {true, -1};
        return;
      }
      give_back();
      const auto failed = static_cast<size_t>(result.failed_action);
      if (result.failed_action >= 0 && failed > batch.size()) {
        // A caller's own condition: report it to that caller, retry the rest without it.
        size_t owner = batch.size() - 1;
        while (first_action[owner] > failed) --owner;
        batch[owner]->result = {false, static_cast<int>(failed - first_action[owner])};
        batch.erase(batch.begin() + static_cast<std::ptrdiff_t>(owner));
        continue;
      }
      // The head (or a record slot) moved under us: another process appended.
      head_.reset();
      if (++contended >= kMaxAttempts) {
        throw storage::StorageError("audit: the chain head stayed contended after " +
                                    std::to_string(kMaxAttempts) + " attempts");
      }
      Backoff(contended);
    } catch (...) {
      head_.reset();
      for (Pending* p : batch) p->error = std::current_exception();
      return;
    }
  }
}

}  // namespace ccrm::audit
