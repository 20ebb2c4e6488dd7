// gmock of SearchIndex, for unit tests of a single module.
#pragma once

#include <gmock/gmock.h>

#include "storage/search_index.hpp"

namespace ccrm::storage {

class MockSearchIndex : public SearchIndex {
 public:
  MOCK_METHOD(void, EnsureCollection,
              (const std::string&, (const std::map<std::string, double>&),
               const std::vector<std::string>&),
              (override));
  MOCK_METHOD(void, Upsert, (const std::string&, const SearchDocument&), (override));
  MOCK_METHOD(void, Remove, (const std::string&, const std::string&), (override));
  MOCK_METHOD(SearchResult, Search, (const SearchQuery&), (override));
};

}  // namespace ccrm::storage
