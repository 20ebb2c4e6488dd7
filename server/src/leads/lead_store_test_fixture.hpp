// A lead repository over real SQLite files (records.db and search.db in a fresh directory),
// for the tests of the parts that sit between the service and the stores.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>

#include "common/scratch_dir.hpp"
#include "leads/lead_service.hpp"
#include "queue/job_dispatcher.hpp"
#include "queue/job_queue.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#include "storage/sqlite/sqlite_record_store.hpp"
#include "storage/sqlite/sqlite_search_index.hpp"

namespace ccrm::leads {

class LeadStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::sqlite::SqliteOptions options;
    options.path = (dir_ / "records.db").string();
    db_ = storage::sqlite::SqliteDatabase::Open(options);
    records_ = storage::sqlite::MakeSqliteRecordStore(db_);
    search_ = storage::sqlite::MakeSqliteSearchIndex((dir_ / "search.db").string());
    audit_ = std::make_shared<audit::AuditLog>(records_, SystemClock(), std::string(32, 'k'));
    audit_->EnsureTables();
    jobs_ = std::make_shared<queue::JobQueue>(records_, SystemClock());
    jobs_->EnsureTables();
  }
  void TearDown() override {
    search_.reset();
    records_.reset();
    db_.reset();
  }
  // A repository of its own (its own snapshot cache) over the shared stores, opened as the
  // leads module opens it: the search outbox's leftover jobs run first.
  std::shared_ptr<LeadRepository> MakeRepository() {
    auto repository =
        std::make_shared<LeadRepository>(records_, search_, audit_, jobs_, SystemClock());
    repository->EnsureTables();
    queue::JobDispatcher dispatcher(jobs_);
    repository->RegisterSearchJobs(dispatcher);
    dispatcher.Drain(kSearchIndexJob);
    return repository;
  }
  // The ids the search index finds for `text` among the leads.
  std::vector<std::string> SearchIds(const std::string& text) {
    storage::SearchQuery query;
    query.collection = kLeadSearchCollection;
    query.text = text;
    std::vector<std::string> ids;
    for (const auto& hit : search_->Search(query).hits) ids.push_back(hit.id);
    return ids;
  }

  const LeadCaller admin_{.principal = {.id = "usr_admin", .name = "admin", .groups = {"admin"}},
                          .ip = "127.0.0.1",
                          .request_id = "test"};
  const ccrm::testing::ScratchDir scratch_{"lead-store-test"};  // first: removed after the stores
  const std::filesystem::path& dir_ = scratch_.path();
  std::shared_ptr<storage::sqlite::SqliteDatabase> db_;
  storage::RecordStorePtr records_;
  storage::SearchIndexPtr search_;
  std::shared_ptr<audit::AuditLog> audit_;
  std::shared_ptr<queue::JobQueue> jobs_;
};

// With a repository and a service of their own, made before each test.
class LeadServiceStoreTest : public LeadStoreTest {
 protected:
  void SetUp() override {
    LeadStoreTest::SetUp();
    repository_ = MakeRepository();
    service_ = std::make_shared<LeadService>(repository_, LeadServiceOptions{}, SystemClock());
  }
  void TearDown() override {
    service_.reset();
    repository_.reset();
    LeadStoreTest::TearDown();
  }

  std::shared_ptr<LeadRepository> repository_;
  std::shared_ptr<LeadService> service_;
};

}  // namespace ccrm::leads
