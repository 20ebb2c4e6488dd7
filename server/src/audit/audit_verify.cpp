#include "audit/audit_verify.hpp"

#include <algorithm>
#include <limits>
#include <optional>

#include "audit/audit_chain_walk.hpp"
#include "audit/audit_record.hpp"
#include "crypto/constant_time.hpp"

namespace ccrm::audit {
namespace {

constexpr int kPageSize = 1000;

VerifyResult Broken(int64_t seq, int64_t checked, std::string reason) {
  return {.ok = false, .records = checked, .broken_seq = seq, .reason = std::move(reason)};
}

struct HeadState {
  bool present = false;
  bool readable = true;
  int64_t seq = 0;
  std::string hash;
  int64_t keyed_from = 0;
  std::string mac;
};

HeadState ReadHead(storage::RecordStore& records) {
  HeadState head;
  std::optional<Json> item;
  try {
    item = records.Get(kHeadTable, {kStream, ""});
  } catch (const storage::StorageError&) {
    // Stored bytes that are no longer JSON: that is tampering to report, not a failure.
    return {.present = true, .readable = false};
  }
  if (!item) return head;
  head.present = true;
  const auto seq = item->find("seq");
  const std::string* hash = StringAttribute(*item, "hash");
  if (seq == item->end() || !seq->is_number_integer() || !hash) {
    head.readable = false;
    return head;
  }
  head.seq = seq->get<int64_t>();
  head.hash = *hash;
  const auto keyed_from = item->find("keyedFrom");
  if (keyed_from != item->end() && keyed_from->is_number_integer()) {
    head.keyed_from = keyed_from->get<int64_t>();
  }
  if (const std::string* mac = StringAttribute(*item, "mac")) head.mac = *mac;
  return head;
}

// After a page failed to read (a record that is no longer JSON): one record at a time from
// where the walk stopped, so the report names the record rather than the page. Without a head
// to bound it (`last` unknown) the first missing record ends the chain.
std::optional<VerifyResult> WalkByPointReads(storage::RecordStore& records, ChainWalk& walk,
                                             std::optional<int64_t> last) {
  const int64_t bound = last.value_or(std::numeric_limits<int64_t>::max());
  for (int64_t seq = walk.expected(); seq <= bound; ++seq) {
    std::optional<Json> record;
    try {
      record = records.Get(kAuditTable, {kStream, PadSeq(seq)});
    } catch (const storage::StorageError& e) {
      return Broken(seq, walk.checked(), std::string("unreadable record: ") + e.what());
    }
    if (!record) {
      if (!last) return std::nullopt;
      return Broken(seq, walk.checked(), "gap after " + std::to_string(seq - 1));
    }
    if (auto broken = walk.Check(*record)) {
      return Broken(broken->seq, walk.checked(), broken->reason);
    }
  }
  return std::nullopt;
}

}  // namespace

VerifyResult Verify(storage::RecordStore& records, std::string_view chain_key) {
  if (chain_key.size() != kChainKeySize) {
    throw std::invalid_argument("audit verify: the chain key is 32 bytes");
  }
  // The head first: records appended after it (a live server) are the next run's business.
  const HeadState head = ReadHead(records);
  storage::QueryRequest request;
  request.table = kAuditTable;
  request.partition = kStream;
  request.forward = true;
  request.limit = kPageSize;
  if (head.present && head.readable && head.seq >= 1) {
    request.sort = {storage::SortKeyCondition::Op::kLe, PadSeq(head.seq), ""};
  }

  ChainWalk walk(chain_key);
  for (;;) {
    storage::QueryResult page;
    try {
      page = records.Query(request);
    } catch (const storage::StorageError&) {
      const bool bounded = head.present && head.readable;
      if (auto broken = WalkByPointReads(records, walk,
                                         bounded ? std::optional(head.seq) : std::nullopt)) {
        return *broken;
      }
      break;
    }
    for (const Json& record : page.items) {
      if (auto broken = walk.Check(record)) {
        return Broken(broken->seq, walk.checked(), broken->reason);
      }
    }
    if (!page.next_cursor) break;
    request.cursor = *page.next_cursor;
  }

  const int64_t last = walk.checked();
  if (!head.present) {
    if (last == 0) return {.ok = true, .records = 0};
    return Broken(last, last, "head does not match last record (no head)");
  }
  if (!head.readable) {
    return Broken(last, last, "head does not match last record (malformed head)");
  }
  if (head.seq != last) {
    return Broken(std::min(head.seq, last + 1), last,
                  "head does not match last record (head names " + std::to_string(head.seq) +
                      ", last record is " + std::to_string(last) + ")");
  }
  if (head.hash != walk.last_hash()) {
    return Broken(last, last, "head does not match last record (hash differs)");
  }
  if (last == 0) return {.ok = true, .records = 0};
  if (walk.keyed_from() == 0) {
    return Broken(last, last,
                  "the chain is not keyed (a trail from before keying: start ccrm serve once to "
                  "key it; otherwise it was rewritten without the key)");
  }
  if (head.keyed_from != walk.keyed_from() ||
      !crypto::ConstantTimeEquals(HeadMac(head.seq, head.hash, head.keyed_from, chain_key),
                                  head.mac)) {
    return Broken(last, last, "head does not match last record (head MAC mismatch)");
  }
  return {.ok = true, .records = last, .keyed_from = walk.keyed_from()};
}

}  // namespace ccrm::audit
