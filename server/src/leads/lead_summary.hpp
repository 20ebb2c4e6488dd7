// The dashboard's numbers: leads by status, new leads per week, deadlines overdue and due
// today, the caller's open leads. Counted from the indexes (RecordStore::Count), never by
// reading every lead, and limited to what the caller may see: an agent's figures are those of
// the leads assigned to them.
#pragma once

#include <memory>

#include "common/clock.hpp"
#include "common/json.hpp"
#include "leads/lead_repository.hpp"
#include "leads/lead_service.hpp"

namespace ccrm::leads {

class LeadSummary {
 public:
  static constexpr int kWeeks = 12;
  // An agent's status counts read their own leads' index entries; past this many the reply
  // says so ("partial") rather than read on.
  static constexpr int kMaxOwnLeadsRead = 50'000;

  LeadSummary(std::shared_ptr<LeadRepository> repository, ClockPtr clock);

  // {scope, total, byStatus{…every status…}, newPerWeek[{weekStart, count}] (oldest first,
  // weeks from Monday in the caller's UTC offset), deadlines{overdue, dueToday}, myOpenLeads,
  // generatedAt}
  Json For(const LeadCaller& caller, int utc_offset_minutes) const;

 private:
  int64_t Count(const std::string& table, const std::string& index,
                const std::string& partition, storage::SortKeyCondition sort = {}) const;
  // Status counts of one assignee's live leads, read from their index entries.
  std::map<std::string, int64_t> StatusesOf(const std::string& assignee, bool* partial) const;

  std::shared_ptr<LeadRepository> repository_;
  ClockPtr clock_;
};

}  // namespace ccrm::leads
