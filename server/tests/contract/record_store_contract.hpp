// The RecordStore contract fixture: one value-parameterized suite every backend must pass.
//
// A backend joins with one line in record_store_contract_test.cpp:
//   INSTANTIATE_TEST_SUITE_P(Dynamo, RecordStoreContract,
//                            ::testing::Values(RecordStoreBackend{"dynamodb", MakeDynamo}),
//                            RecordStoreBackendName);
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "common/json.hpp"
#include "storage/record_store.hpp"

namespace ccrm::storage::contract {

struct RecordStoreBackend {
  std::string name;
  // Opens a store whose data lives under `dir` (a fresh directory per test). Called again with
  // the same `dir` to reopen: the data must still be there.
  std::function<RecordStorePtr(const std::string& dir)> make;
};

inline void PrintTo(const RecordStoreBackend& backend, std::ostream* os) { *os << backend.name; }

inline std::string RecordStoreBackendName(
    const ::testing::TestParamInfo<RecordStoreBackend>& info) {
  return info.param.name;
}

// An item of the "leads" table: its keys plus `extra` attributes.
inline Json Lead(const std::string& pk, const std::string& sk, const Json& extra = Json::object()) {
  Json item = {{"pk", pk}, {"sk", sk}};
  item.update(extra);
  return item;
}

// The values of `attribute` of a page's items, in order.
inline std::vector<std::string> Values(const QueryResult& page, const std::string& attribute) {
  std::vector<std::string> out;
  for (const auto& item : page.items) out.push_back(item.at(attribute).get<std::string>());
  return out;
}

class RecordStoreContract : public ::testing::TestWithParam<RecordStoreBackend> {
 protected:
  void SetUp() override {
    std::random_device rd;
    suffix_ = std::to_string(rd()) + std::to_string(rd());
    dir_ = (std::filesystem::temp_directory_path() / ("ccrm-contract-" + suffix_)).string();
    std::filesystem::create_directories(dir_);
    store_ = GetParam().make(dir_);
  }

  void TearDown() override {
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // Drops the store and opens it again over the same directory.
  void Reopen() {
    store_.reset();
    store_ = GetParam().make(dir_);
  }

  // A table name unique to this test, so backends sharing one server (DynamoDB) do not see
  // each other's data.
  std::string Table(const std::string& base) const { return base + "_" + suffix_; }

  // "leads": pk/sk, with byOwner (owner, updated) and byEmail (email, no sort key).
  std::string MakeLeads() {
    const std::string name = Table("leads");
    store_->EnsureTable({name, "pk", "sk",
                         {{"byOwner", "owner", "updated"}, {"byEmail", "email", ""}}});
    return name;
  }

  // "users": partition key only.
  std::string MakeUsers() {
    const std::string name = Table("users");
    store_->EnsureTable({name, "id", "", {}});
    return name;
  }

  std::string dir_;
  std::string suffix_;
  RecordStorePtr store_;
};

}  // namespace ccrm::storage::contract
