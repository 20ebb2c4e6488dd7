// Contract tests every SearchIndex backend must pass: a value-parameterized googletest fixture.
// A backend joins with one line in its own test file:
//   INSTANTIATE_TEST_SUITE_P(Name, SearchIndexContract,
//       testing::Values(SearchIndexBackend{"name", factory}), SearchIndexBackendName);
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <ostream>
#include <set>
#include <string>
#include <system_error>
#include <vector>

#include "storage/search_index.hpp"

namespace ccrm::storage::contract {

struct SearchIndexBackend {
  std::string name;
  // Opens the index kept under `dir`: a fresh empty directory per test, passed again to reopen.
  std::function<SearchIndexPtr(const std::string& dir)> open;
};

// Names the parameter in failure messages (instead of its bytes).
inline void PrintTo(const SearchIndexBackend& backend, std::ostream* out) { *out << backend.name; }

// Document ids that sort as their numbers do: "lead_00042".
inline std::string Id(int n) {
  char buffer[24];  // room for any int
  std::snprintf(buffer, sizeof buffer, "lead_%05d", n);
  return buffer;
}

inline std::string SearchIndexBackendName(const testing::TestParamInfo<SearchIndexBackend>& info) {
  return info.param.name;
}

class SearchIndexContract : public testing::TestWithParam<SearchIndexBackend> {
 protected:
  static constexpr const char* kLeads = "leads";

  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "ccrm-search-contract-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    index_ = GetParam().open(dir_.string());
    ASSERT_NE(index_, nullptr);
    DeclareLeads();
  }

  void TearDown() override {
    index_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  // Closes the index and opens it again from the same directory.
  void Reopen() {
    index_.reset();
    index_ = GetParam().open(dir_.string());
    ASSERT_NE(index_, nullptr);
  }

  void DeclareLeads() {
    index_->EnsureCollection(kLeads,
                             {{"name", 4.0},
                              {"email", 2.0},
                              {"phone", 2.0},
                              {"address", 1.0},
                              {"claim", 1.5},
                              {"notes", 0.5}},
                             {"status", "assignedTo"});
  }

  static SearchDocument Lead(const std::string& id, const std::string& name,
                             const std::string& status = "new",
                             const std::string& assigned_to = "usr_a",
                             std::vector<std::string> tags = {}) {
    SearchDocument doc;
    doc.id = id;
    doc.text["name"] = name;
    doc.filters["status"] = status;
    doc.filters["assignedTo"] = assigned_to;
    doc.tags = std::move(tags);
    return doc;
  }

  void Put(const SearchDocument& doc) { index_->Upsert(kLeads, doc); }

  SearchResult Find(const std::string& text, int limit = 50) {
    SearchQuery query;
    query.collection = kLeads;
    query.text = text;
    query.limit = limit;
    return index_->Search(query);
  }

  static std::vector<std::string> Ids(const SearchResult& result) {
    std::vector<std::string> ids;
    for (const SearchHit& hit : result.hits) ids.push_back(hit.id);
    return ids;
  }

  static std::set<std::string> IdSet(const SearchResult& result) {
    const auto ids = Ids(result);
    return {ids.begin(), ids.end()};
  }

  // Every page of `query`, in order. Fails the test on a runaway scan.
  std::vector<std::string> AllPages(SearchQuery query, int* pages = nullptr) {
    std::vector<std::string> ids;
    int count = 0;
    for (;;) {
      const SearchResult page = index_->Search(query);
      EXPECT_LE(page.hits.size(), static_cast<size_t>(query.limit));
      for (const SearchHit& hit : page.hits) ids.push_back(hit.id);
      ++count;
      if (!page.next_cursor || count > 1000) break;
      query.cursor = *page.next_cursor;
    }
    EXPECT_LE(count, 1000) << "pagination does not end";
    if (pages) *pages = count;
    return ids;
  }

  static void ExpectNoDuplicates(const std::vector<std::string>& ids) {
    const std::set<std::string> unique(ids.begin(), ids.end());
    EXPECT_EQ(unique.size(), ids.size()) << "a document came twice";
  }

  std::filesystem::path dir_;
  SearchIndexPtr index_;
};

}  // namespace ccrm::storage::contract
