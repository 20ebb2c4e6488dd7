// Reading the audit trail: filters, the index each filter combination uses, and the opaque
// cursor of GET /api/v1/audit.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/json.hpp"
#include "storage/record_store.hpp"

namespace ccrm::audit {

struct AuditFilter {
  std::string entity;     // with entity_id: served by the byEntity index
  std::string entity_id;
  std::string actor;      // served by the byActor index (unless byEntity already is)
  std::string action;     // exact match
  std::optional<std::chrono::system_clock::time_point> from;  // inclusive
  std::optional<std::chrono::system_clock::time_point> to;    // inclusive
  int limit = 50;         // 1..kMaxListLimit
  std::string cursor;     // a previous page's next_cursor; empty = the newest records
};

inline constexpr int kMaxListLimit = 200;
// Records one List call may read before it returns a shorter page with a cursor, so a filter
// that matches nothing in a long trail costs a bounded amount per request.
inline constexpr int kMaxScannedPerList = 5000;

// Newest first. Items are records as the API shows them: seq as a number, without the
// storage-only attributes. next_cursor is set when older records may follow. Throws
// std::invalid_argument on a limit out of range or a malformed cursor.
storage::QueryResult ListAudit(storage::RecordStore& records, const AuditFilter& filter);

// A stored record as the API shows it.
Json ToApiRecord(const Json& stored);

// The cursor is "older than seq N", which stays meaningful however the filter or the
// underlying pages change; DecodeAuditCursor answers nullopt for anything malformed.
std::string EncodeAuditCursor(int64_t before_seq);
std::optional<int64_t> DecodeAuditCursor(std::string_view cursor);

}  // namespace ccrm::audit
