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

LeadSummary::LeadSummary(std::shared_ptr<LeadRepository> repository, ClockPtr clock,
                         LeadSummaryOptions options)
    : repository_(std::move(repository)),
      clock_(std::move(clock)),
      options_(options),
      refresher_([this](std::stop_token stop) { RefreshQueued(stop); }) {}

int64_t LeadSummary::Count(const std::string& table, const std::string& index,
                           const std::string& partition, storage::SortKeyCondition sort) const {
  return repository_->Count(
      {.table = table, .index = index, .partition = partition, .sort = std::move(sort)});
}

std::map<std::string, int64_t> LeadSummary::StatusesOf(const std::string& assignee) const {
  std::map<std::string, int64_t> counts;
  for (LeadStatus status : AllLeadStatuses()) {
    const std::string name(LeadStatusName(status));
    counts[name] = Count(kLeadsTable, "byAssigneeStatusUpdated", AssigneeStatusKey(assignee, name));
  }
  return counts;
}

Json LeadSummary::For(const LeadCaller& caller, int utc_offset_minutes) const {
  const auth::AssigneeFilter filter = auth::AssigneeFilterFor(caller.principal);
  Json reply = {{"scope", filter.unrestricted ? "all" : "mine"}};
  if (!filter.unrestricted && filter.Nothing()) {
    Json by_status = Json::object();
    for (LeadStatus s : AllLeadStatuses()) by_status[std::string(LeadStatusName(s))] = 0;
    reply.update({{"total", 0}, {"byStatus", by_status}, {"newPerWeek", Json::array()},
                  {"deadlines", {{"overdue", 0}, {"dueToday", 0}}}, {"myOpenLeads", 0},
                  {"generatedAt", FormatRfc3339Millis(clock_->Now())}});
    return reply;
  }
  reply.update(ScopeFigures({.everyone = filter.unrestricted,
                             .assignee = filter.assignee,
                             .utc_offset_minutes = utc_offset_minutes}));
  if (filter.unrestricted) {
    // The caller's own open leads (a manager's or admin's own desk): their index entries only.
    int64_t my_open = 0;
    for (const auto& [status, count] : StatusesOf(caller.principal.id)) {
      if (IsOpen(status)) my_open += count;
    }
    reply["myOpenLeads"] = my_open;
  }
  return reply;
}

Json LeadSummary::ScopeFigures(const Scope& scope) const {
  const std::string day =
      DateOf(clock_->Now() + std::chrono::minutes(scope.utc_offset_minutes));
  const std::string key = (scope.everyone ? std::string("*") : scope.assignee) + "|" +
                          std::to_string(scope.utc_offset_minutes);
  // The cached figures if they may be served: fresh ones, or (for a slow scope) recent ones
  // while a background count brings them up to date.
  const auto servable = [&](uint64_t generation) -> std::optional<Json> {
    std::lock_guard lock(mu_);
    const auto it = cache_.find(key);
    if (it == cache_.end() || it->second.day != day) return std::nullopt;
    const Cached& cached = it->second;
    const auto age = std::chrono::steady_clock::now() - cached.at;
    if (cached.generation == generation && age <= options_.fresh) return cached.figures;
    if (cached.took < options_.slow_count || age > options_.max_stale) return std::nullopt;
    if (queued_.emplace(key, scope).second) queued_changed_.notify_one();
    return cached.figures;
  };
  if (auto figures = servable(repository_->WriteGeneration())) return std::move(*figures);
  std::lock_guard computing(computing_);
  if (auto figures = servable(repository_->WriteGeneration())) return std::move(*figures);
  return CountAndCache(key, scope);
}

Json LeadSummary::CountAndCache(const std::string& key, const Scope& scope) const {
  // The generation is read before counting: a write committed meanwhile invalidates the result.
  const uint64_t generation = repository_->WriteGeneration();
  const auto started = std::chrono::steady_clock::now();
  Json figures = CountScope(scope);
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mu_);
  // A count that began earlier (the background one) must not replace figures of a later write.
  if (const auto it = cache_.find(key); it != cache_.end() && it->second.generation > generation) {
    return figures;
  }
  if (cache_.size() >= kMaxCached && !cache_.contains(key)) cache_.clear();
  cache_[key] = {.generation = generation,
                 .at = now,
                 .took = now - started,
                 .day = DateOf(clock_->Now() + std::chrono::minutes(scope.utc_offset_minutes)),
                 .figures = figures};
  return figures;
}

void LeadSummary::RefreshQueued(std::stop_token stop) const {
  std::unique_lock lock(mu_);
  for (;;) {
    if (!queued_changed_.wait(lock, stop, [&] { return !queued_.empty(); })) return;
    auto next = queued_.extract(queued_.begin());
    lock.unlock();
    try {
      CountAndCache(next.key(), next.mapped());
    } catch (const std::exception&) {
      // The store failed: the figures stay as they were, and once they are max_stale old a
      // request counts on its own and reports the failure.
    }
    lock.lock();
  }
}

Json LeadSummary::CountScope(const Scope& scope) const {
  const int utc_offset_minutes = scope.utc_offset_minutes;
  const auto now = clock_->Now();
  const bool everyone = scope.everyone;
  Json by_status = Json::object();
  for (LeadStatus status : AllLeadStatuses()) by_status[std::string(LeadStatusName(status))] = 0;

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
    for (const auto& [status, count] : StatusesOf(scope.assignee)) {
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
  figures["generatedAt"] = FormatRfc3339Millis(now);
  return figures;
}

}  // namespace ccrm::leads
