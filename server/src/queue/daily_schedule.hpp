// A job queued once a day across every process on the store (the lifecycle run): whichever
// process checks first after the hour on a new day queues it, in one transaction with the
// schedules row that records the day, so two processes never queue the same day's job twice
// and a day no process was up for is simply the next check's.
#pragma once

#include <memory>
#include <string>

#include "common/clock.hpp"
#include "queue/job_queue.hpp"

namespace ccrm::queue {

inline constexpr const char* kSchedulesTable = "schedules";

class DailySchedule {
 public:
  DailySchedule(std::shared_ptr<JobQueue> jobs, ClockPtr clock, std::string kind, int hour_utc);

  // The schedules table (idempotent).
  void EnsureTable();
  // Queues today's job (payload {"day": "YYYY-MM-DD"}) when it is past the hour (UTC) and no
  // process has queued it yet; true when this call did.
  bool Check();

 private:
  std::shared_ptr<JobQueue> jobs_;
  ClockPtr clock_;
  std::string kind_;
  int hour_utc_;
};

}  // namespace ccrm::queue
