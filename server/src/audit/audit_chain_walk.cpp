#include "audit/audit_chain_walk.hpp"

#include <stdexcept>

#include "audit/audit_record.hpp"
#include "crypto/constant_time.hpp"

namespace ccrm::audit {

std::optional<ChainDefect> ChainWalk::Check(const Json& record) {
  const std::string* seq_text = StringAttribute(record, "seq");
  const std::string* hash = StringAttribute(record, "hash");
  const std::string* prev = StringAttribute(record, "prevHash");
  if (!seq_text || !hash || !prev) {
    return ChainDefect{expected_, "malformed record: seq, hash or prevHash missing"};
  }
  const auto seq = ParseSeq(*seq_text);
  if (!seq) return ChainDefect{expected_, "malformed record: bad seq '" + *seq_text + "'"};
  if (*seq > expected_) return ChainDefect{expected_, GapReason("gap after")};
  if (*seq < expected_) return ChainDefect{expected_, GapReason("out of order after")};
  bool keyed = false;
  try {
    keyed = IsKeyedRecord(record);
  } catch (const std::invalid_argument&) {
    return ChainDefect{*seq, "malformed record: unknown chain kind"};
  }
  if (keyed) {
    if (!crypto::ConstantTimeEquals(RecordMac(record, chain_key_), *hash)) {
      return ChainDefect{*seq, "MAC mismatch (the record was changed, or this is not its master.key)"};
    }
  } else {
    if (keyed_from_ != 0) {
      return ChainDefect{*seq, "unkeyed record after the chain was keyed at " +
                                   std::to_string(keyed_from_)};
    }
    if (RecordHash(record) != *hash) return ChainDefect{*seq, "hash mismatch"};
  }
  if (*prev != last_hash_) {
    return ChainDefect{*seq, *seq == 1 ? std::string("prevHash is not the genesis hash")
                                       : "prevHash does not match record " +
                                             std::to_string(*seq - 1)};
  }
  if (keyed && keyed_from_ == 0) keyed_from_ = *seq;
  last_hash_ = *hash;
  ++expected_;
  return std::nullopt;
}

std::string ChainWalk::GapReason(const char* what) const {
  return std::string(what) + " " + std::to_string(expected_ - 1);
}

}  // namespace ccrm::audit
