// SearchIndex contract: pages of ranked and listed results never repeat or skip a document,
// also while documents change, and concurrent writers and readers agree.
#include <atomic>
#include <thread>

#include "search_index_contract.hpp"

namespace ccrm::storage::contract {
namespace {

TEST_P(SearchIndexContract, PagesHaveNoDuplicatesAndNoGaps) {
  for (int i = 1; i <= 57; ++i) {
    auto doc = Lead(Id(i), "Jordan " + std::string(static_cast<size_t>(i % 7), 'q'));
    doc.text["notes"] = i % 3 ? "jordan" : "nothing";
    Put(doc);
  }
  Put(Lead(Id(100), "Unrelated"));
  SearchQuery query;
  query.collection = kLeads;
  query.text = "jord";
  query.limit = 200;
  const std::vector<std::string> single = Ids(index_->Search(query));
  ASSERT_EQ(single.size(), 57u);
  for (int limit : {1, 7, 10, 56, 57}) {
    query.limit = limit;
    int pages = 0;
    EXPECT_EQ(AllPages(query, &pages), single) << "limit " << limit;
    // A backend may end with an empty page (DynamoDB does), but with no more than one.
    const int full = (57 + limit - 1) / limit;
    EXPECT_GE(pages, full) << "limit " << limit;
    EXPECT_LE(pages, full + 1) << "limit " << limit;
  }
}

TEST_P(SearchIndexContract, PagesNeverRepeatWhileDocumentsChange) {
  for (int i = 1; i <= 60; ++i) {
    auto doc = Lead(Id(i), "Casey " + std::string(static_cast<size_t>(i % 5), 'z'));
    doc.text["notes"] = std::string(static_cast<size_t>(i % 4) * 7, 'w') + " casey";
    Put(doc);
  }
  SearchQuery query;
  query.collection = kLeads;
  query.text = "case";
  query.limit = 10;
  std::vector<std::string> seen;
  std::set<std::string> changed;
  int round = 0;
  for (;;) {
    const SearchResult page = index_->Search(query);
    for (const SearchHit& hit : page.hits) seen.push_back(hit.id);
    if (!page.next_cursor) break;
    query.cursor = *page.next_cursor;
    // Between pages: many new matching documents (the term gets common, so every score
    // shifts), new better-scoring ones, and rewrites of seen and unseen documents.
    ++round;
    for (int j = 0; j < 15; ++j) Put(Lead(Id(1000 + round * 100 + j), "Casey Casey Casey"));
    for (int i : {round, 30 + round, 59 - round}) {
      // Rewritten to score below the cursor: a backend that let the new version into the
      // rest of the scan would show a seen document again.
      auto rewrite = Lead(Id(i), "Rewritten " + std::to_string(round));
      rewrite.text["notes"] = "casey and a long tail of other words that dilute the match";
      Put(rewrite);
      changed.insert(Id(i));
    }
    index_->Remove(kLeads, Id(45 - round));
    changed.insert(Id(45 - round));
  }
  ExpectNoDuplicates(seen);
  // Every document that stayed untouched through the scan was shown.
  const std::set<std::string> shown(seen.begin(), seen.end());
  for (int i = 1; i <= 60; ++i) {
    if (!changed.count(Id(i))) {
      EXPECT_TRUE(shown.count(Id(i))) << Id(i) << " was skipped";
    }
  }
}

TEST_P(SearchIndexContract, ListingPagesNeverRepeatWhileDocumentsChange) {
  for (int i = 1; i <= 40; ++i) Put(Lead(Id(i), "Listed", "new"));
  SearchQuery query;
  query.collection = kLeads;
  query.filters = {{"status", "new"}};
  query.limit = 7;
  std::vector<std::string> seen;
  for (int round = 0;; ++round) {
    const SearchResult page = index_->Search(query);
    for (const SearchHit& hit : page.hits) seen.push_back(hit.id);
    if (!page.next_cursor) break;
    query.cursor = *page.next_cursor;
    Put(Lead(Id(500 + round), "Newer", "new"));
    Put(Lead(Id(40 - round), "Listed again", "new"));
  }
  ExpectNoDuplicates(seen);
  EXPECT_EQ(seen.size(), 40u);
}

TEST_P(SearchIndexContract, ConcurrentWritersAndReadersAgree) {
  constexpr int kWriters = 4;
  constexpr int kPerWriter = 60;
  std::atomic<bool> failed{false};
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      try {
        for (int i = 0; i < kPerWriter; ++i) {
          Put(Lead(Id(w * 1000 + i), "Racer w" + std::to_string(w), "new"));
        }
      } catch (...) {
        failed = true;
      }
    });
  }
  for (int r = 0; r < 3; ++r) {
    threads.emplace_back([&] {
      try {
        for (int i = 0; i < 40; ++i) {
          const SearchResult result = Find("racer", 200);
          if (result.hits.size() > kWriters * kPerWriter) failed = true;
        }
      } catch (...) {
        failed = true;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_FALSE(failed);
  SearchQuery query;
  query.collection = kLeads;
  query.text = "racer";
  query.limit = 200;
  EXPECT_EQ(AllPages(query).size(), static_cast<size_t>(kWriters * kPerWriter));
  query.text = "racer w2";
  EXPECT_EQ(AllPages(query).size(), static_cast<size_t>(kPerWriter));
}

}  // namespace
}  // namespace ccrm::storage::contract
