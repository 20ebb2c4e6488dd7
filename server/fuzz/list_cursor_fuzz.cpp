// List cursors as clients hand them back (`cursor=` on every list route): the record store's
// key cursors (leads, users, keys, activity), the search cursors and the audit trail's.
// Invariants: a cursor is accepted or refused, refused only with std::invalid_argument (a 400
// upstream) or nullopt, never another exception; whatever a decoder accepts, encoded again,
// decodes to the same; a cursor of another partition is refused.
#include <cstdint>
#include <string>
#include <string_view>

#include "audit/audit_query.hpp"
#include "common/utf8.hpp"
#include "fuzz_check.hpp"
#include "storage/sqlite/sqlite_query_plan.hpp"
#include "storage/sqlite/sqlite_search_query.hpp"
#include "storage/sqlite/sqlite_table_info.hpp"

using namespace ccrm;
using namespace ccrm::storage;
using namespace ccrm::storage::sqlite;

namespace {

const TableInfo& Table() {
  static const TableInfo table(
      TableSchema{"leads", "id", "", {{"byStatusUpdated", "status", "updatedAt"}}});
  return table;
}

// Accepted or refused with std::invalid_argument: anything else escapes and is a finding.
bool Plans(const QueryRequest& request) {
  try {
    PlanQuery(Table(), request);
    return true;
  } catch (const std::invalid_argument&) {
    return false;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;
  const std::string cursor(reinterpret_cast<const char*>(data), size);

  // The audit trail's "older than seq N".
  if (const auto seq = audit::DecodeAuditCursor(cursor)) {
    FUZZ_CHECK(audit::DecodeAuditCursor(audit::EncodeAuditCursor(*seq)) == seq,
               "an audit cursor re-encodes to itself");
  }

  // Search cursors.
  if (const auto search = DecodeSearchCursor(cursor)) {
    const auto again = DecodeSearchCursor(EncodeSearchCursor(*search));
    FUZZ_CHECK(again.has_value(), "a search cursor re-encodes");
    FUZZ_CHECK(again->fingerprint == search->fingerprint && again->ranked == search->ranked &&
                   again->last_id == search->last_id && again->high_water == search->high_water &&
                   again->broad == search->broad && again->stats == search->stats,
               "and decodes to the same");
    FUZZ_CHECK(again->last_score == search->last_score ||
                   (again->last_score != again->last_score &&
                    search->last_score != search->last_score),
               "the score too");
  }

  // Record store cursors (on an index: a table without a sort key is read by Get, not Query).
  QueryRequest request;
  request.table = "leads";
  request.index = "byStatusUpdated";
  request.partition = "new";
  request.limit = 25;
  request.cursor = cursor;
  if (Plans(request) && !cursor.empty()) {  // (empty: no cursor, the first page)
    request.partition = "contacted";
    FUZZ_CHECK(!Plans(request), "a cursor of another partition is refused");
  }
  // What EncodeCursor makes from stored keys (valid UTF-8, as every stored string is) is
  // accepted: here the keys are the input's two halves (the index's sort key, then the item's
  // primary key: partition, and "" as this table has no sort key).
  if (ccrm::DecodeUtf8(cursor).has_value()) {
    size_t half = cursor.size() / 2;
    while (half > 0 && (static_cast<unsigned char>(cursor[half]) & 0xC0) == 0x80) --half;
    request.partition = "new";
    request.cursor = EncodeCursor("new", {cursor.substr(0, half), cursor.substr(half), ""});
    FUZZ_CHECK(Plans(request), "a cursor the store made is accepted");
  }
  return 0;
}
