// RecordStore contract: items, conditions, validation, persistence, concurrency; and the
// backends that run the whole suite (queries and transactions are in the sibling files).
#include <atomic>
#include <stdexcept>
#include <thread>

#include "storage/sqlite/sqlite_database.hpp"
#include "storage/sqlite/sqlite_record_store.hpp"
#include "record_store_contract.hpp"

namespace ccrm::storage::contract {
namespace {

using C = Condition;

TEST_P(RecordStoreContract, PutThenGetRoundTrips) {
  const auto t = MakeLeads();
  const Json item = Lead("L1", "PROFILE", {{"name", "Ada"}, {"score", 4.5}, {"tags", {"a", "b"}},
                                          {"nested", {{"x", nullptr}, {"n", -3}}}});
  EXPECT_EQ(store_->Put(t, item), WriteStatus::kOk);
  EXPECT_EQ(store_->Get(t, {"L1", "PROFILE"}), item);
  EXPECT_EQ(store_->Get(t, {"L1", "OTHER"}), std::nullopt);
  EXPECT_EQ(store_->Get(t, {"L2", "PROFILE"}), std::nullopt);
}

TEST_P(RecordStoreContract, PutReplacesTheWholeItem) {
  const auto t = MakeLeads();
  store_->Put(t, Lead("L1", "P", {{"a", 1}, {"b", 2}}));
  store_->Put(t, Lead("L1", "P", {{"a", 3}}));
  EXPECT_EQ(store_->Get(t, {"L1", "P"}), Lead("L1", "P", {{"a", 3}}));
}

TEST_P(RecordStoreContract, DeleteRemovesAndDeletingNothingIsOk) {
  const auto t = MakeLeads();
  store_->Put(t, Lead("L1", "P"));
  EXPECT_EQ(store_->Delete(t, {"L1", "P"}), WriteStatus::kOk);
  EXPECT_EQ(store_->Get(t, {"L1", "P"}), std::nullopt);
  EXPECT_EQ(store_->Delete(t, {"L1", "P"}), WriteStatus::kOk);
}

TEST_P(RecordStoreContract, TableWithoutSortKey) {
  const auto t = MakeUsers();
  const Json user = {{"id", "u1"}, {"name", "Grace"}};
  EXPECT_EQ(store_->Put(t, user), WriteStatus::kOk);
  EXPECT_EQ(store_->Get(t, {"u1", ""}), user);
  EXPECT_THROW(store_->Get(t, {"u1", "x"}), std::invalid_argument);
  EXPECT_EQ(store_->Delete(t, {"u1", ""}), WriteStatus::kOk);
  EXPECT_EQ(store_->Get(t, {"u1", ""}), std::nullopt);
}

TEST_P(RecordStoreContract, ConditionNotExists) {
  const auto t = MakeLeads();
  EXPECT_EQ(store_->Put(t, Lead("L1", "P", {{"v", 1}}), C::NotExists()), WriteStatus::kOk);
  EXPECT_EQ(store_->Put(t, Lead("L1", "P", {{"v", 2}}), C::NotExists()),
            WriteStatus::kConditionFailed);
  EXPECT_EQ(store_->Get(t, {"L1", "P"}), Lead("L1", "P", {{"v", 1}}));
}

TEST_P(RecordStoreContract, ConditionExists) {
  const auto t = MakeLeads();
  EXPECT_EQ(store_->Put(t, Lead("L1", "P"), C::Exists()), WriteStatus::kConditionFailed);
  EXPECT_EQ(store_->Get(t, {"L1", "P"}), std::nullopt);
  store_->Put(t, Lead("L1", "P", {{"v", 1}}));
  EXPECT_EQ(store_->Put(t, Lead("L1", "P", {{"v", 2}}), C::Exists()), WriteStatus::kOk);
  EXPECT_EQ(store_->Get(t, {"L1", "P"}), Lead("L1", "P", {{"v", 2}}));
}

TEST_P(RecordStoreContract, ConditionVersionEquals) {
  const auto t = MakeLeads();
  // A missing item has no version to equal, whatever the expected value.
  EXPECT_EQ(store_->Put(t, Lead("L1", "P", {{"version", 1}}), C::VersionEquals(0)),
            WriteStatus::kConditionFailed);
  EXPECT_EQ(store_->Get(t, {"L1", "P"}), std::nullopt);

  store_->Put(t, Lead("L1", "P", {{"version", 1}, {"x", "a"}}));
  EXPECT_EQ(store_->Put(t, Lead("L1", "P", {{"version", 2}, {"x", "b"}}), C::VersionEquals(1)),
            WriteStatus::kOk);
  EXPECT_EQ(store_->Put(t, Lead("L1", "P", {{"version", 2}, {"x", "c"}}), C::VersionEquals(1)),
            WriteStatus::kConditionFailed);
  EXPECT_EQ(store_->Get(t, {"L1", "P"}), Lead("L1", "P", {{"version", 2}, {"x", "b"}}));

  // An item without a version never matches.
  store_->Put(t, Lead("L2", "P"));
  EXPECT_EQ(store_->Put(t, Lead("L2", "P", {{"version", 1}}), C::VersionEquals(0)),
            WriteStatus::kConditionFailed);
  EXPECT_EQ(store_->Get(t, {"L2", "P"}), Lead("L2", "P"));
}

TEST_P(RecordStoreContract, ConditionalDeletes) {
  const auto t = MakeLeads();
  store_->Put(t, Lead("L1", "P", {{"version", 7}}));
  EXPECT_EQ(store_->Delete(t, {"L1", "P"}, C::NotExists()), WriteStatus::kConditionFailed);
  EXPECT_EQ(store_->Delete(t, {"L1", "P"}, C::VersionEquals(6)), WriteStatus::kConditionFailed);
  EXPECT_EQ(store_->Delete(t, {"L2", "P"}, C::Exists()), WriteStatus::kConditionFailed);
  EXPECT_EQ(store_->Get(t, {"L1", "P"}), Lead("L1", "P", {{"version", 7}}));
  EXPECT_EQ(store_->Delete(t, {"L1", "P"}, C::VersionEquals(7)), WriteStatus::kOk);
  EXPECT_EQ(store_->Get(t, {"L1", "P"}), std::nullopt);
  store_->Put(t, Lead("L1", "P"));
  EXPECT_EQ(store_->Delete(t, {"L1", "P"}, C::Exists()), WriteStatus::kOk);
  EXPECT_EQ(store_->Get(t, {"L1", "P"}), std::nullopt);
}

TEST_P(RecordStoreContract, VersionIsAnIntegerWhenPresent) {
  const auto t = MakeLeads();
  EXPECT_THROW(store_->Put(t, Lead("L1", "P", {{"version", "1"}})), std::invalid_argument);
  EXPECT_THROW(store_->Put(t, Lead("L1", "P", {{"version", 1.5}})), std::invalid_argument);
  EXPECT_THROW(store_->Put(t, Lead("L1", "P", {{"version", true}})), std::invalid_argument);
  EXPECT_EQ(store_->Get(t, {"L1", "P"}), std::nullopt);
  EXPECT_EQ(store_->Put(t, Lead("L1", "P", {{"version", -4}})), WriteStatus::kOk);
  EXPECT_EQ(store_->Put(t, Lead("L1", "P", {{"version", -3}}), C::VersionEquals(-4)),
            WriteStatus::kOk);
}

TEST_P(RecordStoreContract, GetUnlessVersionSkipsAnItemTheCallerHas) {
  using S = VersionedGet::Status;
  const auto t = MakeLeads();
  EXPECT_EQ(store_->GetUnlessVersion(t, {"L1", "P"}, 1).status, S::kMissing);
  const Json v3 = Lead("L1", "P", {{"version", 3}, {"name", "Ada"}});
  store_->Put(t, v3);
  const auto same = store_->GetUnlessVersion(t, {"L1", "P"}, 3);
  EXPECT_EQ(same.status, S::kUnchanged);
  EXPECT_EQ(same.item, std::nullopt);
  const auto older = store_->GetUnlessVersion(t, {"L1", "P"}, 2);
  EXPECT_EQ(older.status, S::kChanged);
  EXPECT_EQ(older.item, v3);
  // Without a version attribute the item is never "unchanged".
  store_->Put(t, Lead("L2", "P", {{"name", "Bo"}}));
  const auto unversioned = store_->GetUnlessVersion(t, {"L2", "P"}, 0);
  EXPECT_EQ(unversioned.status, S::kChanged);
  EXPECT_EQ(unversioned.item, Lead("L2", "P", {{"name", "Bo"}}));
  EXPECT_THROW(store_->GetUnlessVersion(Table("missing"), {"L1", "P"}, 3), std::invalid_argument);
}

TEST_P(RecordStoreContract, KeyAttributesMustBeNonEmptyStrings) {
  const auto t = MakeLeads();
  EXPECT_THROW(store_->Put(t, Json{{"sk", "P"}}), std::invalid_argument);
  EXPECT_THROW(store_->Put(t, Json{{"pk", "L1"}}), std::invalid_argument);
  EXPECT_THROW(store_->Put(t, Lead("", "P")), std::invalid_argument);
  EXPECT_THROW(store_->Put(t, Lead("L1", "")), std::invalid_argument);
  EXPECT_THROW(store_->Put(t, Json{{"pk", 1}, {"sk", "P"}}), std::invalid_argument);
  EXPECT_THROW(store_->Put(t, Json::array({"pk", "sk"})), std::invalid_argument);
  EXPECT_THROW(store_->Get(t, {"", "P"}), std::invalid_argument);
  EXPECT_THROW(store_->Get(t, {"L1", ""}), std::invalid_argument);
  EXPECT_THROW(store_->Delete(t, {"", "P"}), std::invalid_argument);
}

TEST_P(RecordStoreContract, IndexKeyAttributesMustBeNonEmptyStringsWhenPresent) {
  const auto t = MakeLeads();
  EXPECT_THROW(store_->Put(t, Lead("L1", "P", {{"owner", 5}})), std::invalid_argument);
  EXPECT_THROW(store_->Put(t, Lead("L1", "P", {{"owner", ""}})), std::invalid_argument);
  EXPECT_THROW(store_->Put(t, Lead("L1", "P", {{"owner", "u"}, {"updated", 3}})),
               std::invalid_argument);
  EXPECT_EQ(store_->Get(t, {"L1", "P"}), std::nullopt);
  EXPECT_EQ(store_->Put(t, Lead("L1", "P", {{"owner", nullptr}})), WriteStatus::kOk);
}

TEST_P(RecordStoreContract, UnknownTableIsACallerError) {
  const std::string t = Table("missing");
  EXPECT_THROW(store_->Get(t, {"a", "b"}), std::invalid_argument);
  EXPECT_THROW(store_->Put(t, Lead("a", "b")), std::invalid_argument);
  EXPECT_THROW(store_->Delete(t, {"a", "b"}), std::invalid_argument);
  EXPECT_THROW(store_->Query({.table = t, .partition = "a"}), std::invalid_argument);
  EXPECT_THROW(store_->TransactWrite({WriteAction::Put(t, Lead("a", "b"))}),
               std::invalid_argument);
}

TEST_P(RecordStoreContract, TableAndIndexNamesFollowDynamoDbRules) {
  EXPECT_THROW(store_->EnsureTable({"ab", "pk", "", {}}), std::invalid_argument);
  EXPECT_THROW(store_->EnsureTable({"bad name", "pk", "", {}}), std::invalid_argument);
  EXPECT_THROW(store_->EnsureTable({"bad\"name", "pk", "", {}}), std::invalid_argument);
  EXPECT_THROW(store_->EnsureTable({std::string(256, 'a'), "pk", "", {}}), std::invalid_argument);
  EXPECT_THROW(store_->EnsureTable({Table("t"), "", "", {}}), std::invalid_argument);
  EXPECT_THROW(store_->EnsureTable({Table("t"), "pk", "", {{"ix", "a", ""}}}),
               std::invalid_argument);
  EXPECT_THROW(store_->EnsureTable({Table("t"), "pk", "", {{"idx", "a", ""}, {"idx", "b", ""}}}),
               std::invalid_argument);
  store_->EnsureTable({Table("Ok.name-1"), "pk", "", {{"by.x-1", "a", ""}}});
  EXPECT_EQ(store_->Put(Table("Ok.name-1"), Json{{"pk", "1"}, {"a", "x"}}), WriteStatus::kOk);
}

TEST_P(RecordStoreContract, EnsureTableIsIdempotentAndKeepsKeys) {
  const auto t = MakeLeads();
  store_->Put(t, Lead("L1", "P", {{"owner", "u1"}, {"updated", "1"}}));
  MakeLeads();
  EXPECT_EQ(store_->Get(t, {"L1", "P"}), Lead("L1", "P", {{"owner", "u1"}, {"updated", "1"}}));
  EXPECT_EQ(store_->Query({.table = t, .index = "byOwner", .partition = "u1"}).items.size(), 1u);
  EXPECT_THROW(store_->EnsureTable({t, "pk", "other", {}}), std::invalid_argument);
  EXPECT_THROW(store_->EnsureTable({t, "pk", "sk", {{"byOwner", "owner", "created"}}}),
               std::invalid_argument);
  // Leaving an index out of a later declaration does not drop it.
  store_->EnsureTable({t, "pk", "sk", {}});
  EXPECT_EQ(store_->Query({.table = t, .index = "byOwner", .partition = "u1"}).items.size(), 1u);
}

TEST_P(RecordStoreContract, LargeItemsRoundTrip) {
  const auto t = MakeLeads();
  Json item = Lead("L1", "P", {{"owner", "u"}, {"updated", "1"}});
  item["blob"] = std::string(RecordStore::kMaxItemBytes - 200, 'x');
  ASSERT_LE(item.dump().size(), RecordStore::kMaxItemBytes);
  EXPECT_EQ(store_->Put(t, item), WriteStatus::kOk);
  EXPECT_EQ(store_->Get(t, {"L1", "P"}), item);
  const auto page = store_->Query({.table = t, .index = "byOwner", .partition = "u"});
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0], item);
}

TEST_P(RecordStoreContract, ItemsOverTheSizeLimitAreRejected) {
  const auto t = MakeLeads();
  Json item = Lead("L1", "P");
  item["blob"] = std::string(RecordStore::kMaxItemBytes, 'x');
  EXPECT_THROW(store_->Put(t, item), std::invalid_argument);
  EXPECT_THROW(store_->TransactWrite({WriteAction::Put(t, item)}), std::invalid_argument);
  EXPECT_EQ(store_->Get(t, {"L1", "P"}), std::nullopt);
}

TEST_P(RecordStoreContract, UnicodeKeysAndValuesRoundTrip) {
  const auto t = MakeLeads();
  const std::vector<std::string> keys = {"Zoë", "日本語", "emoji 😀", "\xF4\x8F\xBF\xBF",
                                         "a\xC2\x80", "تست"};
  for (const auto& k : keys) {
    store_->Put(t, Lead(k, k, {{"text", "ünïcødé " + k}, {"owner", k}, {"updated", k}}));
  }
  for (const auto& k : keys) {
    const auto got = store_->Get(t, {k, k});
    ASSERT_TRUE(got.has_value()) << k;
    EXPECT_EQ(got->at("text"), "ünïcødé " + k);
    const auto page = store_->Query({.table = t, .index = "byOwner", .partition = k});
    ASSERT_EQ(page.items.size(), 1u) << k;
    EXPECT_EQ(page.items[0].at("pk"), k);
  }
}

TEST_P(RecordStoreContract, DataPersistsAcrossReopen) {
  const auto t = MakeLeads();
  for (int i = 0; i < 20; ++i) {
    store_->Put(t, Lead("L", "item-" + std::to_string(100 + i),
                        {{"owner", "u"}, {"updated", std::to_string(i)}, {"version", i}}));
  }
  Reopen();
  EXPECT_EQ(store_->Get(t, {"L", "item-105"}),
            Lead("L", "item-105", {{"owner", "u"}, {"updated", "5"}, {"version", 5}}));
  EXPECT_EQ(store_->Query({.table = t, .partition = "L", .limit = 100}).items.size(), 20u);
  EXPECT_EQ(store_->Query({.table = t, .index = "byOwner", .partition = "u", .limit = 100})
                .items.size(),
            20u);
  // The reopened store still knows the table: conditions and indexes keep working.
  EXPECT_EQ(store_->Put(t, Lead("L", "item-105", {{"version", 6}}), C::VersionEquals(5)),
            WriteStatus::kOk);
  MakeLeads();
}

TEST_P(RecordStoreContract, ConcurrentVersionIncrementsNeverLoseAWrite) {
  const auto t = MakeLeads();
  store_->Put(t, Lead("counter", "C", {{"version", 0}}));
  constexpr int kThreads = 8;
  constexpr int kAttempts = 40;
  std::atomic<int> successes{0};
  std::vector<std::thread> threads;
  for (int n = 0; n < kThreads; ++n) {
    threads.emplace_back([&] {
      for (int i = 0; i < kAttempts; ++i) {
        const auto current = store_->Get(t, {"counter", "C"});
        const int64_t v = current->at("version").get<int64_t>();
        if (store_->Put(t, Lead("counter", "C", {{"version", v + 1}}), C::VersionEquals(v)) ==
            WriteStatus::kOk) {
          ++successes;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_GT(successes.load(), 0);
  EXPECT_EQ(store_->Get(t, {"counter", "C"})->at("version").get<int64_t>(), successes.load());
}

TEST_P(RecordStoreContract, PingAnswers) { EXPECT_TRUE(store_->Ping()); }

RecordStorePtr MakeSqliteStore(const std::string& dir) {
  sqlite::SqliteOptions options;
  options.path = dir + "/records.db";
  return sqlite::MakeSqliteRecordStore(sqlite::SqliteDatabase::Open(options));
}

INSTANTIATE_TEST_SUITE_P(Sqlite, RecordStoreContract,
                         ::testing::Values(RecordStoreBackend{"sqlite", MakeSqliteStore}),
                         RecordStoreBackendName);

}  // namespace
}  // namespace ccrm::storage::contract
