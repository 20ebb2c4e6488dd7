// Broad queries over a real index: when every word is in kBroadTermDocuments documents or
// more, only the kBroadCandidates most recently indexed matches are ranked (field weights
// still count among them) and paged; a query with a rarer word ranks all its matches.
#include <gtest/gtest.h>

#include <set>

#include "common/scratch_dir.hpp"
#include "storage/sqlite/sqlite_search_index.hpp"
#include "storage/sqlite/sqlite_search_reader.hpp"

namespace ccrm::storage::sqlite {
namespace {

std::string DocId(int i) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "doc_%06d", i);
  return buffer;
}

class SqliteSearchBroadTest : public ::testing::Test {
 protected:
  static constexpr int kDocuments = static_cast<int>(kBroadTermDocuments) + 200;

  void SetUp() override {
    index_ = MakeSqliteSearchIndex((scratch_.path() / "search.db").string());
    index_->EnsureCollection("leads", {{"name", 10.0}, {"address", 1.0}}, {"status"});
    // Every document holds "smith" (in its address, one in ten in its name); the oldest
    // hundred also hold the rare "zephyr".
    std::vector<SearchDocument> docs;
    for (int i = 0; i < kDocuments; ++i) {
      SearchDocument doc{DocId(i), {{"address", "12 Smith Road"}}, {{"status", "new"}}, {}};
      if (i % 10 == 0) doc.text["name"] = "Ann Smith";
      if (i < 100) doc.text["address"] += " Zephyr";
      docs.push_back(std::move(doc));
    }
    index_->UpsertBatch("leads", docs);
  }

  std::vector<SearchHit> AllPages(const std::string& text) {
    std::vector<SearchHit> hits;
    SearchQuery query{.collection = "leads", .text = text, .limit = 200};
    for (int page = 0; page < 100; ++page) {
      SearchResult result = index_->Search(query);
      hits.insert(hits.end(), result.hits.begin(), result.hits.end());
      if (!result.next_cursor) break;
      query.cursor = *result.next_cursor;
    }
    return hits;
  }

  const ccrm::testing::ScratchDir scratch_{"search-broad"};
  SearchIndexPtr index_;
};

TEST_F(SqliteSearchBroadTest, ABroadQueryRanksTheNewestCandidatesOnly) {
  const std::vector<SearchHit> hits = AllPages("smi");
  ASSERT_EQ(hits.size(), static_cast<size_t>(kBroadCandidates));
  std::set<std::string> ids;
  for (const SearchHit& hit : hits) ids.insert(hit.id);
  EXPECT_EQ(ids.size(), hits.size()) << "a hit came twice";
  for (int i = kDocuments - kBroadCandidates; i < kDocuments; ++i) {
    EXPECT_TRUE(ids.contains(DocId(i))) << DocId(i) << " is among the newest and was left out";
  }
  // Among them, a name match ranks before an address-only match; newest first within each.
  const size_t names = kBroadCandidates / 10;
  for (size_t i = 0; i < hits.size(); ++i) {
    const int number = std::stoi(hits[i].id.substr(4));
    EXPECT_EQ(number % 10 == 0, i < names) << i << ": " << hits[i].id;
  }
  EXPECT_GT(hits.front().id, hits[names - 1].id);
}

TEST_F(SqliteSearchBroadTest, ARareWordRanksEveryMatchHoweverOld) {
  const std::vector<SearchHit> hits = AllPages("smith zeph");
  ASSERT_EQ(hits.size(), 100u);
  std::set<std::string> ids;
  for (const SearchHit& hit : hits) ids.insert(hit.id);
  EXPECT_TRUE(ids.contains(DocId(0)));
  EXPECT_TRUE(ids.contains(DocId(99)));
  EXPECT_EQ(AllPages("zephyr").size(), 100u);
}

}  // namespace
}  // namespace ccrm::storage::sqlite
