// The lead status pipeline of PRODUCT.md: which status changes a person may make, and the stage
// gate (no claim_filed or later without the claim documents).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ccrm::leads {

// In pipeline order; kLost stands beside the pipeline, not after kSettled.
enum class LeadStatus {
  kNew,
  kContacted,
  kQualified,
  kInspectionScheduled,
  kLorSigned,
  kClaimFiled,
  kNegotiating,
  kSettled,
  kLost,
};

// The wire name ("new", "inspection_scheduled", …); nullopt for anything else (exact match:
// the wire is lower case).
std::optional<LeadStatus> ParseLeadStatus(std::string_view name);
std::string_view LeadStatusName(LeadStatus status);
// Every status, in pipeline order, lost last.
const std::vector<LeadStatus>& AllLeadStatuses();

enum class TransitionKind {
  kNoChange,  // same status: nothing to record
  kForward,   // one or several stages on
  kToLost,    // any stage to lost
  kReopen,    // lost back to contacted
  kBackward,  // back along the pipeline: managers and admins
  kRefused,   // see reason
};

struct TransitionDecision {
  bool allowed = false;
  bool no_op = false;  // allowed, and nothing changes (no activity entry, no version bump)
  TransitionKind kind = TransitionKind::kRefused;
  std::string reason;  // for a person; when refused, the detail of the 409 reply
};

// Whether a lead may go from `from` to `to`. `may_move_back` is true for managers and admins.
// Anyone may move forward (several stages at once too), to lost from any stage, and from lost
// back to contacted (reopening; only there); only managers and admins may move back along the
// pipeline. The stage gate is separate (MissingClaimDocuments): it needs the lead's documents.
TransitionDecision CheckTransition(LeadStatus from, LeadStatus to, bool may_move_back);

// claim_filed, negotiating, settled: the stages a lead enters only with its claim documents.
bool RequiresClaimDocuments(LeadStatus status);

// What keeps a lead from entering `to`, given the categories of its *available* documents
// (pending or rejected ones do not count): "lor" when there is no lor document, "policy or
// declarations_page" when there is neither. Empty when nothing is missing or `to` has no gate.
std::vector<std::string> MissingClaimDocuments(
    LeadStatus to, const std::set<std::string>& available_document_types);

// The 409 detail naming what is missing, e.g. 'A lead enters "claim_filed" only with an available
// lor document and an available policy or declarations_page document; missing: a lor document.'.
std::string MissingClaimDocumentsDetail(LeadStatus to, const std::vector<std::string>& missing);

}  // namespace ccrm::leads
