#include "leads/lead_service.hpp"

#include <algorithm>

#include "audit/audit_changes.hpp"
#include "auth/record_access.hpp"
#include "common/ids.hpp"
#include "common/json_members.hpp"
#include "common/json_merge_patch.hpp"
#include "common/problem.hpp"
#include "leads/lead_tables.hpp"
#include "leads/pipeline.hpp"

namespace ccrm::leads {
namespace {

constexpr int kMaxAttempts = 5;  // concurrent writers without If-Match: re-read and re-apply
constexpr size_t kMaxNoteChars = 10000;
constexpr size_t kMaxDeadlines = 100;

[[noreturn]] void Fail(Problem problem) { throw ProblemException(std::move(problem)); }

// 403, naming the field whose change the caller may not make.
Problem Forbidden(std::string detail, std::string field) {
  Problem p;
  p.status = 403;
  p.title = StatusTitle(403);
  p.errors.push_back({std::move(field), detail});
  p.detail = std::move(detail);
  return p;
}

Json NullIfEmpty(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

// The public fields a person changes, for diffs: the bookkeeping fields left out.
Json Comparable(const Json& lead) {
  Json copy = lead;
  for (const char* key : {"version", "updatedAt", "createdAt", "createdBy", "id"}) {
    copy.erase(key);
  }
  return copy;
}

// Timeline entries for a change of the lead's fields: status, assignment, then the rest.
void DescribeChange(const Json& before, const Json& after, std::vector<Json>& activity) {
  const std::string old_status = before.value("status", "");
  const std::string new_status = after.value("status", "");
  if (old_status != new_status) {
    activity.push_back({{"type", "status"}, {"from", old_status}, {"to", new_status}});
  }
  if (AssigneeOf(before) != AssigneeOf(after)) {
    activity.push_back({{"type", "assignment"},
                        {"from", NullIfEmpty(AssigneeOf(before))},
                        {"to", NullIfEmpty(AssigneeOf(after))}});
  }
  Json old_fields = Comparable(before);
  Json new_fields = Comparable(after);
  for (Json* j : {&old_fields, &new_fields}) {
    j->erase("status");
    j->erase("assignedTo");
    j->erase("deadlines");
    j->erase("deletedAt");
  }
  Json changes = audit::Diff(old_fields, new_fields);
  if (!changes.empty()) activity.push_back({{"type", "fields"}, {"changes", std::move(changes)}});
}

// Characters as people count them (UTF-8 code points; the JSON parser has checked the UTF-8).
size_t CodePoints(std::string_view text) {
  size_t count = 0;
  for (const char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

std::optional<LeadStatus> StatusOf(const Json& lead) {
  return ParseLeadStatus(lead.value("status", "new"));
}

}  // namespace

bool IsSupervisor(const Principal& principal) {
  return !principal.is_api_key && (auth::InGroup(principal, auth::kGroupAdmin) ||
                                   auth::InGroup(principal, auth::kGroupManager));
}

LeadService::LeadService(std::shared_ptr<LeadRepository> repository, LeadServiceOptions options,
                         ClockPtr clock)
    : repository_(std::move(repository)), options_(std::move(options)), clock_(std::move(clock)) {
  if (!repository_ || !clock_) throw std::invalid_argument("LeadService: repository and clock");
  if (!options_.document_types) {
    options_.document_types = [](const std::string&) { return std::set<std::string>(); };
  }
}

namespace {

// The record-level rule of reading one lead: 404 unless the caller may see a lead with this
// assignee; a deleted lead only for admins, and only where deleted leads are shown at all.
void RequireVisibleLead(const LeadCaller& caller, std::string_view assignee, bool deleted,
                        bool include_deleted) {
  auth::RequireVisible(caller.principal, assignee);
  if (deleted && !(include_deleted && auth::InGroup(caller.principal, auth::kGroupAdmin))) {
    Fail(Problem::NotFound());
  }
}

}  // namespace

Json LeadService::VisibleLead(const std::string& id, const LeadCaller& caller,
                              bool include_deleted) const {
  if (!IsValidId(id, "lead")) Fail(Problem::NotFound());
  auto lead = repository_->Get(id);
  if (!lead) Fail(Problem::NotFound());
  RequireVisibleLead(caller, AssigneeOf(*lead), lead->contains("deletedAt"), include_deleted);
  return std::move(*lead);
}

Json LeadService::Get(const std::string& id, const LeadCaller& caller) const {
  return VisibleLead(id, caller, /*include_deleted=*/true);
}

LeadSnapshotPtr LeadService::GetSnapshot(const std::string& id, const LeadCaller& caller) const {
  if (!IsValidId(id, "lead")) Fail(Problem::NotFound());
  LeadSnapshotPtr lead = repository_->Snapshot(id);
  if (!lead) Fail(Problem::NotFound());
  RequireVisibleLead(caller, lead->assignee, lead->deleted, /*include_deleted=*/true);
  return lead;
}

namespace {

// The checks a supervisor-only change or a pipeline move must pass, shared by create and patch.
void CheckRules(const Json* before, const Json& after, const LeadCaller& caller,
                const LeadServiceOptions& options, std::vector<FieldError>& errors) {
  const bool supervisor = IsSupervisor(caller.principal);
  const std::string old_assignee = before ? AssigneeOf(*before) : std::string();
  const std::string new_assignee = AssigneeOf(after);
  if (before && old_assignee != new_assignee && !supervisor) {
    Fail(Forbidden("Only managers and admins reassign leads.", "assignedTo"));
  }
  if (!new_assignee.empty() && new_assignee != old_assignee && options.assignable &&
      !options.assignable(new_assignee)) {
    errors.push_back({"assignedTo", "is not an enabled user"});
  }
  const bool old_hold = before && before->value("legalHold", false);
  if (old_hold != after.value("legalHold", false) && !supervisor) {
    Fail(Forbidden("Only managers and admins set or lift a legal hold.", "legalHold"));
  }
  const auto to = StatusOf(after);
  if (!to) return;  // validation reported it
  if (before) {
    const auto from = StatusOf(*before).value_or(LeadStatus::kNew);
    const TransitionDecision decision = CheckTransition(from, *to, supervisor);
    if (!decision.allowed) {
      Problem p = Problem::Conflict(decision.reason);
      p.errors.push_back({"status", decision.reason});
      Fail(std::move(p));
    }
    if (decision.no_op) return;
  }
  if (RequiresClaimDocuments(*to)) {
    const auto missing =
        MissingClaimDocuments(*to, options.document_types(after.value("id", std::string())));
    if (!missing.empty()) {
      const std::string detail = MissingClaimDocumentsDetail(*to, missing);
      Problem p = Problem::Conflict(detail);
      p.errors.push_back({"status", detail});
      p.extra["missingDocuments"] = missing;
      Fail(std::move(p));
    }
  }
}

}  // namespace

audit::AuditEvent LeadService::EventFor(const LeadCaller& caller, const std::string& action,
                                        const std::string& lead_id) {
  return {.actor = caller.principal.id,
          .action = action,
          .entity = "lead",
          .entity_id = lead_id,
          .request_id = caller.request_id,
          .ip = caller.ip};
}

Json LeadService::ChangesOf(const Json* before, const Json& after) {
  return audit::MaskChanges(
      audit::Diff(before ? Comparable(*before) : Json(nullptr), Comparable(after)));
}

LeadChange LeadService::PrepareCreate(Json body, const LeadCaller& caller,
                                      const Provenance& provenance) {
  if (!body.is_object()) Fail(Problem::BadRequest("The body must be a JSON object."));
  const bool supervisor = IsSupervisor(caller.principal);
  if (!body.contains("assignedTo") || body["assignedTo"].is_null()) {
    // Creating a lead assigns it to its creator, when that is a person (not the CLI).
    if (caller.principal.id.starts_with("usr_")) body["assignedTo"] = caller.principal.id;
  } else if (!supervisor && body["assignedTo"] != caller.principal.id) {
    Fail(Forbidden("Agents create leads assigned to themselves.", "assignedTo"));
  }
  std::vector<FieldError> errors = ValidateAndNormalizeLead(body, options_.validation);
  Json lead = std::move(body);
  const std::string now = FormatRfc3339Millis(clock_->Now());
  lead["id"] = provenance.id ? *provenance.id : NewId("lead");
  if (errors.empty()) CheckRules(nullptr, lead, caller, options_, errors);
  if (!errors.empty()) Fail(Problem::Validation(std::move(errors)));
  lead["deadlines"] = Json::array();
  lead["createdAt"] = provenance.created_at ? *provenance.created_at : now;
  lead["createdBy"] = caller.principal.id;
  lead["updatedAt"] = now;  // the time of this write, even when createdAt came from a file
  lead["version"] = 1;
  LeadChange change{.before = std::nullopt, .after = std::move(lead), .activity = {}};
  change.activity.push_back({{"type", "created"},
                             {"status", change.after.value("status", "new")},
                             {"source", provenance.source}});
  return change;
}

Json LeadService::Create(Json body, const LeadCaller& caller) {
  return CreateLinked(std::move(body), caller, nullptr, {});
}

Json LeadService::CreateLinked(
    Json body, const LeadCaller& caller,
    const std::function<std::vector<storage::WriteAction>(const Json& lead)>& with,
    std::vector<Json> activity) {
  LeadChange change = PrepareCreate(std::move(body), caller, {});
  if (with) change.with = with(change.after);
  change.activity.insert(change.activity.end(), activity.begin(), activity.end());
  audit::AuditEvent event = EventFor(caller, "lead.create", change.after["id"]);
  event.changes = ChangesOf(nullptr, change.after);
  if (!repository_->Commit({change}, event)) {
    throw std::runtime_error("lead id collision");  // a fresh ULID: cannot happen
  }
  return std::move(change.after);
}

std::optional<LeadChange> LeadService::PreparePatch(const Json& before, const Json& patch,
                                                    const LeadCaller& caller) {
  Json after = before;
  std::vector<Json> activity;
  ApplyPatch(before, patch, caller, after, activity);
  if (after == before && activity.empty()) return std::nullopt;
  after["updatedAt"] = FormatRfc3339Millis(clock_->Now());
  after["version"] = before.value("version", int64_t{0}) + 1;
  return LeadChange{.before = before, .after = std::move(after), .activity = std::move(activity)};
}

Json LeadService::Change(const std::string& id, std::optional<int64_t> if_match,
                         const LeadCaller& caller, const std::string& action,
                         const Mutation& mutate, bool include_deleted) {
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    const Json before = VisibleLead(id, caller, include_deleted);
    const int64_t version = before.value("version", int64_t{0});
    if (if_match && *if_match != version) {
      Fail(Problem::PreconditionFailed("The lead changed since version " +
                                       std::to_string(*if_match) + "; it is now at version " +
                                       std::to_string(version) + "."));
    }
    Json after = before;
    std::vector<Json> activity;
    mutate(before, after, activity);
    if (after == before && activity.empty()) return before;  // nothing to write
    after["updatedAt"] = FormatRfc3339Millis(clock_->Now());
    after["version"] = version + 1;
    audit::AuditEvent event = EventFor(caller, action, id);
    event.changes = ChangesOf(&before, after);
    LeadChange change{.before = before, .after = after, .activity = std::move(activity)};
    if (repository_->Commit({change}, event)) return after;
    if (if_match) {
      Fail(Problem::PreconditionFailed("The lead changed while this request was applied."));
    }
  }
  Fail(Problem::Conflict("The lead is being changed by others; try again."));
}

void LeadService::ApplyPatch(const Json& before, const Json& patch, const LeadCaller& caller,
                             Json& after, std::vector<Json>& activity) const {
  if (!patch.is_object()) Fail(Problem::BadRequest("A merge patch must be a JSON object."));
  Json writable = before;
  StripServerOwnedLeadFields(writable);
  Json patched = ApplyMergePatch(writable, patch);
  std::vector<FieldError> errors = ValidateAndNormalizeLead(patched, options_.validation);
  if (!errors.empty()) Fail(Problem::Validation(std::move(errors)));
  for (const auto& key : kServerOwnedLeadFields) {
    const std::string name(key);
    if (before.contains(name)) patched[name] = before[name];
  }
  CheckRules(&before, patched, caller, options_, errors);
  if (!errors.empty()) Fail(Problem::Validation(std::move(errors)));
  DescribeChange(before, patched, activity);
  after = std::move(patched);
}

Json LeadService::Patch(const std::string& id, const Json& patch, std::optional<int64_t> if_match,
                        const LeadCaller& caller) {
  if (!patch.is_object()) Fail(Problem::BadRequest("A merge patch must be a JSON object."));
  return Change(id, if_match, caller, "lead.update",
                [&](const Json& before, Json& after, std::vector<Json>& activity) {
                  ApplyPatch(before, patch, caller, after, activity);
                });
}

void LeadService::Delete(const std::string& id, std::optional<int64_t> if_match,
                         const LeadCaller& caller) {
  Change(id, if_match, caller, "lead.delete",
         [&](const Json& before, Json& after, std::vector<Json>& activity) {
           if (before.value("legalHold", false)) {
             Fail(Problem::Conflict("The lead is under legal hold and cannot be deleted."));
           }
           after["deletedAt"] = FormatRfc3339Millis(clock_->Now());
           activity.push_back({{"type", "deleted"}});
         });
}

Json LeadService::Restore(const std::string& id, const LeadCaller& caller) {
  if (!auth::InGroup(caller.principal, auth::kGroupAdmin)) Fail(Problem::NotFound());
  return Change(
      id, std::nullopt, caller, "lead.restore",
      [&](const Json& before, Json& after, std::vector<Json>& activity) {
        if (!before.contains("deletedAt")) Fail(Problem::Conflict("The lead is not deleted."));
        after.erase("deletedAt");
        activity.push_back({{"type", "restored"}});
      },
      /*include_deleted=*/true);
}

Json LeadService::AddNote(const std::string& id, const Json& body, const LeadCaller& caller,
                          std::optional<int64_t> if_match) {
  RequireKnownMembers(body, {"text"});
  std::vector<FieldError> errors;
  const auto text = body.find("text");
  std::string note;
  if (text == body.end() || !text->is_string()) {
    errors.push_back({"text", "is required (a string)"});
  } else {
    note = text->get<std::string>();
    const auto first = note.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) {
      errors.push_back({"text", "must not be blank"});
    } else if (CodePoints(note) > kMaxNoteChars) {
      errors.push_back({"text", "must be at most 10000 characters"});
    }
  }
  if (!errors.empty()) Fail(Problem::Validation(std::move(errors)));
  Json entry = {{"type", "note"},
                {"text", note},
                {"id", NewId("act")},
                {"at", FormatRfc3339Millis(clock_->Now())}};
  Change(id, if_match, caller, "lead.note",
         [&](const Json&, Json&, std::vector<Json>& activity) { activity.push_back(entry); });
  entry["leadId"] = id;
  entry["actor"] = caller.principal.id;
  return entry;
}

Json LeadService::CommitLinked(const std::string& lead_id, const LinkedChange& linked,
                              const LeadCaller& caller) {
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    const Json before = VisibleLead(lead_id, caller, /*include_deleted=*/true);
    LeadChange change{.before = before, .after = before, .activity = {linked.entry}};
    change.with = linked.prepare(before);
    if (linked.modify) {
      std::vector<Json> effects;
      linked.modify(before, change.after, effects);
      DescribeChange(before, change.after, change.activity);
      change.activity.insert(change.activity.end(), effects.begin(), effects.end());
    }
    change.after["updatedAt"] = FormatRfc3339Millis(clock_->Now());
    change.after["version"] = before.value("version", int64_t{0}) + 1;
    audit::AuditEvent event = EventFor(caller, linked.action, lead_id);
    event.entity = linked.entity;
    event.entity_id = linked.entity_id;
    event.changes = linked.changes;
    if (repository_->Commit({change}, event)) return change.after;
  }
  Fail(Problem::Conflict("The lead is being changed by others; try again."));
}

Json LeadService::AddDeadline(const std::string& id, Json body, const LeadCaller& caller) {
  std::vector<FieldError> errors = ValidateDeadlineInput(body, /*creating=*/true);
  if (!errors.empty()) Fail(Problem::Validation(std::move(errors)));
  body["id"] = NewId("dl");
  return Change(
      id, std::nullopt, caller, "lead.deadline_add",
      [&](const Json& before, Json& after, std::vector<Json>& activity) {
        Json& deadlines = after["deadlines"];
        if (!deadlines.is_array()) deadlines = Json::array();
        if (deadlines.size() >= kMaxDeadlines) {
          Fail(Problem::Conflict("A lead holds at most 100 deadlines."));
        }
        (void)before;
        deadlines.push_back(body);
        activity.push_back({{"type", "deadline"}, {"action", "added"}, {"deadline", body}});
      });
}

Json LeadService::PatchDeadline(const std::string& id, const std::string& deadline_id, Json body,
                                const LeadCaller& caller, std::optional<int64_t> if_match) {
  std::vector<FieldError> errors = ValidateDeadlineInput(body, /*creating=*/false);
  if (!errors.empty()) Fail(Problem::Validation(std::move(errors)));
  return Change(id, if_match, caller, "lead.deadline_update",
                [&](const Json&, Json& after, std::vector<Json>& activity) {
                  Json& deadlines = after["deadlines"];
                  auto it = std::find_if(deadlines.begin(), deadlines.end(), [&](const Json& d) {
                    return d.value("id", "") == deadline_id;
                  });
                  if (it == deadlines.end()) Fail(Problem::NotFound("No such deadline."));
                  const Json old = *it;
                  MergePatchInPlace(*it, body);
                  if (*it == old) return;
                  std::string what = "updated";
                  const bool was_done = old.contains("doneAt");
                  const bool is_done = it->contains("doneAt");
                  if (!was_done && is_done) what = "completed";
                  if (was_done && !is_done) what = "reopened";
                  activity.push_back({{"type", "deadline"},
                                      {"action", what},
                                      {"deadline", *it},
                                      {"changes", audit::Diff(old, *it)}});
                });
}

Json LeadService::DeleteDeadline(const std::string& id, const std::string& deadline_id,
                                 const LeadCaller& caller, std::optional<int64_t> if_match) {
  return Change(
      id, if_match, caller, "lead.deadline_delete",
      [&](const Json&, Json& after, std::vector<Json>& activity) {
        Json& deadlines = after["deadlines"];
        auto it = std::find_if(deadlines.begin(), deadlines.end(),
                               [&](const Json& d) { return d.value("id", "") == deadline_id; });
        if (it == deadlines.end()) Fail(Problem::NotFound("No such deadline."));
        activity.push_back({{"type", "deadline"}, {"action", "deleted"}, {"deadline", *it}});
        deadlines.erase(it);
      });
}

}  // namespace ccrm::leads
