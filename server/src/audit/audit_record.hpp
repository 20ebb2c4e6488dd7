// The stored shape of the audit trail (tables, keys, canonical hash) that AuditLog writes and
// Verify re-checks: one definition so the two can never disagree.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/json.hpp"
#include "storage/record_store.hpp"

namespace ccrm::audit {

inline constexpr const char* kAuditTable = "audit";
inline constexpr const char* kHeadTable = "audit_head";
inline constexpr const char* kStream = "audit";
inline constexpr const char* kByEntityIndex = "byEntity";
inline constexpr const char* kByActorIndex = "byActor";
// prevHash of record 1: the chain has to start from a value nobody can choose.
inline constexpr const char* kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

storage::TableSchema AuditTableSchema();
storage::TableSchema HeadTableSchema();

// Sequence numbers are sort keys, which are strings: zero-padded to 20 digits so that string
// order is numeric order.
std::string PadSeq(int64_t seq);
// The number of a padded (or plain) decimal seq; nullopt unless it is 1..10^19-1.
std::optional<int64_t> ParseSeq(std::string_view text);
// How byEntity partitions its records.
std::string EntityKey(std::string_view entity, std::string_view entity_id);

// SHA-256 hex over the record's canonical form: every attribute except "hash", serialized by
// nlohmann (object keys sorted, no whitespace). Stored items parse back to the same text.
std::string RecordHash(const Json& record);

}  // namespace ccrm::audit
