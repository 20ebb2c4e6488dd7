#include "calls/call_service.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "audit/audit_changes.hpp"
#include "calls/call_model.hpp"
#include "common/ids.hpp"
#include "common/phone_number.hpp"

namespace ccrm::calls {
namespace {

using leads::LeadCaller;

constexpr size_t kMaxDeadlines = 100;  // the lead's own limit
// Calls a listing looks at to fill one page of a filtered view before it answers a shorter
// page with a cursor: a filter that matches little costs a bounded amount per request.
constexpr int kMaxScannedPerList = 2000;

[[noreturn]] void Fail(Problem problem) { throw ProblemException(std::move(problem)); }

bool Oversees(const Principal& principal) {
  return std::any_of(principal.groups.begin(), principal.groups.end(),
                     [](const std::string& g) { return g == "admin" || g == "manager"; });
}

std::string Str(const Json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The lead's timeline entry for a call.
Json CallEntry(const Json& call, std::string_view event, Json changes = nullptr) {
  Json entry = {{"type", "call"},
                {"event", event},
                {"callId", call.at("id")},
                {"direction", call.value("direction", "")},
                {"customerNumber", call.value("customerNumber", "")},
                {"startedAt", call.value("startedAt", "")}};
  for (const char* key : {"disposition", "durationSeconds", "agent", "notes"}) {
    if (call.contains(key)) entry[key] = call[key];
  }
  if (!changes.is_null() && !changes.empty()) entry["changes"] = std::move(changes);
  return entry;
}

// What the audit record keeps of a call: everything but the bookkeeping.
Json Auditable(const Json& call) {
  Json copy = PublicCall(call);
  for (const char* key : {"version", "updatedAt", "createdAt"}) copy.erase(key);
  return copy;
}

// The lead changes a disposition makes: when the call's disposition became `disposition`, and,
// for a callback, when its time moved (the follow-up deadline it made moves with it, unless
// someone completed or removed it).
void ApplyDisposition(const Json& call, const Json* before, Json& lead, std::vector<Json>& activity) {
  const std::string disposition = Str(call, "disposition");
  const std::string previous = before ? Str(*before, "disposition") : "";
  if (disposition == "callback" && previous == "callback") {
    const std::string due = Str(call, "callbackAt");
    if (!before || due == Str(*before, "callbackAt")) return;
    Json& deadlines = lead["deadlines"];
    if (!deadlines.is_array()) return;
    for (Json& deadline : deadlines) {
      if (Str(deadline, "id") != Str(call, "callbackDeadlineId") || deadline.contains("doneAt")) continue;
      const Json old = deadline;
      deadline["dueAt"] = due;
      activity.push_back({{"type", "deadline"},
                          {"action", "updated"},
                          {"deadline", deadline},
                          {"changes", audit::Diff(old, deadline)}});
    }
    return;
  }
  if (disposition.empty() || disposition == previous) return;
  if (disposition == "callback") {
    Json& deadlines = lead["deadlines"];
    if (!deadlines.is_array()) deadlines = Json::array();
    if (deadlines.size() >= kMaxDeadlines) {
      Fail(Problem::Conflict("The lead holds 100 deadlines already: no follow-up can be added."));
    }
    Json deadline = {{"id", call.value("callbackDeadlineId", NewId("dl"))},
                     {"kind", "follow_up"},
                     {"dueAt", call.at("callbackAt")},
                     {"note", "Call back " + Str(call, "customerNumber")}};
    deadlines.push_back(deadline);
    activity.push_back({{"type", "deadline"}, {"action", "added"}, {"deadline", deadline}});
  } else if (disposition == "appointment_set") {
    const std::string status = Str(lead, "status");
    if (status == "new" || status == "contacted" || status == "qualified") {
      lead["status"] = "inspection_scheduled";
    }
  } else if (disposition == "wrong_number") {
    Json& phones = lead["phones"];
    if (!phones.is_array()) return;
    for (Json& phone : phones) {
      if (Str(phone, "e164") == Str(call, "customerNumber")) phone["wrongNumber"] = true;
    }
  }
}

// A call that becomes a callback names the follow-up deadline it makes (decided before the
// commit, so the call's own write carries it).
void NameCallbackDeadline(Json& call, const Json* before) {
  const bool became_callback = Str(call, "disposition") == "callback" &&
                               (!before || Str(*before, "disposition") != "callback");
  if (became_callback) call["callbackDeadlineId"] = NewId("dl");
}

void RequireCallbackTime(const Json& call) {
  if (Str(call, "disposition") == "callback" && !call.contains("callbackAt")) {
    Fail(Problem::Validation({{"callbackAt", "is required when the disposition is callback"}}));
  }
}

}  // namespace

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
  if (Oversees(caller.principal)) return true;
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

bool CallService::ApplyContact(const ContactUpdate& update, const LeadCaller& caller) {
  constexpr int kAttempts = 5;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    const std::optional<std::string> call_id = repository_->CallOfContact(update.contact_id);
    std::optional<Json> before;
    if (call_id) {
      before = repository_->Get(*call_id);
      if (!before) throw std::runtime_error("call_contacts names a call that is not there: " + *call_id);
    }
    const std::string now = FormatRfc3339Millis(clock_->Now());
    Json after = before.value_or(Json{{"id", NewId("call")},
                                      {"contactId", update.contact_id},
                                      {"source", "connect"},
                                      {"customerNumber", ""},
                                      {"attributes", Json::object()},
                                      {"createdAt", now},
                                      {"version", 0}});
    // A CTR older than the one applied changes nothing; events never override a CTR's fields.
    const std::string applied_ctr = Str(after, "ctrLastUpdate");
    if (update.from_ctr && !applied_ctr.empty() && update.last_update <= applied_ctr) return false;
    const bool ctr_applied = !applied_ctr.empty();
    auto set = [&](const char* key, const std::optional<std::string>& value) {
      if (!value) return;
      if (update.from_ctr || !after.contains(key) || (!ctr_applied && Str(after, key).empty())) {
        after[key] = *value;
      }
    };
    set("direction", update.direction);
    set("customerNumber", update.customer_number);
    set("connectedAt", update.connected_at);
    set("endedAt", update.ended_at);
    set("agent", update.agent);
    set("queue", update.queue);
    set("disconnectReason", update.disconnect_reason);
    set("initialContactId", update.initial_contact_id);
    set("previousContactId", update.previous_contact_id);
    set("nextContactId", update.next_contact_id);
    // The start: a real initiation time replaces one that stood in for it (an event's time);
    // a CTR's replaces an event's.
    if (update.started_at) {
      const bool have_real = after.contains("startedAt") && !after.value("startedAtIsEventTime", false);
      if (!update.started_at_is_event_time) {
        if (!have_real || update.from_ctr) {
          after["startedAt"] = *update.started_at;
          after.erase("startedAtIsEventTime");
        }
      } else if (!after.contains("startedAt")) {
        after["startedAt"] = *update.started_at;
        after["startedAtIsEventTime"] = true;
      }
    }
    if (update.attributes && (update.from_ctr || after["attributes"].empty())) {
      after["attributes"] = *update.attributes;
    }
    if (update.recording && (update.from_ctr || !after.contains("recording"))) {
      after["recording"] = *update.recording;
    }
    if (update.from_ctr) after["ctrLastUpdate"] = update.last_update;
    if (after.contains("startedAt") && after.contains("endedAt")) {
      const auto started = ParseRfc3339(Str(after, "startedAt"));
      const auto ended = ParseRfc3339(Str(after, "endedAt"));
      if (started && ended && *ended >= *started) {
        after["durationSeconds"] =
            std::chrono::duration_cast<std::chrono::seconds>(*ended - *started).count();
      }
    }
    if (!Str(after, "agent").empty() && options_.user_id_of) {
      const std::string user_id = options_.user_id_of(Str(after, "agent"));
      if (!user_id.empty()) after["agentId"] = user_id;
    }
    // The lead: matched once the number is known, never moved by a later delivery (a person
    // may have linked it).
    if (Str(after, "leadId").empty() && !Str(after, "customerNumber").empty() &&
        options_.leads_with_phone) {
      const std::vector<Json> matches = options_.leads_with_phone(Str(after, "customerNumber"));
      if (!matches.empty()) {
        after["leadId"] = matches.front().at("id");
        Json others = Json::array();
        for (size_t i = 1; i < matches.size() && i <= 20; ++i) others.push_back(matches[i].at("id"));
        if (!others.empty()) after["otherLeadIds"] = std::move(others);
      }
    }
    if (!after.contains("startedAt")) {  // the index needs a time; any real one replaces it
      after["startedAt"] = now;
      after["startedAtIsEventTime"] = true;
    }
    if (!after.contains("direction")) after["direction"] = "inbound";
    if (before && after == *before) return false;
    after["updatedAt"] = now;
    const int64_t previous_version = before ? before->value("version", int64_t{0}) : 0;
    after["version"] = previous_version + 1;

    std::vector<storage::WriteAction> writes;
    if (!before) writes.push_back(CallRepository::ClaimContact(update.contact_id, after.at("id")));
    writes.push_back(before ? CallRepository::Update(after, previous_version)
                            : CallRepository::Create(after));
    const std::string lead_id = Str(after, "leadId");
    const bool newly_linked = !lead_id.empty() && (!before || Str(*before, "leadId").empty());
    try {
      if (newly_linked) {
        leads::LeadService::LinkedChange change{
            .action = "call.ingest",
            .entity = "call",
            .entity_id = after.at("id"),
            .entry = CallEntry(after, "logged"),
            .changes = audit::Diff(before ? Auditable(*before) : Json::object(), Auditable(after)),
            .prepare = [&](const Json&) { return writes; },
            .modify = nullptr};
        leads_->CommitLinked(lead_id, change, caller);
        return true;
      }
      audit::AuditEvent event = leads::LeadService::EventFor(caller, "call.ingest", lead_id);
      event.entity = "call";
      event.entity_id = after.at("id");
      event.changes = audit::Diff(before ? Auditable(*before) : Json::object(), Auditable(after));
      if (audit_->Append(event, writes).committed) return true;
    } catch (const ProblemException& e) {
      if (e.problem().status != 409) throw;  // another delivery of the contact won: read again
    }
  }
  Fail(Problem::Conflict("The contact's call kept changing; deliver it again."));
}

namespace {

// A value a contact flow takes: no control characters, at most 256 characters (the whole map
// stays far under the 32 KB a flow accepts).
std::string FlowValue(std::string text) {
  std::string out;
  out.reserve(std::min<size_t>(text.size(), 256));
  for (const char c : text) {
    if (out.size() >= 256) break;
    const auto byte = static_cast<unsigned char>(c);
    out.push_back(byte < 0x20 || byte == 0x7f ? ' ' : c);
  }
  // Never cut a UTF-8 sequence in two.
  while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
  if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0) out.pop_back();
  return out;
}

}  // namespace

Json CallService::Lookup(const Json& event) const {
  const Json not_found = {{"found", "false"}};
  const Json* details = MemberCi(event, "Details");
  const Json* contact = details ? MemberCi(*details, "ContactData") : nullptr;
  const Json* endpoint = contact ? MemberCi(*contact, "CustomerEndpoint") : nullptr;
  const Json* address = endpoint ? MemberCi(*endpoint, "Address") : nullptr;
  if (address == nullptr || !address->is_string()) {
    Json answer = not_found;
    answer["reason"] = "no Details.ContactData.CustomerEndpoint.Address";
    return answer;
  }
  const std::optional<std::string> e164 =
      NormalizeToE164(address->get<std::string>(), options_.default_region);
  if (!e164 || !options_.leads_with_phone) {
    Json answer = not_found;
    answer["reason"] = "not a phone number";
    return answer;
  }
  const std::vector<Json> leads = options_.leads_with_phone(*e164);
  if (leads.empty()) {
    Json answer = not_found;
    answer["customerNumber"] = *e164;
    return answer;
  }
  const Json& lead = leads.front();
  Json answer = {{"found", "true"},
                 {"customerNumber", *e164},
                 {"leadId", Str(lead, "id")},
                 {"leadName", FlowValue(Str(lead, "firstName") + " " + Str(lead, "lastName"))},
                 {"status", Str(lead, "status")},
                 {"matches", std::to_string(leads.size())}};
  const std::string assignee = Str(lead, "assignedTo");
  if (!assignee.empty() && options_.username_of) {
    answer["assignedAgent"] = FlowValue(options_.username_of(assignee));
  }
  std::string soonest;
  if (const auto deadlines = lead.find("deadlines"); deadlines != lead.end() && deadlines->is_array()) {
    for (const Json& deadline : *deadlines) {
      if (deadline.contains("doneAt")) continue;
      const std::string due = Str(deadline, "dueAt");
      if (!due.empty() && (soonest.empty() || due < soonest)) soonest = due;
    }
  }
  if (!soonest.empty()) answer["openDeadline"] = soonest;
  if (leads.size() > 1) {
    std::string others;
    for (size_t i = 1; i < leads.size() && i <= 5; ++i) others += (i > 1 ? "," : "") + Str(leads[i], "id");
    answer["otherLeads"] = others;
  }
  return answer;
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
