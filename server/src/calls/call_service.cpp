#include "calls/call_service.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "audit/audit_changes.hpp"
#include "calls/call_effects.hpp"
#include "calls/call_model.hpp"
#include "common/ids.hpp"

namespace ccrm::calls {
namespace {

using leads::LeadCaller;

// Calls a listing looks at to fill one page of a filtered view before it answers a shorter
// page with a cursor: a filter that matches little costs a bounded amount per request.
constexpr int kMaxScannedPerList = 2000;

[[noreturn]] void Fail(Problem problem) { throw ProblemException(std::move(problem)); }

bool Oversees(const Principal& principal) {
  return std::any_of(principal.groups.begin(), principal.groups.end(),
                     [](const std::string& g) { return g == "admin" || g == "manager"; });
}

void RequireCallbackTime(const Json& call) {
  if (Str(call, "disposition") == "callback" && !call.contains("callbackAt")) {
    Fail(Problem::Validation({{"callbackAt", "is required when the disposition is callback"}}));
  }
}

}  // namespace

bool CallService::Oversees(const LeadCaller& caller) { return calls::Oversees(caller.principal); }

CallService::CallService(std::shared_ptr<CallRepository> repository,
                         std::shared_ptr<leads::LeadService> leads, storage::BlobStorePtr blobs,
                         std::shared_ptr<audit::AuditLog> audit, ClockPtr clock,
                         CallOptions options)
    : repository_(std::move(repository)),
      leads_(std::move(leads)),
      blobs_(std::move(blobs)),
      audit_(std::move(audit)),
      clock_(std::move(clock)),
      options_(std::move(options)) {}

bool CallService::Sees(const Json& call, const LeadCaller& caller) const {
  if (Oversees(caller)) return true;
  if (Str(call, "agentId") == caller.principal.id) return true;
  const std::string lead_id = Str(call, "leadId");
  if (lead_id.empty()) return false;  // unmatched: managers and admins
  try {
    leads_->VisibleLead(lead_id, caller);
    return true;
  } catch (const ProblemException&) {
    return false;
  }
}

Json CallService::VisibleCall(const std::string& id, const LeadCaller& caller) const {
  if (!IsValidId(id, "call")) Fail(Problem::NotFound());
  std::optional<Json> call = repository_->Get(id);
  if (!call || !Sees(*call, caller)) Fail(Problem::NotFound());
  return std::move(*call);
}

void CallService::Commit(const Json* before, const Json& after, const std::string& action,
                         const std::string& event_name, const LeadCaller& caller) {
  const int64_t previous_version = before ? before->value("version", int64_t{0}) : 0;
  const std::string lead_id = Str(after, "leadId");
  const Json changes = audit::Diff(before ? Auditable(*before) : Json::object(), Auditable(after));
  if (!lead_id.empty()) {
    leads::LeadService::LinkedChange change{
        .action = action,
        .entity = "call",
        .entity_id = after.at("id"),
        .entry = CallEntry(after, event_name, before ? audit::Diff(Auditable(*before), Auditable(after))
                                                     : Json(nullptr)),
        .changes = changes,
        .prepare = [&](const Json&) {
          return std::vector<storage::WriteAction>{
              before ? CallRepository::Update(after, previous_version)
                     : CallRepository::Create(after)};
        },
        .modify = [&](const Json&, Json& lead, std::vector<Json>& activity) {
          ApplyDisposition(after, before, lead, activity);
        }};
    leads_->CommitLinked(lead_id, change, caller);
    return;
  }
  audit::AuditEvent event = leads::LeadService::EventFor(caller, action, "");
  event.entity = "call";
  event.entity_id = after.at("id");
  event.changes = changes;
  const auto result = audit_->Append(
      event, {before ? CallRepository::Update(after, previous_version) : CallRepository::Create(after)});
  if (!result.committed) Fail(Problem::Conflict("The call changed meanwhile; try again."));
}

Json CallService::Create(const Json& body, const LeadCaller& caller) {
  Json call = ParseNewCall(body, options_.default_region);
  RequireCallbackTime(call);
  NameCallbackDeadline(call, nullptr);
  const std::string now = FormatRfc3339Millis(clock_->Now());
  call["id"] = NewId("call");
  call["agent"] = caller.principal.name;
  call["agentId"] = caller.principal.id;
  call["source"] = "manual";
  call["attributes"] = Json::object();
  call["createdAt"] = now;
  call["updatedAt"] = now;
  call["version"] = 1;
  Commit(nullptr, call, "call.create", "logged", caller);
  return PublicCall(call);
}

Json CallService::Get(const std::string& id, const LeadCaller& caller) const {
  return PublicCall(VisibleCall(id, caller));
}

Json CallService::ListByLead(const std::string& lead_id, const LeadCaller& caller) const {
  leads_->VisibleLead(lead_id, caller);  // 404 for a lead the caller may not see
  Json items = Json::array();
  for (const Json& call : repository_->ListByLead(lead_id)) items.push_back(PublicCall(call));
  return {{"items", std::move(items)}};
}

Json CallService::List(const CallFilter& filter, const LeadCaller& caller) const {
  if (filter.limit < 1 || filter.limit > 200) {
    Fail(Problem::Validation({{"limit", "must be 1 to 200"}}));
  }
  for (const auto& [name, value] : {std::pair{"from", &filter.from}, std::pair{"to", &filter.to}}) {
    if (!value->empty() && !ParseRfc3339(*value)) {
      Fail(Problem::Validation({{name, "must be an RFC 3339 date-time"}}));
    }
  }
  if (!filter.direction.empty() && filter.direction != "inbound" && filter.direction != "outbound") {
    Fail(Problem::Validation({{"direction", "must be inbound or outbound"}}));
  }
  const auto& all = Dispositions();
  if (!filter.disposition.empty() &&
      std::find(all.begin(), all.end(), filter.disposition) == all.end()) {
    Fail(Problem::Validation({{"disposition", "is not a disposition"}}));
  }
  if (!filter.contact_id.empty()) {  // the screen pop of a live call
    Json items = Json::array();
    const std::optional<std::string> id = repository_->CallOfContact(filter.contact_id);
    std::optional<Json> call = id ? repository_->Get(*id) : std::nullopt;
    if (call && Sees(*call, caller)) items.push_back(PublicCall(*call));
    return {{"items", std::move(items)}, {"nextCursor", nullptr}};
  }
  if (!filter.lead_id.empty()) {
    Json page = ListByLead(filter.lead_id, caller);
    Json kept = Json::array();
    for (Json& call : page["items"]) {
      const std::string started = Str(call, "startedAt");
      if ((filter.from.empty() || started >= filter.from) &&
          (filter.to.empty() || started <= filter.to) &&
          (filter.agent.empty() || Str(call, "agent") == filter.agent) &&
          (filter.direction.empty() || Str(call, "direction") == filter.direction) &&
          (filter.disposition.empty() || Str(call, "disposition") == filter.disposition)) {
        kept.push_back(std::move(call));
      }
    }
    return {{"items", std::move(kept)}, {"nextCursor", nullptr}};
  }
  // Newest first over every call, each checked against the filters and the caller's rule, at
  // most kMaxScannedPerList per request.
  const std::string to_key = filter.to.empty() ? "" : filter.to + "#~";
  Json items = Json::array();
  std::string cursor = filter.cursor;
  int scanned = 0;
  while (static_cast<int>(items.size()) < filter.limit && scanned < kMaxScannedPerList) {
    storage::QueryResult page = repository_->ListStarted(
        to_key, filter.from, cursor, std::min(filter.limit - static_cast<int>(items.size()) + 20, 1000));
    // A cursor past a partly used page would skip its rest: take pages whole, one at a time.
    for (const Json& call : page.items) {
      ++scanned;
      if (!filter.agent.empty() && Str(call, "agent") != filter.agent) continue;
      if (!filter.direction.empty() && Str(call, "direction") != filter.direction) continue;
      if (!filter.disposition.empty() && Str(call, "disposition") != filter.disposition) continue;
      if (filter.unmatched && !Str(call, "leadId").empty()) continue;
      if (!Sees(call, caller)) continue;
      items.push_back(PublicCall(call));
    }
    if (!page.next_cursor) {
      cursor.clear();
      break;
    }
    cursor = *page.next_cursor;
  }
  return {{"items", std::move(items)},
          {"nextCursor", cursor.empty() ? Json(nullptr) : Json(cursor)}};
}

Json CallService::Patch(const std::string& id, const Json& body, std::optional<int64_t> if_match,
                        const LeadCaller& caller) {
  const Json patch = ParseCallPatch(body);
  const Json before = VisibleCall(id, caller);
  if (if_match && *if_match != before.value("version", int64_t{0})) {
    Fail(Problem::PreconditionFailed("The call changed since that version."));
  }
  Json after = before;
  for (const auto& [key, value] : patch.items()) {
    if (value.is_null()) {
      after.erase(key);
    } else {
      after[key] = value;
    }
  }
  if (Str(after, "leadId") != Str(before, "leadId")) {
    // Linking to a lead the caller may see, or 404 as for any lead they may not.
    leads_->VisibleLead(Str(after, "leadId"), caller);
  }
  RequireCallbackTime(after);
  NameCallbackDeadline(after, &before);
  if (after == before) return PublicCall(before);
  after["updatedAt"] = FormatRfc3339Millis(clock_->Now());
  after["version"] = before.value("version", int64_t{0}) + 1;
  const bool linked = Str(after, "leadId") != Str(before, "leadId");
  Commit(&before, after, linked ? "call.link" : "call.update", linked ? "linked" : "updated", caller);
  return PublicCall(after);
}

Json CallService::Recording(const std::string& id, const LeadCaller& caller) {
  const Json call = VisibleCall(id, caller);
  const auto recording = call.find("recording");
  if (recording == call.end() || !recording->is_object() || Str(*recording, "key").empty()) {
    Fail(Problem::Conflict("This call has no recording."));
  }
  if (Str(*recording, "status") == "expired") {
    Fail(Problem::Conflict("This call's recording expired under the retention rules."));
  }
  const auto expires = clock_->Now() + std::chrono::seconds(options_.recording_url_seconds);
  const std::string url = blobs_->Presign(
      kRecordingsBucket, Str(*recording, "key"),
      {.method = "GET", .expires_seconds = options_.recording_url_seconds, .signed_headers = {}, .query = {}});
  audit::AuditEvent event = leads::LeadService::EventFor(caller, "call.recording_url",
                                                         Str(call, "leadId"));
  event.entity = "call";
  event.entity_id = id;
  audit_->Append(event);
  return {{"url", url}, {"expiresAt", FormatRfc3339Millis(expires)}};
}

Json CallService::CreateLead(const std::string& id, const Json& body, const LeadCaller& caller) {
  const Json before = VisibleCall(id, caller);
  if (!Str(before, "leadId").empty()) {
    Fail(Problem::Conflict("The call has a lead already."));
  }
  if (!body.is_object()) Fail(Problem::Validation({{"", "must be a JSON object"}}));
  Json lead_body = body;
  if (!lead_body.contains("phones")) {
    lead_body["phones"] = Json::array({{{"number", Str(before, "customerNumber")}}});
  }
  Json after = before;
  after["updatedAt"] = FormatRfc3339Millis(clock_->Now());
  after["version"] = before.value("version", int64_t{0}) + 1;
  const Json lead = leads_->CreateLinked(
      std::move(lead_body), caller,
      [&](const Json& new_lead) {
        after["leadId"] = new_lead.at("id");
        return std::vector<storage::WriteAction>{
            CallRepository::Update(after, before.value("version", int64_t{0}))};
      },
      {CallEntry(before, "linked")});
  return {{"lead", lead}, {"call", PublicCall(after)}};
}

}  // namespace ccrm::calls
