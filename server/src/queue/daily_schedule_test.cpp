// The daily job: queued once a day, after the hour, however many processes check.
#include "queue/daily_schedule.hpp"

#include <gtest/gtest.h>

#include "common/fake_clock.hpp"
#include "common/scratch_dir.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#include "storage/sqlite/sqlite_record_store.hpp"

namespace ccrm::queue {
namespace {

TEST(DailyScheduleTest, QueuesOneJobADayAfterTheHourWhoeverChecks) {
  ccrm::testing::ScratchDir dir{"daily-schedule"};
  storage::sqlite::SqliteOptions options;
  options.path = (dir.path() / "records.db").string();
  auto records = storage::sqlite::MakeSqliteRecordStore(storage::sqlite::SqliteDatabase::Open(options));
  auto clock = std::make_shared<ccrm::testing::FakeClock>();
  auto jobs = std::make_shared<JobQueue>(records, clock);
  jobs->EnsureTables();
  // Two processes' schedules on one store.
  DailySchedule first(jobs, clock, "blobs.lifecycle", 3);
  DailySchedule second(jobs, clock, "blobs.lifecycle", 3);
  first.EnsureTable();

  using namespace std::chrono;
  const auto midnight = sys_days{year{2026} / 12 / 7};
  clock->Set(midnight + hours(2) + minutes(59));
  EXPECT_FALSE(first.Check());  // before the hour
  clock->Set(midnight + hours(3));
  EXPECT_TRUE(first.Check());
  EXPECT_FALSE(second.Check());
  EXPECT_FALSE(first.Check());
  clock->Set(midnight + hours(23));
  EXPECT_FALSE(second.Check());
  auto claimed = jobs->Claim("test", 10, "blobs.lifecycle", true);
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed[0].payload["day"], "2026-12-07");
  jobs->Complete(claimed[0]);
  // The next day, once.
  clock->Set(midnight + days(1) + hours(4));
  EXPECT_TRUE(second.Check());
  EXPECT_FALSE(first.Check());
  claimed = jobs->Claim("test", 10, "blobs.lifecycle", true);
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed[0].payload["day"], "2026-12-08");
}

}  // namespace
}  // namespace ccrm::queue
