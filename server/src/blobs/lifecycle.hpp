// Lifecycle runs (S3 lifecycle's job, on our store): every object a rule governs moves to the
// cold tier once it is `transition` days old and is deleted once it is `expire` days old, each
// action audited. Objects belong to someone (a document, a call's recording): the owner of a
// bucket decides about each expiry — a lead under legal hold keeps its files — and removes the
// object together with its own record. A dry run reports what a run would do and does nothing.
//
// Runs are idempotent: a run cut short is finished by the next one, and two runs at once do
// each action once (a tier change and a delete are conditional on the object being unchanged).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "audit/audit_log.hpp"
#include "blobs/lifecycle_rule.hpp"
#include "common/clock.hpp"
#include "storage/blob_store.hpp"

namespace ccrm::blobs {

// What the owner of an expiring object did with it.
enum class ExpiryOutcome {
  kExpired,  // removed it with its own record (or, in a dry run, would)
  kHeld,     // must keep it: legal hold
  kNotMine,  // no record of its own names it: the run deletes the bare object
};
using ExpiryHandler =
    std::function<ExpiryOutcome(const storage::BlobInfo& object, bool dry_run)>;

struct LifecycleAction {
  std::string bucket;
  std::string key;
  std::string action;  // "transition", "expire", "held" (expiry due, kept for legal hold)
  int64_t age_days = 0;
  std::string rule;
};

struct LifecycleReport {
  bool dry_run = false;
  size_t examined = 0;
  size_t transitioned = 0;
  size_t expired = 0;
  size_t held = 0;
  size_t failed = 0;  // objects whose action failed (logged; the next run tries again)
  std::vector<LifecycleAction> actions;
};

class Lifecycle {
 public:
  // Throws std::invalid_argument for a rule on a bucket the store does not have.
  Lifecycle(storage::BlobStorePtr blobs, std::shared_ptr<audit::AuditLog> audit, ClockPtr clock,
            std::vector<LifecycleRule> rules);

  // The owner of `bucket`'s objects (at Open, before any run).
  void SetExpiryHandler(const std::string& bucket, ExpiryHandler handler);
  bool HasRules() const { return !rules_.empty(); }
  const std::vector<LifecycleRule>& rules() const { return rules_; }

  LifecycleReport Run(bool dry_run);

 private:
  void Apply(const LifecycleRule& rule, const storage::BlobInfo& object, bool dry_run,
             LifecycleReport& report);

  storage::BlobStorePtr blobs_;
  std::shared_ptr<audit::AuditLog> audit_;
  ClockPtr clock_;
  std::vector<LifecycleRule> rules_;
  std::map<std::string, ExpiryHandler, std::less<>> handlers_;
};

}  // namespace ccrm::blobs
