#include "leads/lead_snapshot_cache.hpp"

#include <functional>


namespace ccrm::leads {

LeadSnapshotPtr MakeLeadSnapshot(const Json& lead) {
  auto snapshot = std::make_shared<LeadSnapshot>();
  static_cast<LeadFacts&>(*snapshot) = LeadFactsOf(lead);
  snapshot->version = lead.value("version", int64_t{0});
  snapshot->json = lead.dump(-1, ' ', false, Json::error_handler_t::replace);
  return snapshot;
}

LeadSnapshotCache::LeadSnapshotCache(size_t capacity)
    : capacity_per_shard_(std::max<size_t>(1, capacity / kShards)) {}

LeadSnapshotCache::Shard& LeadSnapshotCache::ShardFor(const std::string& id) const {
  return shards_[std::hash<std::string>{}(id) % kShards];
}

LeadSnapshotPtr LeadSnapshotCache::Find(const std::string& id,
                                        std::optional<storage::CommitMark>* checked_at) const {
  Shard& shard = ShardFor(id);
  std::lock_guard lock(shard.mutex);
  const auto it = shard.entries.find(id);
  if (it == shard.entries.end()) return nullptr;
  if (checked_at) *checked_at = it->second.checked_at;
  return it->second.snapshot;
}

bool LeadSnapshotCache::Contains(const std::string& id) const {
  Shard& shard = ShardFor(id);
  std::lock_guard lock(shard.mutex);
  return shard.entries.contains(id);
}

void LeadSnapshotCache::Keep(const std::string& id, LeadSnapshotPtr snapshot,
                             std::optional<storage::CommitMark> checked_at) {
  Shard& shard = ShardFor(id);
  std::lock_guard lock(shard.mutex);
  auto& entries = shard.entries;
  if (const auto it = entries.find(id); it != entries.end()) {
    if (it->second.snapshot->version <= snapshot->version) {
      it->second = Entry{std::move(snapshot), checked_at};
    }
    return;
  }
  if (entries.size() >= capacity_per_shard_) {
    // Start from a different bucket each time: evicting the map's first element would always
    // take the most recently added lead (libstdc++ links new nodes at the front).
    const size_t buckets = entries.bucket_count();
    for (size_t i = 0; i < buckets; ++i) {
      const size_t bucket = (shard.next_victim + i) % buckets;
      if (entries.bucket_size(bucket) > 0) {
        entries.erase(std::string(entries.begin(bucket)->first));
        shard.next_victim = bucket + 1;
        break;
      }
    }
  }
  entries.emplace(id, Entry{std::move(snapshot), checked_at});
}

void LeadSnapshotCache::Forget(const std::string& id) {
  Shard& shard = ShardFor(id);
  std::lock_guard lock(shard.mutex);
  shard.entries.erase(id);
}

size_t LeadSnapshotCache::Size() const {
  size_t total = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    total += shard.entries.size();
  }
  return total;
}

}  // namespace ccrm::leads
