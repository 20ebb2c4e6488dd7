// The dashboard's numbers: leads by status, new leads per week, deadlines overdue and due
// today, the caller's open leads. Counted from the indexes (RecordStore::Count), never by
// reading leads, and limited to what the caller may see: an agent's figures are those of the
// leads assigned to them (byAssigneeStatusUpdated, byAssigneeCreated, byAssigneeDue).
//
// Counting is proportional to the leads in scope: ~0.3 s for a whole office of a million, a
// few milliseconds for a small one. So the figures of a scope are cached, and reused while
// this process has committed no lead write and `fresh` has not passed (which bounds "overdue"
// moving with the clock and writes of other processes on the store). When they are out of
// date: a scope that counts quickly is counted again at once (exact figures, the usual case);
// one whose last count took `slow_count` or more gets its cached figures (at most `max_stale`
// old, their `generatedAt` saying when they were counted) while a background thread counts it
// again.
// A dashboard thus answers in well under a millisecond at a million leads and trails the store
// by about one count.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "common/clock.hpp"
#include "common/json.hpp"
#include "leads/lead_repository.hpp"
#include "leads/lead_service.hpp"

namespace ccrm::leads {

struct LeadSummaryOptions {
  std::chrono::steady_clock::duration fresh = std::chrono::seconds(15);
  std::chrono::steady_clock::duration slow_count = std::chrono::milliseconds(20);
  std::chrono::steady_clock::duration max_stale = std::chrono::seconds(60);
};

class LeadSummary {
 public:
  static constexpr int kWeeks = 12;
  static constexpr size_t kMaxCached = 1024;

  LeadSummary(std::shared_ptr<LeadRepository> repository, ClockPtr clock,
              LeadSummaryOptions options = {});

  // {scope, total, byStatus{…every status…}, newPerWeek[{weekStart, count}] (oldest first,
  // weeks from Monday in the caller's UTC offset), deadlines{overdue, dueToday}, myOpenLeads,
  // generatedAt (when the figures were counted)}
  Json For(const LeadCaller& caller, int utc_offset_minutes) const;

 private:
  struct Scope {
    bool everyone = false;
    std::string assignee;  // when not everyone
    int utc_offset_minutes = 0;
  };
  struct Cached {
    uint64_t generation = 0;
    std::chrono::steady_clock::time_point at;
    std::chrono::steady_clock::duration took{};
    std::string day;  // the caller's date: weeks and "today" move with it
    Json figures;
  };

  int64_t Count(const std::string& table, const std::string& index,
                const std::string& partition, storage::SortKeyCondition sort = {}) const;
  // Status counts of one assignee's live leads, from their index entries.
  std::map<std::string, int64_t> StatusesOf(const std::string& assignee) const;
  // Every figure but a manager's own open leads, for `scope`: cached (see above).
  Json ScopeFigures(const Scope& scope) const;
  // Counts `scope` and caches the figures under `key`.
  Json CountAndCache(const std::string& key, const Scope& scope) const;
  Json CountScope(const Scope& scope) const;
  void RefreshQueued(std::stop_token stop) const;

  std::shared_ptr<LeadRepository> repository_;
  ClockPtr clock_;
  const LeadSummaryOptions options_;
  mutable std::mutex mu_;  // guards cache_ and queued_
  mutable std::map<std::string, Cached, std::less<>> cache_;
  mutable std::map<std::string, Scope, std::less<>> queued_;  // waiting for a background count
  mutable std::condition_variable_any queued_changed_;
  mutable std::mutex computing_;  // one count on request at a time: the others find its result
  std::jthread refresher_;        // last: stopped and joined before the members it uses go
};

}  // namespace ccrm::leads
