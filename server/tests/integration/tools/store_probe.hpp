// What the kill -9 durability test and its store_writer share: how to open the RecordStore of a
// data dir exactly as `ccrm serve` does, and the table the writer fills.
#pragma once

#include <memory>
#include <string>

#include "app/config.hpp"
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

// Mirrors Application::Open() (server/src/app/application.cpp) with the default
// configuration, so the writer exercises the durability settings the server ships with.
inline ProbeStore OpenProbeStore(const std::string& data_dir) {
  const app::Config defaults;
  storage::sqlite::SqliteOptions options;
  options.path = data_dir + "/records.db";
  options.synchronous = defaults.storage.synchronous == "normal"
                            ? storage::sqlite::SqliteOptions::kNormal
                            : storage::sqlite::SqliteOptions::kFull;
  options.readers = defaults.storage.readers;
  ProbeStore probe;
  probe.db = storage::sqlite::SqliteDatabase::Open(options);
  probe.db->Migrate();
  probe.store = storage::sqlite::MakeSqliteRecordStore(probe.db);
  probe.store->EnsureTable(ProbeSchema());
  return probe;
}

}  // namespace ccrm::testing
