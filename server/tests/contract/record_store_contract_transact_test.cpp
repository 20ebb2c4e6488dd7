// RecordStore contract: TransactWrite (all or nothing, conditions, limits).
#include <stdexcept>

#include "record_store_contract.hpp"

namespace ccrm::storage::contract {
namespace {

using C = Condition;

TEST_P(RecordStoreContract, TransactionCommitsEveryAction) {
  const auto t = MakeLeads();
  const auto u = MakeUsers();
  store_->Put(t, Lead("L1", "P", {{"version", 3}}));
  store_->Put(t, Lead("L2", "P"));
  store_->Put(u, Json{{"id", "u1"}});
  const auto result = store_->TransactWrite({
      WriteAction::Put(t, Lead("L1", "P", {{"version", 4}}), C::VersionEquals(3)),
      WriteAction::Delete(t, {"L2", "P"}, C::Exists()),
      WriteAction::Put(t, Lead("L3", "P"), C::NotExists()),
      WriteAction::Check(u, {"u1", ""}, C::Exists()),
      WriteAction::Put(u, Json{{"id", "u2"}}),
  });
  EXPECT_TRUE(result.committed);
  EXPECT_EQ(result.failed_action, -1);
  EXPECT_EQ(store_->Get(t, {"L1", "P"}), Lead("L1", "P", {{"version", 4}}));
  EXPECT_EQ(store_->Get(t, {"L2", "P"}), std::nullopt);
  EXPECT_EQ(store_->Get(t, {"L3", "P"}), Lead("L3", "P"));
  EXPECT_EQ(store_->Get(u, {"u1", ""}), Json({{"id", "u1"}}));
  EXPECT_EQ(store_->Get(u, {"u2", ""}), Json({{"id", "u2"}}));
}

TEST_P(RecordStoreContract, TransactionIsAllOrNothing) {
  const auto t = MakeLeads();
  store_->Put(t, Lead("taken", "P", {{"version", 1}}));
  store_->Put(t, Lead("doomed", "P", {{"owner", "u"}, {"updated", "1"}}));
  std::vector<WriteAction> actions;
  for (int i = 0; i < RecordStore::kMaxTransactItems; ++i) {
    if (i == 57) {
      actions.push_back(
          WriteAction::Put(t, Lead("taken", "P", {{"version", 2}}), C::NotExists()));
    } else if (i == 80) {
      actions.push_back(WriteAction::Delete(t, {"doomed", "P"}));
    } else {
      actions.push_back(WriteAction::Put(
          t, Lead("new-" + std::to_string(i), "P", {{"owner", "u"}, {"updated", "2"}})));
    }
  }
  const auto result = store_->TransactWrite(actions);
  EXPECT_FALSE(result.committed);
  EXPECT_EQ(result.failed_action, 57);
  for (int i = 0; i < RecordStore::kMaxTransactItems; ++i) {
    if (i == 57 || i == 80) continue;
    EXPECT_EQ(store_->Get(t, {"new-" + std::to_string(i), "P"}), std::nullopt) << i;
  }
  EXPECT_EQ(store_->Get(t, {"taken", "P"}), Lead("taken", "P", {{"version", 1}}));
  EXPECT_TRUE(store_->Get(t, {"doomed", "P"}).has_value());
  const auto page = store_->Query({.table = t, .index = "byOwner", .partition = "u"});
  EXPECT_EQ(Values(page, "pk"), (std::vector<std::string>{"doomed"}));
}

TEST_P(RecordStoreContract, TransactionReportsTheFirstFailedCondition) {
  const auto t = MakeLeads();
  store_->Put(t, Lead("a", "P", {{"version", 1}}));
  const auto result = store_->TransactWrite({
      WriteAction::Put(t, Lead("b", "P")),
      WriteAction::Check(t, {"a", "P"}, C::VersionEquals(2)),
      WriteAction::Check(t, {"c", "P"}, C::Exists()),
  });
  EXPECT_FALSE(result.committed);
  EXPECT_EQ(result.failed_action, 1);
  EXPECT_EQ(store_->Get(t, {"b", "P"}), std::nullopt);
  EXPECT_THROW(store_->TransactWrite({WriteAction::Check(t, {"a", "P"}, C::None())}),
               std::invalid_argument);
}

TEST_P(RecordStoreContract, TransactionLimitsAndDuplicateKeys) {
  const auto t = MakeLeads();
  const auto u = MakeUsers();
  EXPECT_THROW(store_->TransactWrite({}), std::invalid_argument);
  std::vector<WriteAction> too_many;
  for (int i = 0; i <= store_->MaxTransactItems(); ++i) {
    too_many.push_back(WriteAction::Put(t, Lead("k" + std::to_string(i), "P")));
  }
  EXPECT_THROW(store_->TransactWrite(too_many), std::invalid_argument);
  EXPECT_EQ(store_->Get(t, {"k0", "P"}), std::nullopt);
  too_many.pop_back();
  EXPECT_TRUE(store_->TransactWrite(too_many).committed);
  EXPECT_GE(store_->MaxTransactItems(), RecordStore::kMaxTransactItems);
  const std::string last = "k" + std::to_string(store_->MaxTransactItems() - 1);
  EXPECT_EQ(store_->Query({.table = t, .partition = last}).items.size(), 1u);

  const std::vector<std::vector<WriteAction>> duplicates = {
      {WriteAction::Put(t, Lead("x", "P")), WriteAction::Put(t, Lead("x", "P", {{"a", 1}}))},
      {WriteAction::Put(t, Lead("x", "P")), WriteAction::Delete(t, {"x", "P"})},
      {WriteAction::Delete(t, {"x", "P"}), WriteAction::Check(t, {"x", "P"}, C::Exists())},
  };
  for (const auto& actions : duplicates) {
    EXPECT_THROW(store_->TransactWrite(actions), std::invalid_argument);
  }
  EXPECT_EQ(store_->Get(t, {"x", "P"}), std::nullopt);
  // The same key in two tables is two items.
  EXPECT_TRUE(store_->TransactWrite({WriteAction::Put(t, Lead("x", "P")),
                                     WriteAction::Put(u, Json{{"id", "x"}}),
                                     WriteAction::Put(t, Lead("x", "Q"))})
                  .committed);
  // Invalid items are caller errors too, before anything is written.
  EXPECT_THROW(store_->TransactWrite({WriteAction::Put(t, Lead("y", "P")),
                                      WriteAction::Put(t, Lead("", "P"))}),
               std::invalid_argument);
  EXPECT_EQ(store_->Get(t, {"y", "P"}), std::nullopt);
}

}  // namespace
}  // namespace ccrm::storage::contract
