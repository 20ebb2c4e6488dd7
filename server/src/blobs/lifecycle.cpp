#include "blobs/lifecycle.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>

namespace ccrm::blobs {
namespace {

constexpr int64_t kDayMillis = 24 * 60 * 60 * 1000;

void AuditAction(audit::AuditLog& audit, const storage::BlobInfo& object, const char* action,
                 Json changes) {
  audit.Append({.actor = "system",
                .action = action,
                .entity = "blob",
                .entity_id = object.bucket + "/" + object.key,
                .request_id = "lifecycle",
                .changes = std::move(changes)});
}

}  // namespace

Lifecycle::Lifecycle(storage::BlobStorePtr blobs, std::shared_ptr<audit::AuditLog> audit,
                     ClockPtr clock, std::vector<LifecycleRule> rules)
    : blobs_(std::move(blobs)),
      audit_(std::move(audit)),
      clock_(std::move(clock)),
      rules_(std::move(rules)) {
  const std::vector<std::string> buckets = blobs_ ? blobs_->Buckets() : std::vector<std::string>{};
  for (const LifecycleRule& rule : rules_) {
    if (std::find(buckets.begin(), buckets.end(), rule.bucket) == buckets.end()) {
      throw std::invalid_argument("lifecycle rule \"" + rule.text + "\": no bucket named " +
                                  rule.bucket);
    }
  }
}

void Lifecycle::SetExpiryHandler(const std::string& bucket, ExpiryHandler handler) {
  handlers_[bucket] = std::move(handler);
}

LifecycleReport Lifecycle::Run(bool dry_run) {
  LifecycleReport report;
  report.dry_run = dry_run;
  for (const LifecycleRule& rule : rules_) {
    std::string cursor;
    do {
      storage::BlobList page = blobs_->List(rule.bucket, rule.prefix, cursor, 1000);
      for (const storage::BlobInfo& object : page.items) {
        // Each object once, by the rule that governs it (the longest prefix).
        if (MatchLifecycleRule(rules_, object.bucket, object.key) != &rule) continue;
        ++report.examined;
        try {
          Apply(rule, object, dry_run, report);
        } catch (const std::exception& e) {
          ++report.failed;
          spdlog::warn("lifecycle: {}/{}: {} (the next run tries again)", object.bucket,
                       object.key, e.what());
        }
      }
      cursor = page.next_cursor.value_or("");
    } while (!cursor.empty());
  }
  return report;
}

void Lifecycle::Apply(const LifecycleRule& rule, const storage::BlobInfo& object, bool dry_run,
                      LifecycleReport& report) {
  const int64_t age_millis = clock_->NowMillis() - object.last_modified_ms;
  const LifecycleAction base{.bucket = object.bucket,
                             .key = object.key,
                             .action = "",
                             .age_days = age_millis / kDayMillis,
                             .rule = rule.text};
  if (rule.expire_days && age_millis >= *rule.expire_days * kDayMillis) {
    const auto handler = handlers_.find(object.bucket);
    const ExpiryOutcome outcome = handler == handlers_.end() ? ExpiryOutcome::kNotMine
                                                             : handler->second(object, dry_run);
    if (outcome == ExpiryOutcome::kHeld) {
      ++report.held;
      report.actions.push_back(base);
      report.actions.back().action = "held";
      return;
    }
    if (outcome == ExpiryOutcome::kNotMine && !dry_run) {
      if (!blobs_->Delete(object.bucket, object.key)) return;  // gone meanwhile
      AuditAction(*audit_, object, "blob.expire",
                  {{"object",
                    {{"old", {{"size", object.size}, {"sha256", object.sha256}}},
                     {"new", nullptr}}}});
    }
    ++report.expired;
    report.actions.push_back(base);
    report.actions.back().action = "expire";
    return;
  }
  if (rule.transition_days && object.tier == storage::kStandardTier &&
      age_millis >= *rule.transition_days * kDayMillis) {
    if (!dry_run) {
      if (!blobs_->ChangeTier(object.bucket, object.key, storage::kColdTier)) return;
      AuditAction(*audit_, object, "blob.transition",
                  {{"tier", {{"old", storage::kStandardTier}, {"new", storage::kColdTier}}}});
    }
    ++report.transitioned;
    report.actions.push_back(base);
    report.actions.back().action = "transition";
  }
}

}  // namespace ccrm::blobs
