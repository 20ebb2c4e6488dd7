#include "leads/import_jobs.hpp"

#include <pthread.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "common/ids.hpp"
#include "common/problem.hpp"

namespace ccrm::leads {
namespace {

// Thrown from the progress callback to end a running import when the server stops.
struct Stopped {};

}  // namespace

struct ImportJobs::Job {
  std::string id;
  std::string owner;  // the submitter's principal id
  std::string csv;    // released when the job ends
  ImportOptions options;
  LeadCaller caller;
  // Guarded by ImportJobs::mu_ from here on.
  std::string status = "queued";
  std::optional<int64_t> total_rows;
  int64_t rows_done = 0;
  bool indexing = false;
  ImportReport report;  // counts so far; errors only once done
  int64_t error_count = 0;
  std::optional<Json> problem;
  std::chrono::system_clock::time_point created_at;
  std::optional<std::chrono::system_clock::time_point> started_at;
  std::optional<std::chrono::system_clock::time_point> finished_at;
};

ImportJobs::ImportJobs(std::shared_ptr<LeadImporter> importer, ClockPtr clock)
    : importer_(std::move(importer)), clock_(std::move(clock)), worker_([this] { Work(); }) {}

void ImportJobs::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
}

Json ImportJobs::Submit(std::string csv, ImportOptions options, LeadCaller caller) {
  auto job = std::make_shared<Job>();
  job->id = NewId("imp");
  job->owner = caller.principal.id;
  job->csv = std::move(csv);
  job->options = std::move(options);
  job->caller = std::move(caller);
  job->created_at = clock_->Now();
  job->report.dry_run = job->options.dry_run;
  Json reply;
  {
    std::lock_guard lock(mu_);
    ForgetOld();
    if (waiting_.size() >= kMaxWaiting) {
      Problem p{.status = 429, .title = StatusTitle(429),
                .detail = std::to_string(kMaxWaiting) +
                          " imports are waiting already; start this one when one has run."};
      throw ProblemException(std::move(p));
    }
    waiting_.push_back(job);
    jobs_.emplace(job->id, job);
    reply = ToJson(*job);
  }
  wake_.notify_all();
  return reply;
}

std::optional<Json> ImportJobs::Get(const std::string& id, const std::string& principal_id) const {
  std::lock_guard lock(mu_);
  const auto it = jobs_.find(id);
  if (it == jobs_.end() || it->second->owner != principal_id) return std::nullopt;
  if (it->second->finished_at && clock_->Now() - *it->second->finished_at > kKeepFinished) {
    return std::nullopt;
  }
  return ToJson(*it->second);
}

void ImportJobs::ForgetOld() {
  const auto now = clock_->Now();
  std::erase_if(jobs_, [&](const auto& entry) {
    return entry.second->finished_at && now - *entry.second->finished_at > kKeepFinished;
  });
}

void ImportJobs::Work() {
  pthread_setname_np(pthread_self(), "ccrm-imports");
  for (;;) {
    std::shared_ptr<Job> job;
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [&] { return stopping_ || !waiting_.empty(); });
      if (stopping_) return;
      job = std::move(waiting_.front());
      waiting_.pop_front();
      job->status = "running";
      job->started_at = clock_->Now();
    }
    Run(*job);
  }
}

void ImportJobs::Run(Job& job) {
  ImportOptions options = job.options;
  options.on_progress = [this, &job](const ImportProgress& progress) {
    std::lock_guard lock(mu_);
    if (stopping_) throw Stopped{};
    job.total_rows = progress.total_rows;
    job.rows_done = progress.rows_done;
    job.indexing = progress.indexing;
    job.report.created = progress.report.created;
    job.report.updated = progress.report.updated;
    job.report.skipped = progress.report.skipped;
    job.report.unchanged = progress.report.unchanged;
    job.error_count = static_cast<int64_t>(progress.report.errors.size());
  };
  std::string status = "done";
  std::optional<Json> problem;
  ImportReport report;
  try {
    report = importer_->Import(job.csv, options, job.caller);
  } catch (const Stopped&) {
    status = "failed";
    problem = Problem{.status = 503, .title = StatusTitle(503),
                      .detail = "The server stopped while the import ran; the batches written "
                                "before stay written. Import the file again (duplicates are "
                                "found)."}
                  .ToJson();
  } catch (const ProblemException& e) {
    status = "failed";
    problem = e.problem().ToJson();
  } catch (const std::exception& e) {
    spdlog::error("import job {} failed: {}", job.id, e.what());
    status = "failed";
    problem = Problem::Internal().ToJson();
  }
  std::lock_guard lock(mu_);
  job.status = status;
  job.problem = std::move(problem);
  job.indexing = false;
  if (status == "done") {
    job.rows_done = job.total_rows.value_or(job.rows_done);
    job.error_count = static_cast<int64_t>(report.errors.size());
    job.report = std::move(report);
  }
  job.finished_at = clock_->Now();
  std::string().swap(job.csv);
}

Json ImportJobs::ToJson(const Job& job) {
  const auto time_or_null = [](const auto& t) {
    return t ? Json(FormatRfc3339Millis(*t)) : Json(nullptr);
  };
  Json json = {{"id", job.id},
               {"status", job.status},
               {"dryRun", job.options.dry_run},
               {"totalRows", job.total_rows ? Json(*job.total_rows) : Json(nullptr)},
               {"rowsDone", job.rows_done},
               {"created", job.report.created},
               {"updated", job.report.updated},
               {"skipped", job.report.skipped},
               {"unchanged", job.report.unchanged},
               {"errorCount", job.error_count},
               {"indexing", job.indexing},
               {"createdAt", FormatRfc3339Millis(job.created_at)},
               {"startedAt", time_or_null(job.started_at)},
               {"finishedAt", time_or_null(job.finished_at)}};
  if (job.status == "done") json["errors"] = job.report.ToJson()["errors"];
  if (job.problem) json["problem"] = *job.problem;
  return json;
}

}  // namespace ccrm::leads
