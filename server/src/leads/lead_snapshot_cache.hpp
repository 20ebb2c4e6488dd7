// Recently read leads in their serialized API form, so that GET /leads/{id} (and a search that
// finds the lead) of a lead whose stored version has not moved neither parses the stored item
// nor serializes the reply.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "common/json.hpp"
#include "leads/lead_facts.hpp"
#include "storage/record_store.hpp"

namespace ccrm::leads {

// What a read of one lead needs: the facts access checks and list filters decide on, and the
// reply's bytes.
struct LeadSnapshot : LeadFacts {
  int64_t version = 0;
  std::string json;  // the public lead, serialized
};
using LeadSnapshotPtr = std::shared_ptr<const LeadSnapshot>;

LeadSnapshotPtr MakeLeadSnapshot(const Json& lead);

// A bounded map of lead id → snapshot. It never decides freshness: the repository checks each
// hit against the stored version (RecordStore::GetUnlessVersion) before using it, so an entry
// left behind by a write of another process or a racing read is only ever a miss. An entry
// may carry the store's commit mark read before its last check: while the store's mark is
// still that one, nothing was committed since and the check need not be made again. When a
// shard is full a pseudo-random entry makes room. Thread-safe.
class LeadSnapshotCache {
 public:
  explicit LeadSnapshotCache(size_t capacity = kDefaultCapacity);

  // The snapshot of `id`, and in `checked_at` (when given) the mark it was last checked at.
  LeadSnapshotPtr Find(const std::string& id,
                       std::optional<storage::CommitMark>* checked_at = nullptr) const;
  bool Contains(const std::string& id) const;
  // Keeps `snapshot`, found current at `checked_at`, unless a newer version of the lead is
  // already kept.
  void Keep(const std::string& id, LeadSnapshotPtr snapshot,
            std::optional<storage::CommitMark> checked_at = std::nullopt);
  void Forget(const std::string& id);
  size_t Size() const;

  // ~8,000 leads of ~1 KiB: the leads a busy office works on in a day, in ~10 MiB.
  static constexpr size_t kDefaultCapacity = 8192;

 private:
  struct Entry {
    LeadSnapshotPtr snapshot;
    std::optional<storage::CommitMark> checked_at;
  };
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, Entry> entries;
    size_t next_victim = 0;
  };
  static constexpr size_t kShards = 16;

  Shard& ShardFor(const std::string& id) const;

  size_t capacity_per_shard_;
  mutable std::array<Shard, kShards> shards_;
};

}  // namespace ccrm::leads
