// Warm opens the reader pool ahead of the first searches: afterwards every reader is back in
// the pool (eight threads searching at once neither wait forever nor see another's results),
// and warming an index with no collection, or twice, changes nothing.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "common/scratch_dir.hpp"
#include "storage/sqlite/sqlite_search_index.hpp"

namespace ccrm::storage::sqlite {
namespace {

TEST(SqliteSearchWarmTest, ReadersAreOpenedAndGivenBack) {
  const ccrm::testing::ScratchDir scratch{"search-warm"};
  SearchIndexPtr index = MakeSqliteSearchIndex((scratch.path() / "search.db").string());
  index->Warm();  // nothing declared yet
  index->EnsureCollection("leads", {{"name", 1.0}}, {"status"});
  index->Upsert("leads", {"lead_1", {{"name", "Ann Smith"}}, {{"status", "new"}}, {}});
  index->Upsert("leads", {"lead_2", {{"name", "Bo Jones"}}, {{"status", "new"}}, {}});
  index->Warm();
  index->Warm();
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        const bool smith = (t + i) % 2 == 0;
        const SearchResult result =
            index->Search({.collection = "leads", .text = smith ? "smi" : "jon"});
        if (result.hits.size() != 1 || result.hits[0].id != (smith ? "lead_1" : "lead_2")) ++wrong;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace ccrm::storage::sqlite
