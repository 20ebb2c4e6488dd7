// Re-checks the audit trail's hash chain end to end: what `ccrm audit verify` runs.
#pragma once

#include <cstdint>
#include <string>

#include "storage/record_store.hpp"

namespace ccrm::audit {

struct VerifyResult {
  bool ok = true;
  int64_t records = 0;      // records checked (all of them when ok)
  int64_t broken_seq = 0;   // the first broken record when !ok
  // "hash mismatch", "prevHash does not match record N-1", "gap after N",
  // "head does not match last record", "malformed record: …", "unreadable record: …"
  std::string reason;
};

// Walks the chain in seq order, page by page, recomputing every hash and prevHash link and
// checking that seqs run 1, 2, 3… without gaps and that the head names the last record.
// Records appended after the head was read are left for the next run, so it may run beside a
// live server. Throws StorageError only when storage itself fails.
VerifyResult Verify(storage::RecordStore& records);

}  // namespace ccrm::audit
