// The stored-lead migrations over a real SQLite store: leads written before an attribute
// existed get it (and so their index entries), once, without a new version.
#include "leads/lead_data_migrations.hpp"

#include <gtest/gtest.h>

#include "leads/lead_store_test_fixture.hpp"
#include "leads/lead_tables.hpp"

namespace ccrm::leads {
namespace {

class LeadDataMigrationsTest : public LeadStoreTest {
 protected:
  int64_t CountAssigneeStatus(const std::string& assignee, const std::string& status) {
    return records_->Count({.table = kLeadsTable,
                            .index = "byAssigneeStatusUpdated",
                            .partition = AssigneeStatusKey(assignee, status)});
  }
  // Stores the lead as a server before the attribute did: without _assigneeStatus.
  void StoreAsBefore(const std::string& id) {
    Json item = *records_->Get(kLeadsTable, {id, ""});
    item.erase(kAssigneeStatusAttr);
    ASSERT_EQ(records_->Put(kLeadsTable, item), storage::WriteStatus::kOk);
  }
};

TEST_F(LeadDataMigrationsTest, OldLeadsGetTheAssigneeStatusAttributeOnce) {
  auto repository = MakeRepository();  // runs the migrations: the marker is written
  LeadService service(repository, LeadServiceOptions{}, SystemClock());
  const Json a = service.Create(
      {{"firstName", "Ann"}, {"lastName", "One"}, {"assignedTo", "usr_amy"}}, admin_);
  const Json b = service.Create(
      {{"firstName", "Abe"}, {"lastName", "Two"}, {"assignedTo", "usr_amy"}}, admin_);
  service.Create({{"firstName", "Ada"}, {"lastName", "Admin"}}, admin_);  // the creator's
  StoreAsBefore(a.at("id"));
  StoreAsBefore(b.at("id"));
  ASSERT_EQ(CountAssigneeStatus("usr_amy", "new"), 0);

  MigrateStoredLeads(*records_);  // recorded as done: nothing happens
  EXPECT_EQ(CountAssigneeStatus("usr_amy", "new"), 0);

  ASSERT_EQ(records_->Delete(kLeadMigrationsTable, {"assignee-status-index", ""}),
            storage::WriteStatus::kOk);
  std::vector<std::string> heard;
  MigrateStoredLeads(*records_, [&](const std::string& line) { heard.push_back(line); });
  EXPECT_EQ(CountAssigneeStatus("usr_amy", "new"), 2);
  EXPECT_EQ(heard, std::vector<std::string>{"assignee-status-index: 2 leads"});
  const Json stored = *records_->Get(kLeadsTable, {a.at("id"), ""});
  EXPECT_EQ(stored.at("version"), a.at("version"));  // not a new version of the lead
  EXPECT_EQ(LeadFromItem(stored), a);                // the public lead is unchanged
  EXPECT_EQ(CountAssigneeStatus("usr_admin", "new"), 1);  // had it already: not rewritten
  EXPECT_TRUE(records_->Get(kLeadMigrationsTable, {"assignee-status-index", ""}).has_value());
}

TEST_F(LeadDataMigrationsTest, OldLeadsGetTheStatusLossAttributeOnce) {
  auto repository = MakeRepository();
  LeadService service(repository, LeadServiceOptions{}, SystemClock());
  const Json hail = service.Create(
      {{"firstName", "Hal"}, {"lastName", "Hail"}, {"claim", {{"lossType", "hail"}}}}, admin_);
  service.Create({{"firstName", "Wes"}, {"lastName", "Wind"}, {"claim", {{"lossType", "wind"}}}}, admin_);
  service.Create({{"firstName", "Nat"}, {"lastName", "None"}}, admin_);
  const auto count = [&](const std::string& status, const std::string& loss) {
    return records_->Count({.table = kLeadsTable, .index = "byStatusLossUpdated",
                            .partition = StatusLossKey(status, loss)});
  };
  EXPECT_EQ(count("new", "hail"), 1);  // written with it
  Json item = *records_->Get(kLeadsTable, {hail.at("id"), ""});
  item.erase(kStatusLossAttr);
  ASSERT_EQ(records_->Put(kLeadsTable, item), storage::WriteStatus::kOk);
  ASSERT_EQ(count("new", "hail"), 0);
  ASSERT_EQ(records_->Delete(kLeadMigrationsTable, {"status-loss-index", ""}), storage::WriteStatus::kOk);
  MigrateStoredLeads(*records_);
  EXPECT_EQ(count("new", "hail"), 1);
  EXPECT_EQ(count("new", "wind"), 1);
  EXPECT_EQ(LeadFromItem(*records_->Get(kLeadsTable, {hail.at("id"), ""})), hail);
}

}  // namespace
}  // namespace ccrm::leads
