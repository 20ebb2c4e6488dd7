// The few facts of a lead that access checks and list filters decide on, apart from the whole
// document: a snapshot carries them beside its serialized bytes, so a cached lead is checked
// and filtered without being parsed.
#pragma once

#include <string>
#include <vector>

#include "common/json.hpp"

namespace ccrm::leads {

struct LeadFacts {
  std::string assignee;  // "" when unassigned
  bool deleted = false;
  std::string status;
  std::string loss_type;          // claim.lossType, "" when none
  std::vector<std::string> tags;  // lower-cased (tags are unique regardless of ASCII case)
  std::string updated_at;
};

LeadFacts LeadFactsOf(const Json& lead);

// Whether the lead carries `tag` (lower-cased already).
bool HasTag(const LeadFacts& facts, const std::string& tag);

}  // namespace ccrm::leads
