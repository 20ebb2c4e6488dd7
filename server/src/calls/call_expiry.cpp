// CallService's side of the recordings bucket's lifecycle: a recording (or a Contact Lens
// analysis) past its rule's expiry is removed with its call's record of it, unless the call's
// lead is under legal hold, which is checked inside the transaction that would remove it.
#include "audit/audit_changes.hpp"
#include "calls/call_effects.hpp"
#include "calls/call_model.hpp"
#include "calls/call_repository.hpp"
#include "calls/call_service.hpp"
#include "calls/contact_lens.hpp"

namespace ccrm::calls {
namespace {

struct Held {};

const leads::LeadCaller& ExpiryCaller() {
  static const leads::LeadCaller caller = leads::SystemCaller("lifecycle");
  return caller;
}

}  // namespace

blobs::ExpiryOutcome CallService::ExpireObject(const storage::BlobInfo& object, bool dry_run) {
  std::optional<std::string> contact = ContactOfRecordingKey(object.key);
  const bool recording = contact.has_value();
  if (!recording) {
    if (const auto analysis = AnalysisOfKey(object.key)) contact = analysis->contact_id;
  }
  if (!contact) return blobs::ExpiryOutcome::kNotMine;
  const std::optional<std::string> call_id = repository_->CallOfContact(*contact);
  const std::optional<Json> call = call_id ? repository_->Get(*call_id) : std::nullopt;
  if (!call) return blobs::ExpiryOutcome::kNotMine;
  // Only what the call still names is its own; anything else (an older analysis, a recording
  // already expired whose file a crash left) goes as a bare object.
  const Json& named = recording ? call->value("recording", Json()) : call->value("analysis", Json());
  if (!named.is_object() || Str(named, recording ? "key" : "sourceKey") != object.key ||
      Str(named, "status") == "expired") {
    return blobs::ExpiryOutcome::kNotMine;
  }
  const std::string lead_id = Str(*call, "leadId");
  if (dry_run) {
    if (lead_id.empty()) return blobs::ExpiryOutcome::kExpired;
    try {
      const Json lead = leads_->VisibleLead(lead_id, ExpiryCaller(), /*include_deleted=*/true);
      return lead.value("legalHold", false) ? blobs::ExpiryOutcome::kHeld
                                            : blobs::ExpiryOutcome::kExpired;
    } catch (const ProblemException&) {
      return blobs::ExpiryOutcome::kExpired;  // its lead is gone (purged)
    }
  }
  Json after = *call;
  Json& mark = after[recording ? "recording" : "analysis"];
  mark["status"] = "expired";
  mark["expiredAt"] = FormatRfc3339Millis(clock_->Now());
  after["updatedAt"] = mark["expiredAt"];
  const int64_t previous_version = call->value("version", int64_t{0});
  after["version"] = previous_version + 1;
  std::vector<storage::WriteAction> writes = {CallRepository::Update(after, previous_version)};
  // The transcript is a copy of the analysis: it goes with it.
  if (!recording) writes.push_back(CallRepository::RemoveTranscript(after.at("id")));
  const std::string action = recording ? "call.recording_expire" : "call.transcript_expire";
  const Json changes = audit::Diff(Auditable(*call), Auditable(after));
  bool committed = false;
  if (!lead_id.empty()) {
    leads::LeadService::LinkedChange change{
        .action = action,
        .entity = "call",
        .entity_id = after.at("id"),
        .entry = CallEntry(after, "updated", changes),
        .changes = changes,
        .prepare = [&](const Json& lead) {
          if (lead.value("legalHold", false)) throw Held{};  // a hold set a moment ago wins
          return writes;
        },
        .modify = nullptr};
    try {
      leads_->CommitLinked(lead_id, change, ExpiryCaller());
      committed = true;
    } catch (const Held&) {
      return blobs::ExpiryOutcome::kHeld;
    } catch (const ProblemException& e) {
      // 409: the call changed meanwhile (the next run decides again); 404: the lead was purged.
      if (e.problem().status == 409) return blobs::ExpiryOutcome::kHeld;
      if (e.problem().status != 404) throw;
    }
  }
  if (!committed) {
    audit::AuditEvent event = leads::LeadService::EventFor(ExpiryCaller(), action, lead_id);
    event.entity = "call";
    event.entity_id = after.at("id");
    event.changes = changes;
    if (!audit_->Append(event, writes).committed) return blobs::ExpiryOutcome::kHeld;
  }
  // After the commit: a crash between leaves a file the call no longer names, which the next
  // run removes as a bare object.
  blobs_->Delete(kRecordingsBucket, object.key);
  return blobs::ExpiryOutcome::kExpired;
}

}  // namespace ccrm::calls
