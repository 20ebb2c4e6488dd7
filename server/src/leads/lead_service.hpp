// The leads module's rules: who may create, see and change a lead, what a change does to the
// pipeline, the timeline and the deadlines, and how it is audited. Transport-free (routes and
// the CLI call it); storage through LeadRepository.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "common/clock.hpp"
#include "common/json.hpp"
#include "gateway/http_types.hpp"
#include "leads/lead_repository.hpp"
#include "leads/lead_validation.hpp"

namespace ccrm::leads {

// Who is asking, from where (for the audit record).
struct LeadCaller {
  Principal principal;
  std::string ip;
  std::string request_id;
};

// The server acting for nobody in particular (a trigger, the lifecycle, ingestion's matching):
// it sees every lead, and its records name it "system" with `name` saying which part acted.
inline LeadCaller SystemCaller(std::string name) {
  return {.principal = Principal{.id = "system", .name = std::move(name), .groups = {"admin"}},
          .ip = "",
          .request_id = ""};
}

struct LeadServiceOptions {
  LeadValidationOptions validation;
  // Whether `user_id` names an enabled user a lead may be assigned to.
  std::function<bool(const std::string& user_id)> assignable;
  // The document types available on a lead (lor, policy, declarations_page, …): the stage
  // gate's evidence. Until the documents module exists, none.
  std::function<std::set<std::string>(const std::string& lead_id)> document_types;
};

class LeadService {
 public:
  LeadService(std::shared_ptr<LeadRepository> repository, LeadServiceOptions options,
              ClockPtr clock);

  // POST /leads: validated, assigned to the creator unless a manager or admin names someone.
  Json Create(Json body, const LeadCaller& caller);
  // Create, with another module's writes for the new lead (made from it) and timeline entries
  // of its own committed in the same transaction (a lead made from a call links the call).
  Json CreateLinked(Json body, const LeadCaller& caller,
                    const std::function<std::vector<storage::WriteAction>(const Json& lead)>& with,
                    std::vector<Json> activity);

  // What an import keeps of a row beyond the writable fields (an export carries them).
  struct Provenance {
    std::optional<std::string> id;          // a lead_ id not in use; else a new one
    std::optional<std::string> created_at;  // RFC 3339 UTC ms, not in the future; else now
    // (updatedAt is always the time of the write)
    std::string source = "api";             // the "created" timeline entry's source
  };
  // The change a create would commit, without committing it (imports batch them). Throws
  // ProblemException as Create does.
  LeadChange PrepareCreate(Json body, const LeadCaller& caller, const Provenance& provenance);
  // The change a merge patch of `before` (a stored lead the caller may see) would commit;
  // nullopt when it changes nothing. Throws ProblemException as Patch does.
  std::optional<LeadChange> PreparePatch(const Json& before, const Json& patch,
                                         const LeadCaller& caller);
  // The audit event of a caller's action on a lead.
  static audit::AuditEvent EventFor(const LeadCaller& caller, const std::string& action,
                                    const std::string& lead_id);
  static Json ChangesOf(const Json* before, const Json& after);
  // The lead if the caller may see it; 404 otherwise (deleted leads: admins only).
  Json Get(const std::string& id, const LeadCaller& caller) const;
  // Get's answer, serialized (GET /leads/{id}).
  LeadSnapshotPtr GetSnapshot(const std::string& id, const LeadCaller& caller) const;
  // Whether GetSnapshot(id) is quick (a recently read lead): then it may run on an io thread.
  bool IsRecentlyRead(const std::string& id) const { return repository_->HasSnapshot(id); }
  // JSON merge patch (RFC 7396). `if_match`: the version the client saw (412 when stale).
  Json Patch(const std::string& id, const Json& patch, std::optional<int64_t> if_match,
             const LeadCaller& caller);
  // Soft delete (409 under legal hold); admins restore.
  void Delete(const std::string& id, std::optional<int64_t> if_match, const LeadCaller& caller);
  Json Restore(const std::string& id, const LeadCaller& caller);

  // POST /leads/{id}/notes: the activity entry written.
  Json AddNote(const std::string& id, const Json& body, const LeadCaller& caller,
               std::optional<int64_t> if_match = std::nullopt);

  // Deadlines of a lead; each returns the lead after the change.
  Json AddDeadline(const std::string& id, Json body, const LeadCaller& caller);
  Json PatchDeadline(const std::string& id, const std::string& deadline_id, Json body,
                     const LeadCaller& caller, std::optional<int64_t> if_match = std::nullopt);
  Json DeleteDeadline(const std::string& id, const std::string& deadline_id,
                      const LeadCaller& caller, std::optional<int64_t> if_match = std::nullopt);

  // Another module's change that belongs to a lead (a document added, made available,
  // deleted): `prepare(lead)` looks at the stored lead the caller may see (it may throw, e.g.
  // 409 under legal hold) and returns the module's writes; they commit with `entry` in the
  // lead's timeline (its version advanced) and the audit record of `action` on `entity`, in
  // one transaction, retried when the lead changed meanwhile. Returns the lead as stored.
  struct LinkedChange {
    std::string action;     // e.g. "document.available"
    std::string entity;     // e.g. "document"
    std::string entity_id;
    Json entry;             // the timeline entry (type and its members)
    Json changes = Json::object();  // for the audit record
    std::function<std::vector<storage::WriteAction>(const Json& lead)> prepare;
    // Optional: changes to the lead itself that come with it (a call's disposition sets a
    // deadline, moves the status, flags a phone). Status and field changes are described in
    // the timeline as any PATCH's are; entries it adds itself (a deadline's) come after.
    std::function<void(const Json& before, Json& after, std::vector<Json>& activity)> modify;
  };
  Json CommitLinked(const std::string& lead_id, const LinkedChange& change,
                    const LeadCaller& caller);

  // The stored lead the caller may see (deleted ones only for admins when `include_deleted`),
  // or ProblemException 404.
  Json VisibleLead(const std::string& id, const LeadCaller& caller,
                   bool include_deleted = false) const;

  // The stage gate's evidence, from the documents module (at start, before serving).
  void SetDocumentTypes(std::function<std::set<std::string>(const std::string& lead_id)> types) {
    options_.document_types = std::move(types);
  }

  LeadRepository& repository() const { return *repository_; }
  const LeadServiceOptions& options() const { return options_; }
  const Clock& clock() const { return *clock_; }

 private:
  // Applies `mutate` to a copy of the stored lead and commits it with activity and audit,
  // retrying on a concurrent write unless the caller pinned a version (then 412).
  using Mutation =
      std::function<void(const Json& before, Json& after, std::vector<Json>& activity)>;
  Json Change(const std::string& id, std::optional<int64_t> if_match, const LeadCaller& caller,
              const std::string& action, const Mutation& mutate, bool include_deleted = false);
  void ApplyPatch(const Json& before, const Json& patch, const LeadCaller& caller, Json& after,
                  std::vector<Json>& activity) const;

  std::shared_ptr<LeadRepository> repository_;
  LeadServiceOptions options_;
  ClockPtr clock_;
};

// True for managers and admins: they see every lead, reassign, and move leads back.
bool IsSupervisor(const Principal& principal);

}  // namespace ccrm::leads
