// CallService's side toward the contact center: merging what Amazon Connect says about a
// contact into its call, and answering a contact flow's lookup.
#include <fmt/format.h>

#include <algorithm>

#include "audit/audit_changes.hpp"
#include "calls/call_effects.hpp"
#include "calls/call_model.hpp"
#include "calls/call_service.hpp"
#include "calls/contact_lens.hpp"
#include "common/ids.hpp"
#include "common/json_parse.hpp"
#include "common/phone_number.hpp"
#include "common/utf8.hpp"

namespace ccrm::calls {

using leads::LeadCaller;

namespace {

[[noreturn]] void Fail(Problem problem) { throw ProblemException(std::move(problem)); }

}  // namespace

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
    if (update.recording) {
      Json& recording = after["recording"];
      const bool same_key = recording.is_object() && Str(recording, "key") == Str(*update.recording, "key");
      if (update.from_ctr || !recording.is_object()) {
        // The CTR names where the recording is; the size only the object itself tells.
        Json replaced = *update.recording;
        if (same_key && recording.contains("sizeBytes") && !replaced.contains("sizeBytes")) {
          replaced["sizeBytes"] = recording["sizeBytes"];
        }
        if (same_key && Str(recording, "status") == "expired") {  // deleted: a record says so
          replaced["status"] = "expired";
          replaced["expiredAt"] = recording["expiredAt"];
        }
        recording = std::move(replaced);
      } else if (same_key && update.recording->contains("sizeBytes")) {
        recording["sizeBytes"] = (*update.recording)["sizeBytes"];
      }
    }
    // Contact Lens: the redacted transcript over the original, the later file over the earlier.
    bool new_transcript = false;
    if (update.analysis) {
      Json summary = AnalysisSummary(*update.analysis);
      if (AnalysisSupersedes(summary, after.value("analysis", Json()))) {
        after["analysis"] = std::move(summary);
        new_transcript = true;
      }
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
    if (new_transcript) writes.push_back(CallRepository::PutTranscript(after.at("id"), *update.analysis));
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

std::optional<ContactUpdate> CallService::UpdateOfObject(const CreatedObject& object) const {
  if (auto contact = ContactOfRecordingKey(object.key)) return RecordingUpdate(*contact, object);
  const std::optional<AnalysisFile> analysis = AnalysisOfKey(object.key);
  if (!analysis) return std::nullopt;
  // Connect wrote the file to the recordings bucket (real S3, or ours): read it from there.
  const std::unique_ptr<storage::BlobReader> reader = blobs_->Get(kRecordingsBucket, object.key);
  if (!reader) {
    Fail(Problem::Conflict("The analysis file " + object.key + " is not in the recordings bucket."));
  }
  if (reader->length() > kMaxAnalysisBytes) {
    Fail(Problem::Validation({{object.key, "is larger than an analysis file can be (16 MiB)"}}));
  }
  std::string text;
  text.reserve(reader->length());
  for (std::string chunk; reader->Read(chunk);) text += chunk;
  const std::optional<Json> file = TryParseOutsideJson(text);
  if (!file) Fail(Problem::Validation({{object.key, "is not a JSON analysis file"}}));
  ContactUpdate update;
  update.contact_id = analysis->contact_id;
  update.analysis = ParseContactLensAnalysis(*file, object.key, analysis->redacted);
  return update;
}

bool CallService::DeliveryTaken(const std::string& request_id) const {
  return repository_->DeliveryTaken(request_id);
}

void CallService::TakeDelivery(const std::string& request_id) {
  repository_->TakeDelivery(request_id, FormatRfc3339Millis(clock_->Now()));
}

Json CallService::Transcript(const std::string& id, const std::string& query,
                             const LeadCaller& caller) const {
  VisibleCall(id, caller);
  std::optional<Json> transcript = repository_->Transcript(id);
  // Like a call without a recording: the call is there, what was asked of it is not (yet).
  if (!transcript) Fail(Problem::Conflict("This call has no transcript."));
  if (!query.empty()) {
    const std::string needle = AsciiLower(query);
    Json matches = Json::array();
    const Json& turns = (*transcript)["turns"];
    for (size_t i = 0; i < turns.size(); ++i) {
      if (AsciiLower(Str(turns[i], "content")).find(needle) != std::string::npos) matches.push_back(i);
    }
    (*transcript)["matches"] = std::move(matches);
  }
  return std::move(*transcript);
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

}  // namespace ccrm::calls
