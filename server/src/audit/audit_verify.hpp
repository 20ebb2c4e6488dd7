// Re-checks the audit trail's chain end to end: what `ccrm audit verify` runs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "storage/record_store.hpp"

namespace ccrm::audit {

struct VerifyResult {
  bool ok = true;
  int64_t records = 0;      // records checked (all of them when ok)
  int64_t broken_seq = 0;   // the first broken record when !ok
  int64_t keyed_from = 0;   // the first keyed record (the anchor, or 1); 0 when none was reached
  // "hash mismatch" (an unkeyed record), "MAC mismatch" (a keyed one, or the wrong master.key),
  // "prevHash does not match record N-1", "gap after N", "unkeyed record after the chain was
  // keyed at N", "the chain is not keyed", "head does not match last record (…)",
  // "malformed record: …", "unreadable record: …"
  std::string reason;
};

// Walks the chain in seq order, page by page, recomputing every link (the MAC under
// `chain_key` for keyed records, SHA-256 for the unkeyed ones before the anchor) and every
// prevHash, checking that seqs run 1, 2, 3… without gaps, that no unkeyed record follows a
// keyed one, and that the head names the last record under a valid MAC. A non-empty trail with
// no keyed record fails too: the server keys the chain at start, so an unkeyed trail is one
// from before keying (start the server once) or one rewritten without the key.
// Records appended after the head was read are left for the next run, so it may run beside a
// live server. Throws StorageError only when storage itself fails.
VerifyResult Verify(storage::RecordStore& records, std::string_view chain_key);

}  // namespace ccrm::audit
