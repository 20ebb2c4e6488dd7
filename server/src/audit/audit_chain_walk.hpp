// One step at a time along the audit chain: the record-by-record checks Verify makes (and the
// audit_record fuzz target drives), apart from how records are read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "audit/audit_record.hpp"
#include "common/json.hpp"

namespace ccrm::audit {

struct ChainDefect {
  int64_t seq = 0;     // the record at fault (the expected seq when the record's own is unusable)
  std::string reason;  // as VerifyResult::reason
};

// Expects records 1, 2, 3… in order. Never throws for a malformed record: that is a defect.
class ChainWalk {
 public:
  // `chain_key` must outlive the walk.
  explicit ChainWalk(std::string_view chain_key) : chain_key_(chain_key) {}

  int64_t expected() const { return expected_; }
  int64_t checked() const { return expected_ - 1; }
  const std::string& last_hash() const { return last_hash_; }
  int64_t keyed_from() const { return keyed_from_; }

  // The defect of the next record, if any; otherwise advances past it.
  std::optional<ChainDefect> Check(const Json& record);

 private:
  std::string GapReason(const char* what) const;

  std::string_view chain_key_;
  int64_t expected_ = 1;
  std::string last_hash_ = kGenesisHash;
  int64_t keyed_from_ = 0;
};

}  // namespace ccrm::audit
