#include "leads/lead_tables.hpp"

#include "leads/lead_data_migrations.hpp"

#include <algorithm>
#include <cctype>

namespace ccrm::leads {

std::vector<storage::TableSchema> LeadTableSchemas() {
  return {
      {kLeadsTable,
       "id",
       "",
       {{"byLiveUpdated", kLiveAttr, "updatedAt"},
        {"byLiveCreated", kLiveAttr, "createdAt"},
        {"byAssigneeUpdated", kAssigneeAttr, "updatedAt"},
        {"byAssigneeCreated", kAssigneeAttr, "createdAt"},
        {"byStatusUpdated", kStatusAttr, "updatedAt"},
        {"byStatusCreated", kStatusAttr, "createdAt"},
        {"byAssigneeStatusUpdated", kAssigneeStatusAttr, "updatedAt"},
        // The list filtered by status and loss type (a manager's "hail claims to qualify") reads
        // only its own leads instead of every lead in the status.
        {"byStatusLossUpdated", kStatusLossAttr, "updatedAt"}}},
      {kActivityTable, "leadId", "id", {}},
      {kContactsTable, "key", "leadId", {}},
      {kDeadlinesTable,
       "id",
       "",
       {{"byDue", "_open", "dueAt"}, {"byAssigneeDue", kAssigneeAttr, "dueAt"}}},
      {kSearchOutboxTable, "stream", "id", {}},
      {kLeadMigrationsTable, "name", "", {}},
  };
}

Json LeadToItem(const Json& lead) {
  Json item = lead;
  const bool live = !lead.contains("deletedAt");
  if (live) {
    item[kLiveAttr] = "1";
    std::string status = lead.value("status", "new");
    if (const auto it = lead.find("assignedTo"); it != lead.end() && it->is_string()) {
      item[kAssigneeAttr] = *it;
      item[kAssigneeStatusAttr] = AssigneeStatusKey(it->get_ref<const std::string&>(), status);
    }
    if (const auto claim = lead.find("claim"); claim != lead.end() && claim->is_object()) {
      if (const auto loss = claim->find("lossType"); loss != claim->end() && loss->is_string()) {
        item[kStatusLossAttr] = StatusLossKey(status, loss->get_ref<const std::string&>());
      }
    }
    item[kStatusAttr] = std::move(status);
  }
  return item;
}

Json LeadFromItem(Json item) {
  item.erase(kLiveAttr);
  item.erase(kAssigneeAttr);
  item.erase(kStatusAttr);
  item.erase(kAssigneeStatusAttr);
  item.erase(kStatusLossAttr);
  return item;
}

namespace {

// "a|b": the partition of an index over two attributes.
std::string PairKey(std::string_view a, std::string_view b) {
  std::string key;
  key.reserve(a.size() + 1 + b.size());
  key.append(a).append(1, '|').append(b);
  return key;
}

}  // namespace

std::string AssigneeStatusKey(std::string_view assignee, std::string_view status) {
  return PairKey(assignee, status);
}

std::string StatusLossKey(std::string_view status, std::string_view loss_type) {
  return PairKey(status, loss_type);
}

std::string AssigneeOf(const Json& lead) {
  const auto it = lead.find("assignedTo");
  return it != lead.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string PhoneContactKey(std::string_view e164) { return "p:" + std::string(e164); }

std::string EmailContactKey(std::string_view email) {
  std::string key = "e:";
  key.reserve(email.size() + 2);
  for (const char c : email) key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return key;
}

std::vector<std::string> ContactKeysOf(const Json& lead) {
  std::vector<std::string> keys;
  if (const auto phones = lead.find("phones"); phones != lead.end() && phones->is_array()) {
    for (const Json& phone : *phones) {
      if (const auto e164 = phone.find("e164"); e164 != phone.end() && e164->is_string()) {
        keys.push_back(PhoneContactKey(e164->get<std::string>()));
      }
    }
  }
  if (const auto email = lead.find("email"); email != lead.end() && email->is_string()) {
    keys.push_back(EmailContactKey(email->get<std::string>()));
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

}  // namespace ccrm::leads
