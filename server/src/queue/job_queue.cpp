#include "queue/job_queue.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "common/ids.hpp"

namespace ccrm::queue {
namespace {

using storage::Condition;
using storage::WriteAction;

constexpr const char* kQueuedState = "queued";
constexpr const char* kByDueIndex = "byDue";
constexpr const char* kDeadListIndex = "byFailed";

Job JobOf(const Json& item) {
  Job job;
  job.id = item.value("id", "");
  job.kind = item.value("kind", "");
  job.payload = item.value("payload", Json::object());
  job.attempts = item.value("attempts", 0);
  job.version = item.value("version", int64_t{0});
  job.created_at = item.value("createdAt", "");
  job.last_error = item.value("lastError", "");
  return job;
}

double RandomFactor() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.5, 1.0)(random);
}

}  // namespace

std::string DueKey(int64_t unix_millis) { return fmt::format("{:015d}", std::max<int64_t>(0, unix_millis)); }

JobQueue::JobQueue(storage::RecordStorePtr records, ClockPtr clock, JobQueueOptions options)
    : records_(std::move(records)), clock_(std::move(clock)), options_(options) {}

void JobQueue::EnsureTables() {
  records_->EnsureTable(
      {.name = kJobsTable,
       .partition_key = "id",
       .sort_key = "",
       .indexes = {{.name = kByDueIndex, .partition_key = "state", .sort_key = "due"}}});
  records_->EnsureTable(
      {.name = kDeadLettersTable,
       .partition_key = "id",
       .sort_key = "",
       .indexes = {{.name = kDeadListIndex, .partition_key = "list", .sort_key = "failedAt"}}});
}

Json JobQueue::NewJobItem(std::string_view kind, Json payload, std::chrono::milliseconds delay,
                          const std::string& id) const {
  const auto now = clock_->Now();
  return {{"id", id},
          {"kind", kind},
          {"payload", std::move(payload)},
          {"state", kQueuedState},
          {"due", DueKey(clock_->NowMillis() + delay.count())},
          {"attempts", 0},
          {"version", 1},
          {"createdAt", FormatRfc3339Millis(now)}};
}

WriteAction JobQueue::Enqueue(std::string_view kind, Json payload,
                              std::chrono::milliseconds delay, std::string* id) const {
  std::string job_id = NewId("job");
  if (id != nullptr) *id = job_id;
  return WriteAction::Put(kJobsTable, NewJobItem(kind, std::move(payload), delay, job_id),
                          Condition::NotExists());
}

WriteAction JobQueue::Remove(const std::string& job_id) {
  return WriteAction::Delete(kJobsTable, {job_id, ""});
}

std::vector<Job> JobQueue::Claim(const std::string& owner, int max, std::string_view kind,
                                 bool ignore_due) {
  std::vector<Job> claimed;
  const int64_t now_ms = clock_->NowMillis();
  storage::QueryRequest request{.table = kJobsTable, .index = kByDueIndex, .partition = kQueuedState};
  if (!ignore_due) request.sort = {storage::SortKeyCondition::Op::kLe, DueKey(now_ms), ""};
  request.limit = std::clamp(max * 2, 1, storage::RecordStore::kMaxQueryLimit);
  while (static_cast<int>(claimed.size()) < max) {
    storage::QueryResult page = records_->Query(request);
    for (Json& item : page.items) {
      if (static_cast<int>(claimed.size()) >= max) break;
      if (!kind.empty() && item.value("kind", "") != kind) continue;
      const int64_t version = item.value("version", int64_t{0});
      item["version"] = version + 1;
      item["attempts"] = item.value("attempts", 0) + 1;
      item["due"] = DueKey(now_ms + std::chrono::milliseconds(options_.lease).count());
      item["leaseOwner"] = owner;
      if (records_->Put(kJobsTable, item, Condition::VersionEquals(version)) ==
          storage::WriteStatus::kOk) {
        claimed.push_back(JobOf(item));
      }
    }
    if (!page.next_cursor) break;
    request.cursor = *page.next_cursor;
  }
  return claimed;
}

void JobQueue::Complete(const Job& job) {
  // A failed condition means the lease ran out and another claim holds the job: it runs again
  // there, which handlers allow.
  records_->Delete(kJobsTable, {job.id, ""}, Condition::VersionEquals(job.version));
}

std::chrono::milliseconds JobQueue::Backoff(int attempts) const {
  const double base = static_cast<double>(options_.backoff_base.count());
  const double cap = static_cast<double>(options_.backoff_cap.count());
  const double exponential = base * std::pow(2.0, std::min(attempts - 1, 40));
  return std::chrono::milliseconds(static_cast<int64_t>(std::min(exponential, cap) * RandomFactor()));
}

bool JobQueue::Fail(const Job& job, std::string_view error) {
  const std::optional<Json> stored = records_->Get(kJobsTable, {job.id, ""});
  if (!stored || stored->value("version", int64_t{0}) != job.version) return false;  // not ours
  const std::string message(error.substr(0, 2000));
  if (job.attempts >= options_.max_attempts) {
    Json dead = *stored;
    dead.erase("state");
    dead.erase("due");
    dead.erase("leaseOwner");
    dead["list"] = "all";
    dead["failedAt"] = FormatRfc3339Millis(clock_->Now());
    dead["lastError"] = message;
    records_->TransactWrite(
        {WriteAction::Delete(kJobsTable, {job.id, ""}, Condition::VersionEquals(job.version)),
         WriteAction::Put(kDeadLettersTable, dead)});
    return true;
  }
  Json retry = *stored;
  retry["version"] = job.version + 1;
  retry["due"] = DueKey(clock_->NowMillis() + Backoff(job.attempts).count());
  retry["lastError"] = message;
  retry.erase("leaseOwner");
  records_->Put(kJobsTable, retry, Condition::VersionEquals(job.version));
  return false;
}

QueueStats JobQueue::Stats() {
  QueueStats stats;
  storage::QueryRequest jobs{.table = kJobsTable, .index = kByDueIndex, .partition = kQueuedState};
  stats.depth = records_->Count(jobs);
  jobs.limit = 1;
  const storage::QueryResult first = records_->Query(jobs);
  if (!first.items.empty()) {
    const int64_t due = std::stoll(first.items.front().value("due", "0"));
    stats.oldest_wait_seconds = std::max<double>(0, (clock_->NowMillis() - due) / 1000.0);
  }
  stats.dead_letters = records_->Count(
      {.table = kDeadLettersTable, .index = kDeadListIndex, .partition = "all"});
  return stats;
}

}  // namespace ccrm::queue
