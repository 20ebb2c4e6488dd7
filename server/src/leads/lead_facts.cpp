#include "leads/lead_facts.hpp"

#include <algorithm>

#include "common/utf8.hpp"
#include "leads/lead_tables.hpp"

namespace ccrm::leads {

LeadFacts LeadFactsOf(const Json& lead) {
  LeadFacts facts;
  facts.assignee = AssigneeOf(lead);
  facts.deleted = lead.contains("deletedAt");
  facts.status = lead.value("status", "");
  if (const auto claim = lead.find("claim"); claim != lead.end() && claim->is_object()) {
    facts.loss_type = claim->value("lossType", "");
  }
  if (const auto tags = lead.find("tags"); tags != lead.end() && tags->is_array()) {
    for (const Json& tag : *tags) {
      if (tag.is_string()) facts.tags.push_back(AsciiLower(tag.get<std::string>()));
    }
  }
  facts.updated_at = lead.value("updatedAt", "");
  return facts;
}

bool HasTag(const LeadFacts& facts, const std::string& tag) {
  return std::find(facts.tags.begin(), facts.tags.end(), tag) != facts.tags.end();
}

}  // namespace ccrm::leads
