// What the kill -9 durability test and its store_writer share: how to open the RecordStore of a
// data dir exactly as `ccrm serve` does, and the table the writer fills.
#pragma once

#include <memory>
#include <string>

#include "storage/record_store.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#include "storage/sqlite/sqlite_record_store.hpp"

namespace ccrm::testing {

inline constexpr const char* kProbeTable = "durability_probe";

inline storage::TableSchema ProbeSchema() { return {kProbeTable, "id", "", {}}; }

inline std::string ProbeId(const std::string& tag, long n) { return tag + "-" + std::to_string(n); }

struct ProbeStore {
  std::shared_ptr<storage::sqlite::SqliteDatabase> db;
  storage::RecordStorePtr store;
};

// Mirrors the server's storage wiring with the default configuration (synchronous = full).
inline ProbeStore OpenProbeStore(const std::string& data_dir) {
  storage::sqlite::SqliteOptions options;
  options.path = data_dir + "/ccrm.db";
  options.synchronous = storage::sqlite::SqliteOptions::kFull;
  ProbeStore probe;
  probe.db = storage::sqlite::SqliteDatabase::Open(options);
  probe.store = storage::sqlite::MakeSqliteRecordStore(probe.db);
  probe.store->EnsureTable(ProbeSchema());
  return probe;
}

}  // namespace ccrm::testing
