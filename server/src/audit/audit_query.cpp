#include "audit/audit_query.hpp"

#include <algorithm>
#include <stdexcept>

#include "audit/audit_record.hpp"
#include "common/base64.hpp"
#include "common/clock.hpp"
#include "common/json_parse.hpp"

namespace ccrm::audit {
namespace {

using storage::SortKeyCondition;
using TimePoint = std::chrono::system_clock::time_point;

// Pages of the underlying query when records are filtered after reading (action, time, or a
// second key filter): bigger than a reply page, so a sparse match needs few round trips.
constexpr int kFilteredPageSize = 500;

std::string Attribute(const Json& record, const char* name) {
  const auto it = record.find(name);
  return it != record.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Stored `at` values are fixed-width RFC 3339 with milliseconds, so string order is time order
// and the bounds are formatted the same way: `from` rounded up, `to` down, both inclusive.
std::string FromBound(TimePoint from) {
  return FormatRfc3339Millis(std::chrono::ceil<std::chrono::milliseconds>(from));
}
std::string ToBound(TimePoint to) {
  return FormatRfc3339Millis(std::chrono::floor<std::chrono::milliseconds>(to));
}

std::optional<Json> RecordAt(storage::RecordStore& records, int64_t seq) {
  return records.Get(kAuditTable, {kStream, PadSeq(seq)});
}

// `at` never decreases along the chain (AuditLog forces it), so a time bound is a seq bound,
// found by bisection with O(log n) point reads instead of scanning and discarding. `at_or_after`
// selects the first seq with at >= bound, else the last seq with at <= bound. nullopt when a
// record is missing (a damaged chain): the caller then relies on filtering alone.
std::optional<int64_t> BisectSeq(storage::RecordStore& records, int64_t last_seq,
                                 const std::string& bound, bool at_or_after) {
  int64_t lo = 1;
  int64_t hi = last_seq;
  int64_t answer = at_or_after ? last_seq + 1 : 0;  // "none": past either end
  while (lo <= hi) {
    const int64_t mid = lo + (hi - lo) / 2;
    const auto record = RecordAt(records, mid);
    if (!record) return std::nullopt;
    const std::string at = Attribute(*record, "at");
    if (at_or_after) {
      if (at >= bound) {
        answer = mid;
        hi = mid - 1;
      } else {
        lo = mid + 1;
      }
    } else if (at <= bound) {
      answer = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return answer;
}

int64_t HeadSeq(storage::RecordStore& records) {
  const auto head = records.Get(kHeadTable, {kStream, ""});
  if (!head) return 0;
  const auto it = head->find("seq");
  return it != head->end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

}  // namespace

std::string EncodeAuditCursor(int64_t before_seq) {
  return Base64UrlEncode(Json({{"before", before_seq}}).dump());
}

std::optional<int64_t> DecodeAuditCursor(std::string_view cursor) {
  const auto bytes = Base64UrlDecode(cursor);
  if (!bytes) return std::nullopt;
  const Json json = TryParseOutsideJson(*bytes).value_or(Json());
  if (!json.is_object() || json.size() != 1) return std::nullopt;
  const auto it = json.find("before");
  if (it == json.end() || !it->is_number_integer()) return std::nullopt;
  const int64_t before = it->get<int64_t>();
  if (before < 1) return std::nullopt;
  return before;
}

Json ToApiRecord(const Json& stored) {
  Json out = stored;
  out.erase("stream");
  out.erase("entityKey");
  if (const auto seq = ParseSeq(Attribute(stored, "seq"))) out["seq"] = *seq;
  return out;
}

storage::QueryResult ListAudit(storage::RecordStore& records, const AuditFilter& filter) {
  if (filter.limit < 1 || filter.limit > kMaxListLimit) {
    throw std::invalid_argument("limit must be between 1 and " + std::to_string(kMaxListLimit));
  }
  storage::QueryResult result;
  std::optional<int64_t> hi;  // inclusive seq bounds
  std::optional<int64_t> lo;
  if (!filter.cursor.empty()) {
    const auto before = DecodeAuditCursor(filter.cursor);
    if (!before) throw std::invalid_argument("malformed cursor");
    hi = *before - 1;
  }
  const std::optional<std::string> from =
      filter.from ? std::optional(FromBound(*filter.from)) : std::nullopt;
  const std::optional<std::string> to =
      filter.to ? std::optional(ToBound(*filter.to)) : std::nullopt;
  if (from && to && *from > *to) return result;
  if (from || to) {
    const int64_t last = HeadSeq(records);
    if (to) {
      if (const auto seq = BisectSeq(records, last, *to, /*at_or_after=*/false)) {
        hi = std::min(hi.value_or(*seq), *seq);
      }
    }
    if (from) {
      if (const auto seq = BisectSeq(records, last, *from, /*at_or_after=*/true)) lo = *seq;
    }
  }
  if (hi && *hi < 1) return result;
  if (lo && hi && *lo > *hi) return result;

  storage::QueryRequest request;
  request.table = kAuditTable;
  request.forward = false;  // newest first
  bool entity_served = false;
  bool actor_served = false;
  if (!filter.entity.empty() && !filter.entity_id.empty()) {
    request.index = kByEntityIndex;
    request.partition = EntityKey(filter.entity, filter.entity_id);
    entity_served = true;
  } else if (!filter.actor.empty()) {
    request.index = kByActorIndex;
    request.partition = filter.actor;
    actor_served = true;
  } else {
    request.partition = kStream;
  }
  if (lo && hi) {
    request.sort = {SortKeyCondition::Op::kBetween, PadSeq(*lo), PadSeq(*hi)};
  } else if (hi) {
    request.sort = {SortKeyCondition::Op::kLe, PadSeq(*hi), ""};
  } else if (lo) {
    request.sort = {SortKeyCondition::Op::kGe, PadSeq(*lo), ""};
  }

  const auto matches = [&](const Json& record) {
    if (!entity_served) {
      if (!filter.entity.empty() && Attribute(record, "entity") != filter.entity) return false;
      if (!filter.entity_id.empty() && Attribute(record, "entityId") != filter.entity_id) {
        return false;
      }
    }
    if (!actor_served && !filter.actor.empty() && Attribute(record, "actor") != filter.actor) {
      return false;
    }
    if (!filter.action.empty() && Attribute(record, "action") != filter.action) return false;
    // The seq bounds already did this unless the chain is damaged; checking is cheap.
    const std::string at = Attribute(record, "at");
    if (from && at < *from) return false;
    if (to && at > *to) return false;
    return true;
  };
  const bool post_filtered = (!entity_served && (!filter.entity.empty() ||
                                                 !filter.entity_id.empty())) ||
                             (!actor_served && !filter.actor.empty()) ||
                             !filter.action.empty() || from || to;
  request.limit = post_filtered ? kFilteredPageSize : filter.limit;

  int scanned = 0;
  for (;;) {
    storage::QueryResult page = records.Query(request);
    for (size_t i = 0; i < page.items.size(); ++i) {
      const Json& record = page.items[i];
      ++scanned;
      if (!matches(record)) continue;
      result.items.push_back(ToApiRecord(record));
      if (result.items.size() == static_cast<size_t>(filter.limit)) {
        if (i + 1 < page.items.size() || page.next_cursor) {
          const auto seq = ParseSeq(Attribute(record, "seq"));
          if (seq) result.next_cursor = EncodeAuditCursor(*seq);
        }
        return result;
      }
    }
    if (!page.next_cursor || page.items.empty()) return result;
    if (scanned >= kMaxScannedPerList) {
      // A short (possibly empty) page with a cursor: the client keeps paging, each request
      // bounded, instead of one request reading the whole trail.
      const auto seq = ParseSeq(Attribute(page.items.back(), "seq"));
      if (seq) result.next_cursor = EncodeAuditCursor(*seq);
      return result;
    }
    request.cursor = *page.next_cursor;
  }
}

}  // namespace ccrm::audit
