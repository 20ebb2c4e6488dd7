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
// The string member `name` of a stored record or head, or nullptr (not an object, no such
// member, or not a string): stored items are read as untrusted.
const std::string* StringAttribute(const Json& item, const char* name);
// How byEntity partitions its records.
std::string EntityKey(std::string_view entity, std::string_view entity_id);

// The chain's links. A record's "hash" is computed over its canonical form: every attribute
// except "hash", serialized by nlohmann (object keys sorted, no whitespace; stored items parse
// back to the same text), and that includes "prevHash", which links it to the record before.
//  - Keyed records (attribute "chain": "hmac-sha256", every record written since keying):
//    hex HMAC-SHA256 under the chain key, which is derived from master.key. Whoever can write
//    the records but lacks the key cannot make a rewritten record link up again.
//  - Unkeyed records (no "chain"; trails written before keying): plain SHA-256 hex. They may
//    only come before the first keyed record, whose MAC covers the last unkeyed hash: the keyed
//    anchor that freezes them.
inline constexpr const char* kKeyedChain = "hmac-sha256";
inline constexpr size_t kChainKeySize = 32;
// What MasterKey::DeriveKey is asked for to get the chain key.
inline constexpr const char* kChainKeyPurpose = "ccrm audit chain v1";

// SHA-256 hex of the canonical form: the link of an unkeyed record.
std::string RecordHash(const Json& record);
// HMAC-SHA256 hex of the canonical form under `chain_key`: the link of a keyed record.
std::string RecordMac(const Json& record, std::string_view chain_key);
// Whether the record claims to be keyed; std::invalid_argument for a "chain" we do not know.
bool IsKeyedRecord(const Json& record);
// The MAC that binds the chain head (its seq, hash and where keying began) to the key, so the
// head cannot be rolled back to an earlier one or moved without it.
std::string HeadMac(int64_t seq, std::string_view hash, int64_t keyed_from,
                    std::string_view chain_key);

}  // namespace ccrm::audit
