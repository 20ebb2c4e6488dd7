#include "storage/timed_record_store.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "storage/mock_record_store.hpp"

namespace ccrm::storage {
namespace {

using ::testing::_;
using ::testing::Return;
using ::testing::Throw;

TEST(TimedRecordStoreTest, ReportsEachOperationAndPassesResultsThrough) {
  auto inner = std::make_shared<MockRecordStore>();
  std::vector<std::string> seen;
  auto store = MakeTimedRecordStore(
      inner, [&](std::string_view op, std::chrono::nanoseconds d) {
        EXPECT_GE(d.count(), 0);
        seen.emplace_back(op);
      });
  EXPECT_CALL(*inner, Get("t", _)).WillOnce(Return(Json{{"pk", "a"}}));
  EXPECT_CALL(*inner, Put("t", _, _)).WillOnce(Return(WriteStatus::kConditionFailed));
  EXPECT_EQ((*store->Get("t", {"a", ""}))["pk"], "a");
  EXPECT_EQ(store->Put("t", Json::object(), Condition::NotExists()), WriteStatus::kConditionFailed);
  EXPECT_EQ(seen, (std::vector<std::string>{"get", "put"}));
}

// The mock keeps RecordStore's own GetUnlessVersion, which reads the item whole through Get.
TEST(TimedRecordStoreTest, GetUnlessVersionIsTimedAndDefaultsToAWholeRead) {
  auto inner = std::make_shared<MockRecordStore>();
  std::vector<std::string> seen;
  auto store = MakeTimedRecordStore(
      inner, [&](std::string_view op, std::chrono::nanoseconds) { seen.emplace_back(op); });
  const Json v2 = {{"pk", "a"}, {"version", 2}};
  EXPECT_CALL(*inner, Get("t", _))
      .WillOnce(Return(v2))
      .WillOnce(Return(v2))
      .WillOnce(Return(std::nullopt));
  EXPECT_EQ(store->GetUnlessVersion("t", {"a", ""}, 2).status, VersionedGet::Status::kUnchanged);
  const auto changed = store->GetUnlessVersion("t", {"a", ""}, 1);
  EXPECT_EQ(changed.status, VersionedGet::Status::kChanged);
  EXPECT_EQ(changed.item, v2);
  EXPECT_EQ(store->GetUnlessVersion("t", {"a", ""}, 2).status, VersionedGet::Status::kMissing);
  EXPECT_EQ(seen, (std::vector<std::string>{"get", "get", "get"}));
}

TEST(TimedRecordStoreTest, TimesFailedCallsAndRethrows) {
  auto inner = std::make_shared<MockRecordStore>();
  int reports = 0;
  auto store = MakeTimedRecordStore(inner, [&](std::string_view, std::chrono::nanoseconds) {
    ++reports;
  });
  EXPECT_CALL(*inner, Query(_)).WillOnce(Throw(StorageError("disk I/O error")));
  EXPECT_THROW(store->Query(QueryRequest{}), StorageError);
  EXPECT_EQ(reports, 1);
}

}  // namespace
}  // namespace ccrm::storage
