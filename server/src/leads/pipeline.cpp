#include "leads/pipeline.hpp"

#include <array>
#include <utility>

namespace ccrm::leads {
namespace {

constexpr std::array<std::pair<LeadStatus, std::string_view>, 9> kNames = {{
    {LeadStatus::kNew, "new"},
    {LeadStatus::kContacted, "contacted"},
    {LeadStatus::kQualified, "qualified"},
    {LeadStatus::kInspectionScheduled, "inspection_scheduled"},
    {LeadStatus::kLorSigned, "lor_signed"},
    {LeadStatus::kClaimFiled, "claim_filed"},
    {LeadStatus::kNegotiating, "negotiating"},
    {LeadStatus::kSettled, "settled"},
    {LeadStatus::kLost, "lost"},
}};

// Position along the pipeline; only meaningful for statuses other than kLost.
int Stage(LeadStatus status) { return static_cast<int>(status); }

std::string Quoted(LeadStatus status) { return "\"" + std::string(LeadStatusName(status)) + "\""; }

TransitionDecision Allow(TransitionKind kind, std::string reason) {
  return {.allowed = true,
          .no_op = kind == TransitionKind::kNoChange,
          .kind = kind,
          .reason = std::move(reason)};
}

TransitionDecision Refuse(std::string reason) {
  return {.allowed = false,
          .no_op = false,
          .kind = TransitionKind::kRefused,
          .reason = std::move(reason)};
}

}  // namespace

std::optional<LeadStatus> ParseLeadStatus(std::string_view name) {
  for (const auto& [status, wire] : kNames) {
    if (wire == name) return status;
  }
  return std::nullopt;
}

std::string_view LeadStatusName(LeadStatus status) {
  for (const auto& [candidate, wire] : kNames) {
    if (candidate == status) return wire;
  }
  return "unknown";  // unreachable for a valid enumerator; keeps the switch-free table total
}

const std::vector<LeadStatus>& AllLeadStatuses() {
  static const std::vector<LeadStatus> kAll = [] {
    std::vector<LeadStatus> all;
    for (const auto& entry : kNames) all.push_back(entry.first);
    return all;
  }();
  return kAll;
}

TransitionDecision CheckTransition(LeadStatus from, LeadStatus to, bool may_move_back) {
  if (from == to) return Allow(TransitionKind::kNoChange, "The status does not change.");
  if (to == LeadStatus::kLost) {
    return Allow(TransitionKind::kToLost, "A lead may be marked lost from any stage.");
  }
  if (from == LeadStatus::kLost) {
    if (to == LeadStatus::kContacted) {
      return Allow(TransitionKind::kReopen, "A lost lead is reopened at contacted.");
    }
    // Even a manager goes through contacted: reopening is one recorded step, then the usual
    // forward moves, so the activity shows the lead was reopened.
    return Refuse(
        "A lost lead can only be reopened to \"contacted\"; move it on from there, not "
        "straight to " +
        Quoted(to) + ".");
  }
  if (Stage(to) > Stage(from)) {
    return Allow(TransitionKind::kForward, "The lead moves forward.");
  }
  if (may_move_back) return Allow(TransitionKind::kBackward, "The lead moves back.");
  return Refuse("Only a manager or an admin can move a lead back, here from " + Quoted(from) +
                " to " + Quoted(to) + ".");
}

bool RequiresClaimDocuments(LeadStatus status) {
  return status == LeadStatus::kClaimFiled || status == LeadStatus::kNegotiating ||
         status == LeadStatus::kSettled;
}

std::vector<std::string> MissingClaimDocuments(
    LeadStatus to, const std::set<std::string>& available_document_types) {
  std::vector<std::string> missing;
  if (!RequiresClaimDocuments(to)) return missing;
  if (!available_document_types.contains("lor")) missing.emplace_back("lor");
  if (!available_document_types.contains("policy") &&
      !available_document_types.contains("declarations_page")) {
    missing.emplace_back("policy or declarations_page");
  }
  return missing;
}

std::string MissingClaimDocumentsDetail(LeadStatus to, const std::vector<std::string>& missing) {
  std::string detail = "A lead enters " + Quoted(to) +
                       " only with an available lor document and an available policy or "
                       "declarations_page document; missing: ";
  for (size_t i = 0; i < missing.size(); ++i) {
    if (i > 0) detail += " and ";
    detail += "a " + missing[i] + " document";
  }
  detail += ".";
  return detail;
}

}  // namespace ccrm::leads
