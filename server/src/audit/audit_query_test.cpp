// AuditLog::List: each filter, their combinations, time ranges and cursor pagination.
#include "audit/audit_query.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "audit/audit_test_fixture.hpp"

namespace ccrm::audit {
namespace {

using testing::AuditStoreTest;
using testing::Time;

class AuditQueryTest : public AuditStoreTest {
 protected:
  void Append(const std::string& action, const std::string& entity = "user",
              const std::string& entity_id = "usr_1", const std::string& actor = "usr_admin") {
    ASSERT_TRUE(log_->Append(Event(action, entity, entity_id, actor)).committed);
  }

  // Every page of a filter, following the cursors; the seqs in order received.
  std::vector<int64_t> AllSeqs(AuditFilter filter, int* pages = nullptr) {
    std::vector<int64_t> seqs;
    int count = 0;
    for (;;) {
      const auto page = log_->List(filter);
      ++count;
      for (const auto& item : page.items) seqs.push_back(item["seq"].get<int64_t>());
      if (!page.next_cursor) break;
      filter.cursor = *page.next_cursor;
      if (count > 1000) break;
    }
    if (pages) *pages = count;
    return seqs;
  }
};

TEST_F(AuditQueryTest, ListsNewestFirstInPages) {
  for (int i = 0; i < 7; ++i) Append("user.update");
  AuditFilter filter;
  filter.limit = 3;
  auto page = log_->List(filter);
  ASSERT_EQ(page.items.size(), 3u);
  EXPECT_EQ(page.items[0]["seq"], 7);
  EXPECT_EQ(page.items[2]["seq"], 5);
  ASSERT_TRUE(page.next_cursor);
  // The API shape: seq as a number, storage-only attributes gone, the chain visible.
  EXPECT_FALSE(page.items[0].contains("stream"));
  EXPECT_FALSE(page.items[0].contains("entityKey"));
  EXPECT_TRUE(page.items[0]["hash"].is_string());
  EXPECT_EQ(page.items[0]["prevHash"], page.items[1]["hash"]);

  int pages = 0;
  EXPECT_EQ(AllSeqs(filter, &pages), (std::vector<int64_t>{7, 6, 5, 4, 3, 2, 1}));
  EXPECT_EQ(pages, 3);
}

TEST_F(AuditQueryTest, AnExactlyFullLastPageCarriesNoCursor) {
  for (int i = 0; i < 6; ++i) Append("user.update");
  AuditFilter filter;
  filter.limit = 3;
  int pages = 0;
  EXPECT_EQ(AllSeqs(filter, &pages).size(), 6u);
  EXPECT_EQ(pages, 2);
  EXPECT_TRUE(log_->List({}).items.size() == 6 && !log_->List({}).next_cursor);
}

TEST_F(AuditQueryTest, FiltersByEntityActorAndActionInAnyCombination) {
  Append("user.create", "user", "usr_1", "usr_admin");   // 1
  Append("user.create", "user", "usr_2", "usr_admin");   // 2
  Append("user.update", "user", "usr_1", "usr_boss");    // 3
  Append("apikey.create", "apikey", "key_1", "usr_admin");  // 4
  Append("apikey.use", "apikey", "key_1", "key_1");      // 5
  Append("user.update", "user", "usr_1", "usr_admin");   // 6
  Append("auth.login_failed", "", "", "anonymous");      // 7

  const auto seqs = [&](AuditFilter f) {
    f.limit = 2;  // small pages, so the filters work across cursors too
    return AllSeqs(f);
  };
  using V = std::vector<int64_t>;
  EXPECT_EQ(seqs({.entity = "user", .entity_id = "usr_1"}), (V{6, 3, 1}));
  EXPECT_EQ(seqs({.actor = "usr_admin"}), (V{6, 4, 2, 1}));
  EXPECT_EQ(seqs({.actor = "anonymous"}), (V{7}));
  EXPECT_EQ(seqs({.action = "user.update"}), (V{6, 3}));
  EXPECT_EQ(seqs({.entity = "apikey"}), (V{5, 4}));
  EXPECT_EQ(seqs({.entity_id = "usr_2"}), (V{2}));
  EXPECT_EQ(seqs({.entity = "user", .entity_id = "usr_1", .actor = "usr_admin"}), (V{6, 1}));
  EXPECT_EQ(seqs({.entity = "user", .entity_id = "usr_1", .action = "user.update"}), (V{6, 3}));
  EXPECT_EQ(seqs({.actor = "usr_admin", .action = "apikey.create"}), (V{4}));
  EXPECT_EQ(seqs({.entity = "user", .entity_id = "usr_9"}), V{});
  EXPECT_EQ(seqs({.action = "nothing.like.this"}), V{});
}

TEST_F(AuditQueryTest, TimeRangesAreInclusiveToTheMillisecond) {
  const char* times[] = {"2026-01-10T08:00:00.000Z", "2026-01-11T08:00:00.000Z",
                         "2026-01-11T08:00:00.500Z", "2026-01-12T08:00:00.000Z",
                         "2026-01-13T08:00:00.000Z"};
  for (const char* t : times) {
    clock_->Set(Time(t));
    Append("user.update");
  }
  using V = std::vector<int64_t>;
  const auto seqs = [&](const char* from, const char* to, int limit = 50) {
    AuditFilter f;
    if (from) f.from = Time(from);
    if (to) f.to = Time(to);
    f.limit = limit;
    return AllSeqs(f);
  };
  EXPECT_EQ(seqs("2026-01-11T08:00:00Z", "2026-01-12T08:00:00Z"), (V{4, 3, 2}));
  EXPECT_EQ(seqs("2026-01-11T08:00:00.001Z", nullptr), (V{5, 4, 3}));
  EXPECT_EQ(seqs(nullptr, "2026-01-11T08:00:00.499Z"), (V{2, 1}));
  EXPECT_EQ(seqs("2026-01-11T00:00:00Z", "2026-01-13T00:00:00Z", 1), (V{4, 3, 2}));
  EXPECT_EQ(seqs("2026-01-14T00:00:00Z", nullptr), V{});
  EXPECT_EQ(seqs(nullptr, "2026-01-01T00:00:00Z"), V{});
  EXPECT_EQ(seqs("2026-01-12T00:00:00Z", "2026-01-11T00:00:00Z"), V{});
  // An offset other than Z means the same instant.
  EXPECT_EQ(seqs("2026-01-12T10:00:00+02:00", nullptr), (V{5, 4}));

  AuditFilter combined;
  combined.entity = "user";
  combined.entity_id = "usr_1";
  combined.from = Time("2026-01-11T08:00:00.200Z");
  combined.limit = 1;
  EXPECT_EQ(AllSeqs(combined), (V{5, 4, 3}));
}

TEST_F(AuditQueryTest, ASparseFilterReadsABoundedAmountPerPage) {
  Append("needle.found");  // seq 1, the only match, behind more than one page's scan budget
  constexpr int kThreads = 8;
  constexpr int kNoise = kMaxScannedPerList + 600;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = t; i < kNoise; i += kThreads) {
        EXPECT_TRUE(log_->Append(Event("hay.stack")).committed);
      }
    });
  }
  for (auto& thread : threads) thread.join();

  AuditFilter filter;
  filter.action = "needle.found";
  const auto first = log_->List(filter);
  EXPECT_TRUE(first.items.empty());
  ASSERT_TRUE(first.next_cursor) << "a page that ran out of budget must say where to go on";
  filter.cursor = *first.next_cursor;
  const auto second = log_->List(filter);
  ASSERT_EQ(second.items.size(), 1u);
  EXPECT_EQ(second.items[0]["seq"], 1);
  EXPECT_FALSE(second.next_cursor);
}

TEST_F(AuditQueryTest, RefusesBadLimitsAndCursors) {
  Append("user.update");
  EXPECT_THROW(log_->List({.limit = 0}), std::invalid_argument);
  EXPECT_THROW(log_->List({.limit = kMaxListLimit + 1}), std::invalid_argument);
  EXPECT_THROW(log_->List({.cursor = "not-a-cursor"}), std::invalid_argument);
  EXPECT_EQ(DecodeAuditCursor(EncodeAuditCursor(5)), std::optional<int64_t>(5));
  EXPECT_FALSE(DecodeAuditCursor("eyJiZWZvcmUiOjB9"));  // {"before":0}
  EXPECT_FALSE(DecodeAuditCursor(""));
  // A cursor past the start of the trail is simply the end.
  EXPECT_TRUE(log_->List({.cursor = EncodeAuditCursor(1)}).items.empty());
}

}  // namespace
}  // namespace ccrm::audit
