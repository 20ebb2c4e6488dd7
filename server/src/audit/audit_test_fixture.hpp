// Test support for the audit module: an AuditLog over a real SQLite store in a temp dir, a
// settable clock, and raw SQL on records.db for the tampering tests.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "audit/audit_log.hpp"
#include "common/clock.hpp"
#include "common/fake_clock.hpp"
#include "common/scratch_dir.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#include "storage/sqlite/sqlite_record_store.hpp"

namespace ccrm::audit::testing {

using ccrm::testing::FakeClock;

inline std::chrono::system_clock::time_point Time(const char* rfc3339) {
  return *ParseRfc3339(rfc3339);
}

class AuditStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::sqlite::SqliteOptions options;
    options.path = (dir_ / "records.db").string();
    options.synchronous = storage::sqlite::SqliteOptions::kNormal;  // tests need no fsync
    db_ = storage::sqlite::SqliteDatabase::Open(options);
    store_ = storage::sqlite::MakeSqliteRecordStore(db_);
    clock_ = std::make_shared<FakeClock>(Time("2026-01-15T10:00:00Z"));
    log_ = std::make_shared<AuditLog>(store_, clock_, chain_key_);
    log_->EnsureTables();
  }

  void TearDown() override {
    log_.reset();
    store_.reset();
    if (db_) db_->Close();
    db_.reset();
  }

  // Runs SQL on records.db through a connection of its own, as someone with file access would.
  void Sql(const std::string& sql) {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open((dir_ / "records.db").string().c_str(), &raw), SQLITE_OK);
    sqlite3_busy_timeout(raw, 5000);
    char* error = nullptr;
    const int rc = sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, &error);
    const std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(raw);
    ASSERT_EQ(rc, SQLITE_OK) << sql << ": " << message;
  }

  AuditEvent Event(std::string action, std::string entity = "user",
                   std::string entity_id = "usr_1", std::string actor = "usr_admin") {
    AuditEvent e;
    e.actor = std::move(actor);
    e.action = std::move(action);
    e.entity = std::move(entity);
    e.entity_id = std::move(entity_id);
    e.request_id = "req-1";
    e.ip = "192.0.2.1";
    return e;
  }

  const ::ccrm::testing::ScratchDir scratch_{"audit-test"};  // before db_: removed after it
  const std::filesystem::path& dir_ = scratch_.path();
  std::shared_ptr<storage::sqlite::SqliteDatabase> db_;
  storage::RecordStorePtr store_;
  std::shared_ptr<FakeClock> clock_;
  // What master.key would derive; fixed so a test can also compute MACs with another one.
  const std::string chain_key_ = std::string(32, '\x5a');
  std::shared_ptr<AuditLog> log_;
};

}  // namespace ccrm::audit::testing
