// The importer and exporter over a real SQLite store: duplicates, dry runs, updates, row errors,
// and the round trip export -> import into an empty store reproducing the leads exactly.
#include "leads/lead_import.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>

#include "common/scratch_dir.hpp"
#include "leads/lead_export.hpp"
#include "leads/lead_queries.hpp"
#include "leads/lead_tables.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#include "storage/sqlite/sqlite_record_store.hpp"
#include "storage/sqlite/sqlite_search_index.hpp"

namespace ccrm::leads {
namespace {

// One store: records, search, audit, service, queries, importer.
struct Store {
  explicit Store(const std::filesystem::path& dir) {
    std::filesystem::create_directories(dir);
    storage::sqlite::SqliteOptions options;
    options.path = (dir / "records.db").string();
    options.synchronous = storage::sqlite::SqliteOptions::kNormal;
    db = storage::sqlite::SqliteDatabase::Open(options);
    records = storage::sqlite::MakeSqliteRecordStore(db);
    search = storage::sqlite::MakeSqliteSearchIndex((dir / "search.db").string());
    audit = std::make_shared<audit::AuditLog>(records, SystemClock(), std::string(32, 'k'));
    audit->EnsureTables();
    jobs = std::make_shared<queue::JobQueue>(records, SystemClock());
    jobs->EnsureTables();
    repository = std::make_shared<LeadRepository>(records, search, audit, jobs, SystemClock());
    repository->EnsureTables();
    LeadServiceOptions service_options;
    service_options.assignable = [](const std::string& id) {
      return id == "usr_agent" || id == "usr_admin";
    };
    service = std::make_shared<LeadService>(repository, service_options, SystemClock());
    queries = std::make_shared<LeadQueries>(repository, service, "US", SystemClock());
    importer = std::make_shared<LeadImporter>(
        service, [](std::string_view name) -> std::optional<std::string> {
          if (name == "agent.ann") return "usr_agent";
          if (name == "admin") return "usr_admin";
          return std::nullopt;
        });
  }

  std::string Export() {
    LeadListQuery query;
    query.limit = 3;  // several pages
    query.sort = "createdAt";
    LeadExporter exporter(queries, query, admin,
                          [](std::string_view id) -> std::optional<std::string> {
                            if (id == "usr_agent") return "agent.ann";
                            if (id == "usr_admin") return "admin";
                            return std::nullopt;
                          });
    std::string out;
    while (exporter.Next(out)) {
    }
    return out;
  }

  std::vector<Json> AllLeads() {
    LeadListQuery query;
    query.limit = 200;
    query.sort = "createdAt";
    return queries->List(query, admin).Leads().get<std::vector<Json>>();
  }

  LeadCaller admin{.principal = {.id = "usr_admin", .name = "admin", .groups = {"admin"}},
                   .ip = "127.0.0.1",
                   .request_id = "test"};
  std::shared_ptr<storage::sqlite::SqliteDatabase> db;
  storage::RecordStorePtr records;
  storage::SearchIndexPtr search;
  std::shared_ptr<audit::AuditLog> audit;
  std::shared_ptr<queue::JobQueue> jobs;
  std::shared_ptr<LeadRepository> repository;
  std::shared_ptr<LeadService> service;
  std::shared_ptr<LeadQueries> queries;
  std::shared_ptr<LeadImporter> importer;
};

class LeadImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::make_unique<Store>(dir_ / "a");
  }
  void TearDown() override { store_.reset(); }

  ImportReport Import(const std::string& csv, ImportOptions options = {}) {
    return store_->importer->Import(csv, options, store_->admin);
  }

  const ccrm::testing::ScratchDir scratch_{"import-test"};  // first: removed after the stores
  const std::filesystem::path& dir_ = scratch_.path();
  std::unique_ptr<Store> store_;
};

const char* kCsv =
    "\xEF\xBB\xBF"
    "firstName,LASTNAME,email,phone,phone2,city,tags,lossType,lossDescription,deductibleCents,"
    "feePercent,assignedTo\r\n"
    "Ann,Smith,ann@example.com,(512) 555-0134,,Austin,roof;vip,hail,,250000,12.5,agent.ann\r\n"
    "Bob,\"Jones, Jr.\",bob@example.com,512-555-0177,+44 20 7946 0958,Dallas,,wind,"
    "\"Roof, \"\"attic\"\"\nand garage\",,,\n"
    "Cleo,Park,,(713) 555-0101,,Houston,,,,,,\r\n";

TEST_F(LeadImportTest, CreatesThenSkipsOrLeavesUnchangedOnARerun) {
  const ImportReport first = Import(kCsv);
  EXPECT_EQ(first.created, 3);
  EXPECT_TRUE(first.errors.empty()) << first.ToJson();
  const auto leads = store_->AllLeads();
  ASSERT_EQ(leads.size(), 3u);
  EXPECT_EQ(leads[0]["assignedTo"], "usr_agent");
  EXPECT_EQ(leads[1]["lastName"], "Jones, Jr.");
  EXPECT_EQ(leads[1]["claim"]["lossDescription"], "Roof, \"attic\"\nand garage");
  EXPECT_EQ(leads[1]["phones"][1]["e164"], "+442079460958");
  EXPECT_EQ(leads[2]["assignedTo"], "usr_admin");  // a lead created is its creator's

  const ImportReport again = Import(kCsv);
  EXPECT_EQ(again.created, 0);
  EXPECT_EQ(again.skipped, 3);
  ImportOptions update;
  update.on_duplicate = ImportOptions::OnDuplicate::kUpdate;
  const ImportReport unchanged = Import(kCsv, update);
  EXPECT_EQ(unchanged.unchanged, 3);
  EXPECT_EQ(store_->AllLeads(), leads);  // nothing changed, not even versions
}

TEST_F(LeadImportTest, DuplicatesMatchByPhoneInAnyFormatAndUpdate) {
  Import(kCsv);
  ImportOptions update;
  update.on_duplicate = ImportOptions::OnDuplicate::kUpdate;
  const ImportReport report =
      Import("lastName,firstName,phone,source\nPark,Cleo,+1 713 555 0101,referral\n", update);
  EXPECT_EQ(report.updated, 1) << report.ToJson();
  const auto leads = store_->AllLeads();
  EXPECT_EQ(leads[2]["source"], "referral");
  EXPECT_EQ(leads[2]["version"], 2);
}

// Batches commit while the next one is prepared: rows that update a lead of an earlier batch
// (by email, across batch boundaries) must read it back only once that batch is written.
TEST_F(LeadImportTest, ManyBatchesWithDuplicatesAcrossThem) {
  constexpr int kLeads = 600;  // several batches of ~150 leads
  std::string csv = "firstName,lastName,email,city\n";
  for (int i = 0; i < kLeads; ++i) {
    csv += "F" + std::to_string(i) + ",L,lead" + std::to_string(i) + "@example.com,Austin\n";
  }
  // The same people again (duplicates by email), with a new city, interleaved with new leads.
  for (int i = 0; i < kLeads; i += 3) {
    csv += "F" + std::to_string(i) + ",L,lead" + std::to_string(i) + "@example.com,Dallas\n";
    csv += "N" + std::to_string(i) + ",L,new" + std::to_string(i) + "@example.com,Waco\n";
  }
  ImportOptions update;
  update.on_duplicate = ImportOptions::OnDuplicate::kUpdate;
  const ImportReport report = Import(csv, update);
  EXPECT_TRUE(report.errors.empty()) << report.ToJson();
  EXPECT_EQ(report.created, kLeads + kLeads / 3);
  EXPECT_EQ(report.updated, kLeads / 3);
  int dallas = 0;
  LeadListQuery query;
  query.limit = 1000;
  for (const Json& lead : store_->queries->List(query, store_->admin).items) {
    if (lead["address"].value("city", "") == "Dallas") {
      ++dallas;
      EXPECT_EQ(lead["version"], 2) << lead;
    }
  }
  EXPECT_EQ(dallas, kLeads / 3);
  const ImportReport again = Import(csv, update);
  EXPECT_EQ(again.created, 0);
  // Those 200 people flip to Austin and back to Dallas; everyone else is unchanged.
  EXPECT_EQ(again.updated, 2 * kLeads / 3);
  EXPECT_EQ(again.unchanged, kLeads);
  // The search index holds each lead's last version, though the two versions of the flipped
  // ones were committed in different batches and indexed later, together.
  const auto found = [&](const std::string& q) {
    LeadListQuery search;
    search.q = q;
    search.limit = 200;
    size_t count = 0;
    for (;;) {
      const LeadPage page = store_->queries->List(search, store_->admin);
      count += page.Leads().size();
      if (!page.next_cursor) return count;
      search.cursor = *page.next_cursor;
    }
  };
  EXPECT_EQ(found("dallas"), static_cast<size_t>(kLeads / 3));
  EXPECT_EQ(found("austin"), static_cast<size_t>(kLeads - kLeads / 3));
}

TEST_F(LeadImportTest, SettlingTheOutboxLeavesNothingToReindex) {
  ASSERT_EQ(Import(kCsv).created, 3);
  const storage::QueryRequest outbox{.table = queue::kJobsTable, .index = "byDue", .partition = "queued"};
  EXPECT_EQ(store_->records->Query(outbox).items.size(), 1u);  // the last commit's job
  store_->repository->SettleSearchOutbox();
  EXPECT_TRUE(store_->records->Query(outbox).items.empty());
  LeadListQuery smith;
  smith.q = "smith";
  EXPECT_EQ(store_->queries->List(smith, store_->admin).Leads().size(), 1u);
}

TEST_F(LeadImportTest, ReindexRebuildsTheSearchIndexFromTheRecords) {
  ASSERT_EQ(Import(kCsv).created, 3);
  const auto leads = store_->AllLeads();
  const std::string ann = leads[0]["id"];
  // The index lost a lead and holds one that does not exist.
  store_->search->Remove(kLeadSearchCollection, ann);
  storage::SearchDocument ghost;
  ghost.id = "lead_01JD7Q8Z3M4N5P6R7S8T9V0W1X";
  ghost.text["name"] = "Ghost Smith";
  ghost.filters = {{"status", "new"}, {"assignedTo", ""}, {"lossType", ""}};
  store_->search->Upsert(kLeadSearchCollection, ghost);
  const auto search = [&](const std::string& q) {
    LeadListQuery query;
    query.q = q;
    std::vector<std::string> ids;
    for (const Json& lead : store_->queries->List(query, store_->admin).Leads()) {
      ids.push_back(lead["id"]);
    }
    return ids;
  };
  ASSERT_TRUE(search("ann").empty());

  const LeadRepository::ReindexReport report = store_->repository->ReindexAll();
  EXPECT_EQ(report.indexed, 3);
  EXPECT_EQ(report.removed, 1);
  EXPECT_EQ(search("ann"), std::vector<std::string>{ann});
  storage::SearchQuery all;
  all.collection = kLeadSearchCollection;
  EXPECT_EQ(store_->search->Search(all).hits.size(), 3u);  // the ghost is gone
}

TEST_F(LeadImportTest, DryRunWritesNothing) {
  ImportOptions dry;
  dry.dry_run = true;
  const ImportReport report = Import(kCsv, dry);
  EXPECT_EQ(report.created, 3);
  EXPECT_TRUE(report.dry_run);
  EXPECT_TRUE(store_->AllLeads().empty());
}

TEST_F(LeadImportTest, BadRowsAreReportedWithTheirColumnAndGoodRowsWritten) {
  const ImportReport report = Import(
      "firstName,lastName,phone,deductibleCents,feePercent,legalHold,assignedTo,status\n"
      "Ann,Smith,(512) 555-0134,250000,10,false,,new\n"
      ",Smith,call me,-5,12.345,maybe,nobody,claim_filed\n"
      "Dee,\"unclosed\n");
  EXPECT_EQ(report.created, 1);
  std::set<std::string> row3;
  for (const auto& e : report.errors) {
    if (e.row == 3) row3.insert(e.field);
  }
  for (const char* column :
       {"firstName", "phone", "deductibleCents", "feePercent", "legalHold", "assignedTo"}) {
    EXPECT_TRUE(row3.contains(column)) << column << " in " << report.ToJson();
  }
  bool unclosed = false;
  for (const auto& e : report.errors) unclosed |= e.row == 4;
  EXPECT_TRUE(unclosed) << report.ToJson();
  EXPECT_EQ(store_->AllLeads().size(), 1u);
}

TEST_F(LeadImportTest, AStageGatedStatusIsARowError) {
  const ImportReport report = Import("firstName,lastName,status\nAnn,Smith,settled\n");
  ASSERT_EQ(report.errors.size(), 1u) << report.ToJson();
  EXPECT_EQ(report.errors[0].field, "status");
}

TEST_F(LeadImportTest, UnreadableFilesAreProblems) {
  EXPECT_THROW(Import(""), ProblemException);
  EXPECT_THROW(Import("color,size\nred,1\n"), ProblemException);
  EXPECT_THROW(Import("firstName,FIRSTNAME\nA,B\n"), ProblemException);
  ImportOptions small;
  small.max_rows = 2;
  try {
    Import("firstName,lastName\na,b\nc,d\ne,f\n", small);
    FAIL() << "expected 413";
  } catch (const ProblemException& e) {
    EXPECT_EQ(e.problem().status, 413);
  }
}

TEST_F(LeadImportTest, CreatedAtIsCheckedAndStoredInUtcAndUpdatedAtIsTheImportsTime) {
  const std::string started = FormatRfc3339Millis(std::chrono::system_clock::now());
  const ImportReport report = Import(
      "firstName,lastName,createdAt,updatedAt\n"
      "Garb,Age,notadate,9999-99-99T99:99:99Z\n"
      "Feb,Thirty,2026-02-30T00:00:00Z,\n"
      "Off,Set,2030-01-01T00:00:00+05:00,2030-01-01T00:00:00+05:00\n"
      "Old,Claim,2024-06-01T09:30:00-05:00,2000-01-01T00:00:00Z\n");
  EXPECT_EQ(report.created, 1) << report.ToJson();
  ASSERT_EQ(report.errors.size(), 3u) << report.ToJson();
  for (const auto& error : report.errors) EXPECT_EQ(error.field, "createdAt");
  EXPECT_NE(report.errors[0].message.find("RFC 3339"), std::string::npos);
  EXPECT_NE(report.errors[1].message.find("RFC 3339"), std::string::npos);  // no 30 February
  EXPECT_NE(report.errors[2].message.find("future"), std::string::npos);
  const auto leads = store_->AllLeads();
  ASSERT_EQ(leads.size(), 1u);
  EXPECT_EQ(leads[0]["createdAt"], "2024-06-01T14:30:00.000Z");
  // Not the file's 2000-01-01: the write happened now, and a sync by updatedSince must see it.
  EXPECT_GE(leads[0]["updatedAt"].get<std::string>(), started);
}

TEST_F(LeadImportTest, AnUnreadableHeaderNamesItsFault) {
  std::string wide = "firstName,lastName";
  for (int i = 0; i < 250; ++i) wide += ",extra" + std::to_string(i);
  std::string repeated = "firstName,lastName";
  for (int i = 0; i < 300; ++i) repeated += ",city";
  for (const std::string& header : {wide, repeated}) {
    try {
      Import(header + "\nAnn,Smith\n");
      FAIL() << "expected a problem";
    } catch (const ProblemException& e) {
      EXPECT_EQ(e.problem().status, 400);
      EXPECT_NE(e.problem().detail.find("more than 200 fields"), std::string::npos)
          << e.problem().detail;
      ASSERT_FALSE(e.problem().errors.empty());
      EXPECT_EQ(e.problem().errors[0].field, "header");
    }
  }
  try {
    Import("firstName,lastName,city,City\nAnn,Smith,A,B\n");
    FAIL() << "expected a problem";
  } catch (const ProblemException& e) {
    ASSERT_EQ(e.problem().errors.size(), 1u);
    EXPECT_EQ(e.problem().errors[0].field, "city");
    EXPECT_NE(e.problem().errors[0].message.find("more than once"), std::string::npos);
  }
}

TEST_F(LeadImportTest, ExportImportsIntoAnEmptyStoreExactly) {
  Import(kCsv);
  // Formula-looking values survive the trip (neutralised in the file, restored on import).
  const auto leads = store_->AllLeads();
  store_->service->Patch(leads[2]["id"], {{"source", "=HYPERLINK(\"http://x\",\"y\")"}},
                         std::nullopt, store_->admin);
  const auto before = store_->AllLeads();
  const std::string csv = store_->Export();
  EXPECT_NE(csv.find("'=HYPERLINK"), std::string::npos) << "export must neutralise formulas";

  Store empty(dir_ / "b");
  const ImportReport report = empty.importer->Import(csv, {}, empty.admin);
  EXPECT_EQ(report.created, 3) << report.ToJson();
  const auto after = empty.AllLeads();
  ASSERT_EQ(after.size(), before.size());
  for (size_t i = 0; i < before.size(); ++i) {
    Json a = before[i];
    Json b = after[i];
    // Bookkeeping an import does not carry: who created it, how many edits it went through,
    // and when it was last written (the import itself, so updatedSince finds it).
    for (Json* j : {&a, &b}) {
      j->erase("createdBy");
      j->erase("version");
      j->erase("updatedAt");
    }
    EXPECT_EQ(a, b);
    EXPECT_GE(after[i]["updatedAt"].get<std::string>(), before[i]["updatedAt"].get<std::string>());
  }
}

}  // namespace
}  // namespace ccrm::leads

namespace ccrm::leads {
namespace {

std::string NumberedRows(int count) {
  std::string csv = "firstName,lastName,email\n";
  for (int i = 0; i < count; ++i) {
    csv += "P" + std::to_string(i) + ",Row,p" + std::to_string(i) + "@example.com\n";
  }
  return csv;
}

TEST_F(LeadImportTest, ReportsProgressAsRowsAreCheckedAndWritten) {
  std::vector<std::pair<int64_t, bool>> seen;  // rows done, indexing
  int64_t last_created = -1;
  ImportOptions options;
  options.on_progress = [&](const ImportProgress& p) {
    EXPECT_EQ(p.total_rows, 1000);
    if (!seen.empty()) {
      EXPECT_GE(p.rows_done, seen.back().first);
    }
    EXPECT_GE(p.report.created, last_created);
    last_created = p.report.created;
    seen.emplace_back(p.rows_done, p.indexing);
  };
  const ImportReport report = Import(NumberedRows(1000), options);
  EXPECT_EQ(report.created, 1000);
  // Once read, every kProgressRows rows, then once written.
  ASSERT_EQ(seen.size(), 1u + 1000 / ImportOptions::kProgressRows + 1u);
  EXPECT_EQ(seen.front(), std::make_pair(int64_t{0}, false));
  EXPECT_EQ(seen.back(), std::make_pair(int64_t{1000}, true));
  EXPECT_EQ(last_created, 1000);  // everything committed before "indexing"
}

TEST_F(LeadImportTest, AProgressCallbackThatThrowsStopsBetweenRowsKeepingWhatWasWritten) {
  struct Stop {};
  ImportOptions options;
  options.on_progress = [](const ImportProgress& p) {
    if (p.rows_done >= 500) throw Stop{};
  };
  EXPECT_THROW(Import(NumberedRows(2000), options), Stop);
  // Batches committed before the stop stay whole; no row after the stop is written.
  const int64_t written = store_->repository->Count(
      {.table = kLeadsTable, .index = "byLiveCreated", .partition = "1"});
  EXPECT_LE(written, 500);
  for (const Json& lead : store_->AllLeads()) {
    EXPECT_LT(std::stoi(lead["firstName"].get<std::string>().substr(1)), written) << lead;
  }
}

}  // namespace
}  // namespace ccrm::leads
