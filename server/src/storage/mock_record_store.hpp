// gmock of RecordStore, for unit tests of a single module.
#pragma once

#include <gmock/gmock.h>

#include "storage/record_store.hpp"

namespace ccrm::storage {

class MockRecordStore : public RecordStore {
 public:
  MOCK_METHOD(void, EnsureTable, (const TableSchema&), (override));
  MOCK_METHOD(std::optional<Json>, Get, (const std::string&, const Key&), (override));
  MOCK_METHOD(WriteStatus, Put, (const std::string&, const Json&, const Condition&), (override));
  MOCK_METHOD(WriteStatus, Delete, (const std::string&, const Key&, const Condition&),
              (override));
  MOCK_METHOD(QueryResult, Query, (const QueryRequest&), (override));
  MOCK_METHOD(int64_t, Count, (const QueryRequest&), (override));
  MOCK_METHOD(TransactResult, TransactWrite, (const std::vector<WriteAction>&), (override));
  MOCK_METHOD(bool, Ping, (), (noexcept, override));
};

}  // namespace ccrm::storage
