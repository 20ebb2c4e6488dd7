// A lifecycle rule (S3 lifecycle's job): objects of a bucket under a key prefix move to the
// cold tier after N days and expire after M days. Configured as one line each
// (lifecycle.rules): "BUCKET[/PREFIX] [transition=DAYS] [expire=DAYS]".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ccrm::blobs {

struct LifecycleRule {
  std::string bucket;
  std::string prefix;                  // "" = the whole bucket
  std::optional<int> transition_days;  // to the cold tier, this many days after it was written
  std::optional<int> expire_days;      // deleted this many days after it was written
  std::string text;                    // as configured, for reports and logs
};

// Throws std::invalid_argument saying what is wrong: no bucket, an unknown or repeated
// setting, days outside 0..36500, neither action, or an expiry before the transition.
LifecycleRule ParseLifecycleRule(std::string_view text);

// The rule that governs `key` of `bucket`: the one with the longest matching prefix; null when
// none matches.
const LifecycleRule* MatchLifecycleRule(const std::vector<LifecycleRule>& rules,
                                        std::string_view bucket, std::string_view key);

}  // namespace ccrm::blobs
