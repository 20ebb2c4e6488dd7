#include "leads/lead_summary.hpp"

#include "auth/record_access.hpp"
#include "leads/lead_tables.hpp"
#include "leads/pipeline.hpp"

namespace ccrm::leads {
namespace {

using Op = storage::SortKeyCondition::Op;
using std::chrono::days;
using std::chrono::minutes;

bool IsOpen(std::string_view status) { return status != "settled" && status != "lost"; }

std::string DateOf(std::chrono::system_clock::time_point t) {
  return FormatRfc3339Millis(t).substr(0, 10);
}

}  // namespace

LeadSummary::LeadSummary(std::shared_ptr<LeadRepository> repository, ClockPtr clock)
    : repository_(std::move(repository)), clock_(std::move(clock)) {}

int64_t LeadSummary::Count(const std::string& table, const std::string& index,
                           const std::string& partition, storage::SortKeyCondition sort) const {
  return repository_->Count(
      {.table = table, .index = index, .partition = partition, .sort = std::move(sort)});
}

std::map<std::string, int64_t> LeadSummary::StatusesOf(const std::string& assignee,
                                                       bool* partial) const {
  std::map<std::string, int64_t> counts;
  storage::QueryRequest request{.table = kLeadsTable,
                                .index = "byAssigneeUpdated",
                                .partition = assignee,
                                .limit = storage::RecordStore::kMaxQueryLimit};
  int read = 0;
  for (;;) {
    const storage::QueryResult page = repository_->Query(request);
    for (const Json& item : page.items) ++counts[item.value(kStatusAttr, "new")];
    read += static_cast<int>(page.items.size());
    if (!page.next_cursor) break;
    if (read >= kMaxOwnLeadsRead) {
      *partial = true;
      break;
    }
    request.cursor = *page.next_cursor;
  }
  return counts;
}

Json LeadSummary::For(const LeadCaller& caller, int utc_offset_minutes) const {
  const auth::AssigneeFilter filter = auth::AssigneeFilterFor(caller.principal);
  Json reply = {{"scope", filter.unrestricted ? "all" : "mine"},
                {"generatedAt", FormatRfc3339Millis(clock_->Now())}};
  if (!filter.unrestricted && filter.Nothing()) {
    Json by_status = Json::object();
    for (LeadStatus s : AllLeadStatuses()) by_status[std::string(LeadStatusName(s))] = 0;
    reply.update({{"total", 0}, {"byStatus", by_status}, {"newPerWeek", Json::array()},
                  {"deadlines", {{"overdue", 0}, {"dueToday", 0}}}, {"myOpenLeads", 0}});
    return reply;
  }
  reply.update(ScopeFigures({.everyone = filter.unrestricted, .assignee = filter.assignee},
                            utc_offset_minutes));
  if (filter.unrestricted) {
    // The caller's own open leads (a manager's or admin's own desk): their partition only.
    bool partial = false;
    int64_t my_open = 0;
    for (const auto& [status, count] : StatusesOf(caller.principal.id, &partial)) {
      if (IsOpen(status)) my_open += count;
    }
    reply["myOpenLeads"] = my_open;
    if (partial) reply["partial"] = true;
  }
  return reply;
}

Json LeadSummary::ScopeFigures(const Scope& scope, int utc_offset_minutes) const {
  const auto local_now = clock_->Now() + std::chrono::minutes(utc_offset_minutes);
  const std::string day = DateOf(local_now);
  const std::string key = (scope.everyone ? std::string("*") : scope.assignee) + "|" +
                          std::to_string(utc_offset_minutes);
  const auto fresh = [&](uint64_t generation) -> std::optional<Json> {
    std::lock_guard lock(mu_);
    const auto it = cache_.find(key);
    if (it == cache_.end() || it->second.generation != generation || it->second.day != day ||
        std::chrono::steady_clock::now() - it->second.at > kFresh) {
      return std::nullopt;
    }
    return it->second.figures;
  };
  if (auto figures = fresh(repository_->WriteGeneration())) return std::move(*figures);
  std::lock_guard computing(computing_);
  // The generation is read before counting: a write committed meanwhile invalidates the result.
  const uint64_t generation = repository_->WriteGeneration();
  if (auto figures = fresh(generation)) return std::move(*figures);
  Json figures = CountScope(scope, utc_offset_minutes);
  std::lock_guard lock(mu_);
  if (cache_.size() >= kMaxCached) cache_.clear();
  cache_[key] = {.generation = generation,
                 .at = std::chrono::steady_clock::now(),
                 .day = day,
                 .figures = figures};
  return figures;
}

Json LeadSummary::CountScope(const Scope& scope, int utc_offset_minutes) const {
  const auto now = clock_->Now();
  const bool everyone = scope.everyone;
  Json by_status = Json::object();
  for (LeadStatus status : AllLeadStatuses()) by_status[std::string(LeadStatusName(status))] = 0;

  bool partial = false;
  int64_t total = 0;
  int64_t open = 0;
  if (everyone) {
    for (LeadStatus status : AllLeadStatuses()) {
      const std::string name(LeadStatusName(status));
      const int64_t count = Count(kLeadsTable, "byStatusUpdated", name);
      by_status[name] = count;
      total += count;
    }
  } else {
    for (const auto& [status, count] : StatusesOf(scope.assignee, &partial)) {
      by_status[status] = count;
      total += count;
      if (IsOpen(status)) open += count;
    }
  }

  // New leads per week, Monday to Sunday in the caller's offset, the current week last.
  const auto local_now = now + minutes(utc_offset_minutes);
  const auto local_today = std::chrono::floor<days>(local_now);
  const std::chrono::weekday weekday{std::chrono::sys_days(local_today)};
  const auto local_monday = local_today - days((weekday.c_encoding() + 6) % 7);
  Json weeks = Json::array();
  for (int i = kWeeks - 1; i >= 0; --i) {
    const auto local_start = local_monday - days(7 * i);
    const auto start = local_start - minutes(utc_offset_minutes);
    const auto end = start + days(7) - std::chrono::milliseconds(1);
    const storage::SortKeyCondition range{Op::kBetween, FormatRfc3339Millis(start),
                                          FormatRfc3339Millis(end)};
    const int64_t count = everyone ? Count(kLeadsTable, "byLiveCreated", "1", range)
                                   : Count(kLeadsTable, "byAssigneeCreated", scope.assignee, range);
    weeks.push_back({{"weekStart", DateOf(local_start)}, {"count", count}});
  }

  // Open deadlines: overdue (due before now) and due today (the caller's day).
  const auto start_of_day = local_today - minutes(utc_offset_minutes);
  const storage::SortKeyCondition overdue{Op::kLt, FormatRfc3339Millis(now), ""};
  const storage::SortKeyCondition today{
      Op::kBetween, FormatRfc3339Millis(start_of_day),
      FormatRfc3339Millis(start_of_day + days(1) - std::chrono::milliseconds(1))};
  const std::string index = everyone ? "byDue" : "byAssigneeDue";
  const std::string partition = everyone ? "1" : scope.assignee;

  Json figures = {{"total", total},
                  {"byStatus", std::move(by_status)},
                  {"newPerWeek", std::move(weeks)},
                  {"deadlines",
                   {{"overdue", Count(kDeadlinesTable, index, partition, overdue)},
                    {"dueToday", Count(kDeadlinesTable, index, partition, today)}}}};
  if (!everyone) figures["myOpenLeads"] = open;
  if (partial) figures["partial"] = true;
  return figures;
}

}  // namespace ccrm::leads
