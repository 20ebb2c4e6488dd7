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
  const auto now = clock_->Now();
  const auth::AssigneeFilter filter = auth::AssigneeFilterFor(caller.principal);
  const bool everyone = filter.unrestricted;
  Json by_status = Json::object();
  for (LeadStatus status : AllLeadStatuses()) by_status[std::string(LeadStatusName(status))] = 0;
  Json reply = {{"scope", everyone ? "all" : "mine"}, {"generatedAt", FormatRfc3339Millis(now)}};
  if (!everyone && filter.Nothing()) {
    reply.update({{"total", 0}, {"byStatus", by_status}, {"newPerWeek", Json::array()},
                  {"deadlines", {{"overdue", 0}, {"dueToday", 0}}}, {"myOpenLeads", 0}});
    return reply;
  }
  const std::string me = caller.principal.id;

  // By status, and the caller's own open leads.
  bool partial = false;
  int64_t total = 0;
  int64_t my_open = 0;
  if (everyone) {
    for (LeadStatus status : AllLeadStatuses()) {
      const std::string name(LeadStatusName(status));
      const int64_t count = Count(kLeadsTable, "byStatusUpdated", name);
      by_status[name] = count;
      total += count;
    }
    for (const auto& [status, count] : StatusesOf(me, &partial)) {
      if (IsOpen(status)) my_open += count;
    }
  } else {
    for (const auto& [status, count] : StatusesOf(filter.assignee, &partial)) {
      by_status[status] = count;
      total += count;
      if (IsOpen(status)) my_open += count;
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
                                   : Count(kLeadsTable, "byAssigneeCreated", filter.assignee, range);
    weeks.push_back({{"weekStart", DateOf(local_start)}, {"count", count}});
  }

  // Open deadlines: overdue (due before now) and due today (the caller's day).
  const auto start_of_day = local_today - minutes(utc_offset_minutes);
  const storage::SortKeyCondition overdue{Op::kLt, FormatRfc3339Millis(now), ""};
  const storage::SortKeyCondition today{
      Op::kBetween, FormatRfc3339Millis(start_of_day),
      FormatRfc3339Millis(start_of_day + days(1) - std::chrono::milliseconds(1))};
  const std::string index = everyone ? "byDue" : "byAssigneeDue";
  const std::string partition = everyone ? "1" : filter.assignee;

  reply.update({{"total", total},
                {"byStatus", std::move(by_status)},
                {"newPerWeek", std::move(weeks)},
                {"deadlines",
                 {{"overdue", Count(kDeadlinesTable, index, partition, overdue)},
                  {"dueToday", Count(kDeadlinesTable, index, partition, today)}}},
                {"myOpenLeads", my_open}});
  if (partial) reply["partial"] = true;
  return reply;
}

}  // namespace ccrm::leads
