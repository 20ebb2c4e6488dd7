// The dashboard's numbers: leads by status, new leads per week, deadlines overdue and due
// today, the caller's open leads. Counted from the indexes (RecordStore::Count), never by
// reading every lead, and limited to what the caller may see: an agent's figures are those of
// the leads assigned to them. Counting a million index entries takes ~150 ms, so the figures
// of a scope are kept and reused until this process commits a lead write or kFresh passes
// (which bounds "overdue" moving with the clock and writes of other processes on the store);
// one request computes them while the others of that scope wait for its result.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>

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
  static constexpr std::chrono::seconds kFresh{15};
  static constexpr size_t kMaxCached = 1024;

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

  struct Scope {
    bool everyone = false;
    std::string assignee;  // when not everyone
  };
  // Every figure but the caller's own open leads, for `scope`: cached (see above).
  Json ScopeFigures(const Scope& scope, int utc_offset_minutes) const;
  Json CountScope(const Scope& scope, int utc_offset_minutes) const;

  struct Cached {
    uint64_t generation = 0;
    std::chrono::steady_clock::time_point at;
    std::string day;  // the caller's date: weeks and "today" move with it
    Json figures;
  };
  std::shared_ptr<LeadRepository> repository_;
  ClockPtr clock_;
  mutable std::mutex mu_;  // guards cache_
  mutable std::map<std::string, Cached, std::less<>> cache_;
  mutable std::mutex computing_;  // one computation at a time: the others then find its result
};

}  // namespace ccrm::leads
