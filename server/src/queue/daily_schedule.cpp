#include "queue/daily_schedule.hpp"

#include <chrono>

namespace ccrm::queue {

DailySchedule::DailySchedule(std::shared_ptr<JobQueue> jobs, ClockPtr clock, std::string kind,
                             int hour_utc)
    : jobs_(std::move(jobs)), clock_(std::move(clock)), kind_(std::move(kind)), hour_utc_(hour_utc) {}

void DailySchedule::EnsureTable() {
  jobs_->records().EnsureTable({.name = kSchedulesTable, .partition_key = "name"});
}

bool DailySchedule::Check() {
  using namespace std::chrono;
  const auto now = clock_->Now();
  const auto day = floor<days>(now);
  if (duration_cast<hours>(now - day).count() < hour_utc_) return false;
  const year_month_day date{day};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  storage::RecordStore& records = jobs_->records();
  const std::optional<Json> last = records.Get(kSchedulesTable, {kind_, ""});
  if (last && last->value("day", "") >= std::string(text)) return false;
  const int64_t version = last ? last->value("version", int64_t{0}) : 0;
  const storage::TransactResult result = records.TransactWrite({
      storage::WriteAction::Put(kSchedulesTable,
                                {{"name", kind_}, {"day", text}, {"version", version + 1}},
                                last ? storage::Condition::VersionEquals(version)
                                     : storage::Condition::NotExists()),
      jobs_->Enqueue(kind_, {{"day", text}}),
  });
  if (result.committed) jobs_->NotifyCommitted();
  return result.committed;
}

}  // namespace ccrm::queue
