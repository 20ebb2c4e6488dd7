#include "leads/lead_queries.hpp"

#include <algorithm>
#include <chrono>
#include <set>

#include "auth/record_access.hpp"
#include "common/base64.hpp"
#include "common/ids.hpp"
#include "common/json_parse.hpp"
#include "common/phone_number.hpp"
#include "common/problem.hpp"
#include "common/utf8.hpp"
#include "crypto/digest.hpp"
#include "leads/lead_tables.hpp"
#include "leads/pipeline.hpp"

namespace ccrm::leads {
namespace {

[[noreturn]] void BadParameter(const std::string& name, const std::string& message) {
  throw ProblemException(Problem::Validation({{name, message}}));
}

// A cursor names the query it belongs to, so one query's cursor cannot page another.
std::string WrapCursor(const std::string& fingerprint, const std::string& inner) {
  return Base64UrlEncode(Json{{"f", fingerprint}, {"c", inner}}.dump());
}

// The inner cursor of a non-empty `cursor` made for `fingerprint`; nullopt when it is not one.
std::optional<std::string> TryUnwrapCursor(const std::string& cursor,
                                           const std::string& fingerprint) {
  const auto decoded = Base64UrlDecode(cursor);
  if (!decoded) return std::nullopt;
  const Json json = TryParseOutsideJson(*decoded).value_or(Json());
  if (!json.is_object()) return std::nullopt;
  const auto f = json.find("f");
  const auto c = json.find("c");
  if (f == json.end() || *f != fingerprint || c == json.end() || !c->is_string()) {
    return std::nullopt;
  }
  return c->get<std::string>();
}

std::string UnwrapCursor(const std::string& cursor, const std::string& fingerprint) {
  if (cursor.empty()) return {};
  if (auto inner = TryUnwrapCursor(cursor, fingerprint)) return std::move(*inner);
  BadParameter("cursor", "is not a cursor of this query (pass back nextCursor unchanged)");
}

std::string Fingerprint(std::initializer_list<std::string_view> parts) {
  std::string all;
  for (const auto part : parts) {
    all += part;
    all += '\x1f';
  }
  return crypto::Sha256Hex(all).substr(0, 16);
}

bool Matches(const LeadFacts& lead, const LeadListQuery& query, const std::string& assignee) {
  if (lead.deleted) return false;
  if (!assignee.empty() && lead.assignee != assignee) return false;
  if (!query.status.empty() && lead.status != query.status) return false;
  if (!query.loss_type.empty() && lead.loss_type != query.loss_type) return false;
  if (!query.tag.empty() && !HasTag(lead, query.tag)) return false;  // lower-cased by List
  if (!query.updated_since.empty() && lead.updated_at < query.updated_since) return false;
  return true;
}

// A page of `request`; a cursor the store refuses is the caller's mistake (400), not ours.
storage::QueryResult QueryPage(const LeadRepository& repository,
                               const storage::QueryRequest& request) {
  try {
    return repository.Query(request);
  } catch (const std::invalid_argument&) {
    BadParameter("cursor", "is not a cursor of this query (pass back nextCursor unchanged)");
  }
}

Json PublicDeadline(Json row) {
  row.erase("_open");
  row.erase("_assignee");
  return row;
}

Json ParseSnapshots(const std::vector<LeadSnapshotPtr>& snapshots) {
  Json leads = Json::array();
  for (const LeadSnapshotPtr& snapshot : snapshots) leads.push_back(Json::parse(snapshot->json));
  return leads;
}

}  // namespace

Json LeadPage::Leads() const& { return snapshots.empty() ? items : ParseSnapshots(snapshots); }

Json LeadPage::Leads() && {
  return snapshots.empty() ? std::move(items) : ParseSnapshots(snapshots);
}

Json LeadPage::ToJson() const {
  return {{"items", Leads()}, {"nextCursor", next_cursor ? Json(*next_cursor) : Json(nullptr)}};
}

std::string LeadPage::Serialize() const {
  // Written out rather than through ToJson(), which would copy a list page's items.
  std::string body;
  if (snapshots.empty()) {
    body = "{\"items\":" + items.dump(-1, ' ', false, Json::error_handler_t::replace);
  } else {
    size_t size = 64;
    for (const LeadSnapshotPtr& snapshot : snapshots) size += snapshot->json.size() + 1;
    body.reserve(size);
    body += "{\"items\":[";
    for (size_t i = 0; i < snapshots.size(); ++i) {
      if (i > 0) body += ',';
      body += snapshots[i]->json;
    }
    body += ']';
  }
  body += ",\"nextCursor\":";
  body += next_cursor ? Json(*next_cursor).dump() : "null";
  body += '}';
  return body;
}

LeadQueries::LeadQueries(std::shared_ptr<LeadRepository> repository,
                         std::shared_ptr<LeadService> service, std::string default_region,
                         ClockPtr clock)
    : repository_(std::move(repository)),
      service_(std::move(service)),
      default_region_(std::move(default_region)),
      clock_(std::move(clock)) {}

LeadPage LeadQueries::List(const LeadListQuery& requested, const LeadCaller& caller) const {
  LeadListQuery query = requested;
  query.tag = AsciiLower(query.tag);  // tags match regardless of (ASCII) case
  if (!query.status.empty() && !ParseLeadStatus(query.status)) {
    BadParameter("status", "is not a lead status");
  }
  static const std::vector<std::string> kSorts = {"", "updatedAt", "-updatedAt", "createdAt",
                                                  "-createdAt"};
  if (std::find(kSorts.begin(), kSorts.end(), query.sort) == kSorts.end() &&
      !(query.sort == "relevance" && !query.q.empty())) {
    BadParameter("sort", "must be one of updatedAt, -updatedAt, createdAt, -createdAt");
  }
  if (!query.q.empty() && !query.sort.empty() && query.sort != "relevance") {
    BadParameter("sort", "search results (q) are ranked by relevance and cannot be sorted");
  }
  if (query.q.size() > 200) BadParameter("q", "must be at most 200 bytes");
  static const std::set<std::string> kLossTypes = {
      "wind", "hail", "water", "fire", "flood", "hurricane", "mold", "theft", "vandalism", "other"};
  if (!query.loss_type.empty() && !kLossTypes.contains(query.loss_type)) {
    BadParameter("lossType", "is not a loss type");
  }
  // The record-level rule, in storage: an agent's query always names the agent.
  const auth::AssigneeFilter filter = auth::AssigneeFilterFor(caller.principal);
  std::string assignee = query.assigned_to;
  if (!filter.unrestricted) {
    if (filter.Nothing()) return {};
    if (!assignee.empty() && assignee != filter.assignee) return {};  // not theirs: nothing
    assignee = filter.assignee;
  }
  return query.q.empty() ? Scan(query, assignee, caller) : Search(query, assignee, caller);
}

LeadPage LeadQueries::Scan(const LeadListQuery& query, const std::string& assignee,
                           const LeadCaller& caller) const {
  const std::string sort = query.sort.empty() ? "-updatedAt" : query.sort;
  const bool by_created = sort.ends_with("createdAt");
  const std::string suffix = by_created ? "Created" : "Updated";
  storage::QueryRequest request;
  request.table = kLeadsTable;
  request.forward = sort[0] != '-';
  std::string partition_filter;  // the filter the index serves
  if (!assignee.empty() && !query.status.empty() && !by_created) {
    request.index = "byAssigneeStatusUpdated";
    request.partition = AssigneeStatusKey(assignee, query.status);
  } else if (!assignee.empty()) {
    request.index = "byAssignee" + suffix;
    request.partition = assignee;
  } else if (!query.status.empty() && !query.loss_type.empty() && !by_created) {
    request.index = "byStatusLossUpdated";
    request.partition = StatusLossKey(query.status, query.loss_type);
  } else if (!query.status.empty()) {
    request.index = "byStatus" + suffix;
    request.partition = query.status;
  } else {
    request.index = "byLive" + suffix;
    request.partition = "1";
  }
  if (!by_created && !query.updated_since.empty()) {
    request.sort = {storage::SortKeyCondition::Op::kGe, query.updated_since, ""};
  }
  const std::string fingerprint =
      Fingerprint({"scan", request.index, request.partition, sort, query.status, query.loss_type,
                   query.tag, query.updated_since});
  request.cursor = UnwrapCursor(query.cursor, fingerprint);

  LeadPage page;
  int scanned = 0;
  for (;;) {
    request.limit = std::max(1, query.limit - static_cast<int>(page.items.size()));
    storage::QueryResult result = QueryPage(*repository_, request);
    scanned += static_cast<int>(result.items.size());
    for (Json& item : result.items) {
      Json lead = LeadFromItem(std::move(item));
      const LeadFacts facts = LeadFactsOf(lead);
      if (!Matches(facts, query, assignee)) continue;
      if (!auth::CanSeeRecord(caller.principal, facts.assignee)) continue;
      page.items.push_back(std::move(lead));
    }
    if (!result.next_cursor) return page;
    request.cursor = *result.next_cursor;
    if (static_cast<int>(page.items.size()) >= query.limit || scanned >= kMaxScanned) {
      page.next_cursor = WrapCursor(fingerprint, request.cursor);
      return page;
    }
  }
}

LeadPage LeadQueries::Search(const LeadListQuery& query, const std::string& assignee,
                             const LeadCaller& caller) const {
  const auto fingerprint_of = [&](std::string_view mode) {
    return Fingerprint(
        {mode, query.q, query.status, assignee, query.loss_type, query.tag, query.updated_since});
  };
  const std::string words_fingerprint = fingerprint_of("search");
  // Digit groups are searched as one phone number first, as words when no phone starts so; a
  // cursor says which of the two its scan is.
  const std::optional<std::string> phone = PhonePrefixOf(query.q);
  const std::string phone_fingerprint = phone ? fingerprint_of("search-phone") : std::string();
  const auto run = [&](const std::string& text, const std::string& fingerprint,
                       std::string cursor) {
    storage::SearchQuery search;
    search.collection = kLeadSearchCollection;
    search.text = text;
    if (!query.status.empty()) search.filters["status"] = query.status;
    if (!assignee.empty()) search.filters["assignedTo"] = assignee;
    if (!query.loss_type.empty()) search.filters["lossType"] = query.loss_type;
    search.tag = query.tag;
    search.limit = std::clamp(query.limit, 1, 200);
    search.cursor = std::move(cursor);
    storage::SearchResult result;
    try {
      result = repository_->search().Search(search);
    } catch (const std::invalid_argument&) {
      BadParameter("cursor", "is not a cursor of this query (pass back nextCursor unchanged)");
    }
    LeadPage page;
    for (const storage::SearchHit& hit : result.hits) {
      // The index may trail the records by a moment: the stored lead decides. A snapshot is
      // checked against the stored version, so a lead read recently is neither parsed here
      // nor serialized for the reply.
      LeadSnapshotPtr lead = repository_->Snapshot(hit.id);
      if (!lead || !Matches(*lead, query, assignee)) continue;
      if (!auth::CanSeeRecord(caller.principal, lead->assignee)) continue;
      page.snapshots.push_back(std::move(lead));
    }
    if (result.next_cursor) page.next_cursor = WrapCursor(fingerprint, *result.next_cursor);
    return page;
  };
  if (!query.cursor.empty()) {
    if (phone) {
      if (auto inner = TryUnwrapCursor(query.cursor, phone_fingerprint)) {
        return run(*phone, phone_fingerprint, std::move(*inner));
      }
    }
    return run(query.q, words_fingerprint, UnwrapCursor(query.cursor, words_fingerprint));
  }
  if (phone) {
    LeadPage page = run(*phone, phone_fingerprint, "");
    if (!page.snapshots.empty() || page.next_cursor) return page;
  }
  return run(query.q, words_fingerprint, "");
}

LeadPage LeadQueries::LookupByPhone(const std::string& phone, const LeadCaller& caller) const {
  if (phone.empty()) BadParameter("phone", "is required");
  const auto e164 = NormalizeToE164(phone, default_region_);
  if (!e164) BadParameter("phone", "is not a phone number");
  LeadPage page;
  for (const std::string& id : repository_->LeadIdsByContact(PhoneContactKey(*e164), 50)) {
    auto lead = repository_->Get(id);
    if (!lead || lead->contains("deletedAt")) continue;
    if (!auth::CanSeeRecord(caller.principal, AssigneeOf(*lead))) continue;
    page.items.push_back(std::move(*lead));
  }
  return page;
}

LeadPage LeadQueries::Activity(const std::string& lead_id, int limit, const std::string& cursor,
                               const LeadCaller& caller) const {
  // 404 unless the caller may see the lead, and for a deleted lead whoever asks (the contract:
  // only GET /leads/{id} and restore show an admin a deleted lead; its history stays in the
  // audit trail).
  service_->VisibleLead(lead_id, caller, /*include_deleted=*/false);
  storage::QueryRequest request;
  request.table = kActivityTable;
  request.partition = lead_id;
  request.forward = false;  // newest first
  request.limit = limit;
  const std::string fingerprint = Fingerprint({"activity", lead_id});
  request.cursor = UnwrapCursor(cursor, fingerprint);
  storage::QueryResult result = QueryPage(*repository_, request);
  LeadPage page;
  for (Json& item : result.items) page.items.push_back(std::move(item));
  if (result.next_cursor) page.next_cursor = WrapCursor(fingerprint, *result.next_cursor);
  return page;
}

LeadPage LeadQueries::Deadlines(const std::string& due, const std::string& assigned_to,
                                int utc_offset_minutes, int limit, const std::string& cursor,
                                const LeadCaller& caller) const {
  using std::chrono::minutes;
  if (utc_offset_minutes < -14 * 60 || utc_offset_minutes > 14 * 60) {
    BadParameter("utcOffsetMinutes", "must be between -840 and 840");
  }
  const auto now = clock_->Now();
  // Midnight of the caller's day, expressed in UTC.
  const auto local_now = now + minutes(utc_offset_minutes);
  const auto local_midnight = std::chrono::floor<std::chrono::days>(local_now);
  const auto start_of_day = local_midnight - minutes(utc_offset_minutes);
  storage::QueryRequest request;
  request.table = kDeadlinesTable;
  request.forward = true;
  request.limit = limit;
  if (due == "overdue") {
    request.sort = {storage::SortKeyCondition::Op::kLt, FormatRfc3339Millis(now), ""};
  } else if (due == "today" || due == "week") {
    const auto end =
        start_of_day + std::chrono::days(due == "today" ? 1 : 7) - std::chrono::milliseconds(1);
    request.sort = {storage::SortKeyCondition::Op::kBetween, FormatRfc3339Millis(start_of_day),
                    FormatRfc3339Millis(end)};
  } else if (!due.empty()) {
    BadParameter("due", "must be overdue, today or week");
  }
  const auth::AssigneeFilter filter = auth::AssigneeFilterFor(caller.principal);
  std::string assignee = assigned_to;
  if (!filter.unrestricted) {
    if (filter.Nothing()) return {};
    if (!assignee.empty() && assignee != filter.assignee) return {};
    assignee = filter.assignee;
  }
  if (!assignee.empty()) {
    request.index = "byAssigneeDue";
    request.partition = assignee;
  } else {
    request.index = "byDue";
    request.partition = "1";
  }
  const std::string fingerprint = Fingerprint(
      {"deadlines", request.index, request.partition, request.sort.value, request.sort.value2});
  request.cursor = UnwrapCursor(cursor, fingerprint);
  storage::QueryResult result = QueryPage(*repository_, request);
  LeadPage page;
  for (Json& row : result.items) {
    const std::string lead_id = row.value("leadId", "");
    auto lead = repository_->Get(lead_id);
    if (!lead || lead->contains("deletedAt")) continue;
    if (!auth::CanSeeRecord(caller.principal, AssigneeOf(*lead))) continue;
    Json item = PublicDeadline(std::move(row));
    item["lead"] = {
        {"id", lead_id},
        {"firstName", lead->value("firstName", "")},
        {"lastName", lead->value("lastName", "")},
        {"status", lead->value("status", "")},
        {"assignedTo", AssigneeOf(*lead).empty() ? Json(nullptr) : Json(AssigneeOf(*lead))}};
    page.items.push_back(std::move(item));
  }
  if (result.next_cursor) page.next_cursor = WrapCursor(fingerprint, *result.next_cursor);
  return page;
}

LeadPage LeadQueries::ByIds(const std::vector<std::string>& ids, const LeadCaller& caller) const {
  if (ids.empty() || ids.size() > kMaxIds) {
    BadParameter("ids", "must name 1 to " + std::to_string(kMaxIds) + " leads");
  }
  std::set<std::string_view> seen;
  LeadPage page;
  for (const std::string& id : ids) {
    if (!seen.insert(id).second) BadParameter("ids", "names " + id.substr(0, 40) + " twice");
    if (!IsValidId(id, "lead")) continue;  // like an unknown id: nothing to export
    auto lead = repository_->Get(id);
    if (!lead || lead->contains("deletedAt")) continue;
    if (!auth::CanSeeRecord(caller.principal, AssigneeOf(*lead))) continue;
    page.items.push_back(std::move(*lead));
  }
  return page;
}

void LeadQueries::RecordExport(const LeadListQuery& query, size_t ids,
                               const LeadCaller& caller) const {
  audit::AuditEvent event = LeadService::EventFor(caller, "lead.export", "");
  event.entity.clear();  // about many leads, not one
  Json filter = Json::object();
  for (const auto& [name, value] :
       {std::pair{"q", &query.q}, {"status", &query.status}, {"assignedTo", &query.assigned_to},
        {"lossType", &query.loss_type}, {"tag", &query.tag}, {"updatedSince", &query.updated_since}}) {
    if (!value->empty()) filter[name] = *value;
  }
  Json what = ids > 0 ? Json{{"ids", ids}} : Json{{"filter", filter}};
  event.changes = {{"export", {{"old", nullptr}, {"new", std::move(what)}}}};
  repository_->Audit(event);
}

}  // namespace ccrm::leads
