// RecordStore contract: queries by key and by secondary index, sort-key conditions, cursors.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <set>
#include <stdexcept>
#include <thread>

#include "common/base64.hpp"
#include "record_store_contract.hpp"

namespace ccrm::storage::contract {
namespace {

using Op = SortKeyCondition::Op;

std::string Num(int i) {
  std::string s = std::to_string(i);
  return std::string(4 - s.size(), '0') + s;
}

// Follows cursors to the end; checks every page honours the limit and a short page ends it.
std::vector<std::string> Drain(RecordStore& store, QueryRequest request,
                               const std::string& attribute, int* pages = nullptr) {
  std::vector<std::string> out;
  int count = 0;
  for (;;) {
    const auto page = store.Query(request);
    ++count;
    EXPECT_LE(page.items.size(), static_cast<size_t>(request.limit));
    for (const auto& v : Values(page, attribute)) out.push_back(v);
    if (!page.next_cursor) break;
    EXPECT_EQ(page.items.size(), static_cast<size_t>(request.limit)) << "short page with cursor";
    request.cursor = *page.next_cursor;
    if (count > 10000) break;
  }
  if (pages) *pages = count;
  return out;
}

TEST_P(RecordStoreContract, QueryReturnsOnePartitionInSortOrder) {
  const auto t = MakeLeads();
  for (const char* sk : {"c", "a", "b"}) store_->Put(t, Lead("L1", sk));
  store_->Put(t, Lead("L2", "a"));
  store_->Put(t, Lead("L0", "z"));
  const auto page = store_->Query({.table = t, .partition = "L1"});
  EXPECT_EQ(Values(page, "sk"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_FALSE(page.next_cursor);
  const auto back = store_->Query({.table = t, .partition = "L1", .forward = false});
  EXPECT_EQ(Values(back, "sk"), (std::vector<std::string>{"c", "b", "a"}));
  EXPECT_TRUE(store_->Query({.table = t, .partition = "nobody"}).items.empty());
}

TEST_P(RecordStoreContract, EverySortKeyOperator) {
  const auto t = MakeLeads();
  for (const char* sk : {"a", "ab", "abc", "b", "ba", "c"}) store_->Put(t, Lead("P", sk));
  struct Case {
    SortKeyCondition cond;
    std::vector<std::string> want;
  };
  const std::vector<Case> cases = {
      {{Op::kAny, "", ""}, {"a", "ab", "abc", "b", "ba", "c"}},
      {{Op::kEq, "ab", ""}, {"ab"}},
      {{Op::kEq, "zz", ""}, {}},
      {{Op::kLt, "b", ""}, {"a", "ab", "abc"}},
      {{Op::kLe, "b", ""}, {"a", "ab", "abc", "b"}},
      {{Op::kGt, "b", ""}, {"ba", "c"}},
      {{Op::kGe, "b", ""}, {"b", "ba", "c"}},
      {{Op::kBetween, "ab", "b"}, {"ab", "abc", "b"}},
      {{Op::kBetween, "b", "b"}, {"b"}},
      {{Op::kBeginsWith, "ab", ""}, {"ab", "abc"}},
      {{Op::kBeginsWith, "b", ""}, {"b", "ba"}},
      {{Op::kBeginsWith, "x", ""}, {}},
  };
  for (const auto& c : cases) {
    const auto op = static_cast<int>(c.cond.op);
    const auto page = store_->Query({.table = t, .partition = "P", .sort = c.cond});
    EXPECT_EQ(Values(page, "sk"), c.want) << "op " << op << " " << c.cond.value;
    EXPECT_EQ(store_->Count({.table = t, .partition = "P", .sort = c.cond, .limit = 1}),
              static_cast<int64_t>(c.want.size()))
        << "count op " << op << " " << c.cond.value;
    auto reversed = c.want;
    std::reverse(reversed.begin(), reversed.end());
    const auto back =
        store_->Query({.table = t, .partition = "P", .sort = c.cond, .forward = false});
    EXPECT_EQ(Values(back, "sk"), reversed) << "backward op " << op << " " << c.cond.value;
    // The same through pages of one item, both ways.
    EXPECT_EQ(Drain(*store_, {.table = t, .partition = "P", .sort = c.cond, .limit = 1}, "sk"),
              c.want)
        << "paged op " << op;
    EXPECT_EQ(Drain(*store_,
                    {.table = t, .partition = "P", .sort = c.cond, .forward = false, .limit = 1},
                    "sk"),
              reversed)
        << "paged backward op " << op;
  }
  EXPECT_THROW(store_->Query({.table = t, .partition = "P", .sort = {Op::kBetween, "b", "a"}}),
               std::invalid_argument);
}

TEST_P(RecordStoreContract, BeginsWithHandlesTheHighestCodePoints) {
  const auto t = MakeLeads();
  const std::string max = "\xF4\x8F\xBF\xBF";      // U+10FFFF
  const std::string bmp_max = "\xEF\xBF\xBF";      // U+FFFF
  const std::string after_max = "\xF4\x8F\xBF\xBF\xF4\x8F\xBF\xBF";
  const std::vector<std::string> sks = {"z",   "z" + max, "{",           max,
                                        max + "a", after_max, bmp_max, bmp_max + "x",
                                        "\xF0\x9F\x98\x80"};
  for (const auto& sk : sks) {
    store_->Put(t, Lead("P", sk));
  }
  const auto q = [&](const std::string& prefix) {
    return Values(store_->Query({.table = t, .partition = "P", .sort = {Op::kBeginsWith, prefix, ""}}),
                  "sk");
  };
  EXPECT_EQ(q("z"), (std::vector<std::string>{"z", "z" + max}));
  EXPECT_EQ(q(max), (std::vector<std::string>{max, max + "a", after_max}));
  EXPECT_EQ(q(max + max), (std::vector<std::string>{after_max}));
  EXPECT_EQ(q(bmp_max), (std::vector<std::string>{bmp_max, bmp_max + "x"}));
  EXPECT_EQ(q("\xF0\x9F\x98\x80"), (std::vector<std::string>{"\xF0\x9F\x98\x80"}));
  EXPECT_EQ(q("").size(), 9u);
}

TEST_P(RecordStoreContract, SortConditionNeedsASortKey) {
  const auto u = MakeUsers();
  const auto t = MakeLeads();
  EXPECT_THROW(store_->Query({.table = u, .partition = "x", .sort = {Op::kEq, "a", ""}}),
               std::invalid_argument);
  EXPECT_THROW(
      store_->Query({.table = t, .index = "byEmail", .partition = "x", .sort = {Op::kEq, "a", ""}}),
      std::invalid_argument);
  EXPECT_THROW(store_->Query({.table = t, .index = "noSuchIndex", .partition = "x"}),
               std::invalid_argument);
  EXPECT_THROW(store_->Query({.table = t, .partition = ""}), std::invalid_argument);
}

TEST_P(RecordStoreContract, LimitMustBeWithinBounds) {
  const auto t = MakeLeads();
  store_->Put(t, Lead("P", "a"));
  for (int bad : {0, -1, RecordStore::kMaxQueryLimit + 1}) {
    EXPECT_THROW(store_->Query({.table = t, .partition = "P", .limit = bad}),
                 std::invalid_argument);
  }
  EXPECT_EQ(store_->Query({.table = t, .partition = "P", .limit = RecordStore::kMaxQueryLimit})
                .items.size(),
            1u);
}

TEST_P(RecordStoreContract, IndexesAreSparse) {
  const auto t = MakeLeads();
  store_->Put(t, Lead("L1", "P", {{"owner", "u1"}, {"updated", "2024-01-02"}}));
  store_->Put(t, Lead("L2", "P", {{"owner", "u1"}, {"updated", "2024-01-01"}}));
  store_->Put(t, Lead("L3", "P", {{"owner", "u2"}, {"updated", "2024-01-01"}}));
  store_->Put(t, Lead("L4", "P"));                      // no owner
  store_->Put(t, Lead("L5", "P", {{"owner", "u1"}}));   // owner but no index sort key
  store_->Put(t, Lead("L6", "P", {{"owner", nullptr}, {"updated", "x"}}));
  const auto page = store_->Query({.table = t, .index = "byOwner", .partition = "u1"});
  EXPECT_EQ(Values(page, "pk"), (std::vector<std::string>{"L2", "L1"}));
  const auto back =
      store_->Query({.table = t, .index = "byOwner", .partition = "u1", .forward = false});
  EXPECT_EQ(Values(back, "pk"), (std::vector<std::string>{"L1", "L2"}));
  const auto ranged = store_->Query({.table = t, .index = "byOwner", .partition = "u1",
                                     .sort = {Op::kBeginsWith, "2024-01-02", ""}});
  EXPECT_EQ(Values(ranged, "pk"), (std::vector<std::string>{"L1"}));
  // Counts see the same sparse index, and ignore a page's limit and cursor.
  EXPECT_EQ(store_->Count({.table = t, .index = "byOwner", .partition = "u1"}), 2);
  const auto first = store_->Query({.table = t, .index = "byOwner", .partition = "u1", .limit = 1});
  ASSERT_TRUE(first.next_cursor);
  EXPECT_EQ(store_->Count({.table = t, .index = "byOwner", .partition = "u1", .limit = 1,
                           .cursor = *first.next_cursor}),
            2);
  EXPECT_EQ(store_->Count({.table = t, .index = "byOwner", .partition = "u1",
                           .sort = {Op::kLt, "2024-01-02", ""}}),
            1);
  EXPECT_EQ(store_->Count({.table = t, .index = "byOwner", .partition = "nobody"}), 0);
  EXPECT_EQ(store_->Count({.table = t, .partition = "L1"}), 1);
  EXPECT_THROW(store_->Count({.table = t, .index = "noSuchIndex", .partition = "u1"}),
               std::invalid_argument);
}

TEST_P(RecordStoreContract, IndexFollowsItemChanges) {
  const auto t = MakeLeads();
  store_->Put(t, Lead("L1", "P", {{"owner", "u1"}, {"updated", "1"}}));
  store_->Put(t, Lead("L2", "P", {{"owner", "u1"}, {"updated", "2"}}));
  const auto owned = [&](const std::string& owner) {
    return Values(store_->Query({.table = t, .index = "byOwner", .partition = owner}), "pk");
  };
  store_->Put(t, Lead("L1", "P", {{"owner", "u1"}, {"updated", "3"}}));  // re-sorted
  EXPECT_EQ(owned("u1"), (std::vector<std::string>{"L2", "L1"}));
  store_->Put(t, Lead("L1", "P", {{"owner", "u2"}, {"updated", "3"}}));  // moved
  EXPECT_EQ(owned("u1"), (std::vector<std::string>{"L2"}));
  EXPECT_EQ(owned("u2"), (std::vector<std::string>{"L1"}));
  store_->Put(t, Lead("L1", "P"));  // attribute removed: out of every index
  EXPECT_TRUE(owned("u2").empty());
  store_->Delete(t, {"L2", "P"});
  EXPECT_TRUE(owned("u1").empty());
  // Through a transaction as well.
  store_->TransactWrite({WriteAction::Put(t, Lead("L3", "P", {{"owner", "u3"}, {"updated", "1"}}))});
  EXPECT_EQ(owned("u3"), (std::vector<std::string>{"L3"}));
}

TEST_P(RecordStoreContract, IndexTiesAreOrderedByPrimaryKey) {
  const auto t = MakeLeads();
  const std::vector<std::pair<std::string, std::string>> keys = {
      {"B", "2"}, {"A", "9"}, {"B", "1"}, {"C", "0"}, {"A", "10"}};
  for (const auto& [pk, sk] : keys) {
    store_->Put(t, Lead(pk, sk, {{"owner", "u"}, {"updated", "same"}, {"id", pk + "/" + sk}}));
  }
  const std::vector<std::string> want = {"A/10", "A/9", "B/1", "B/2", "C/0"};
  QueryRequest r{.table = t, .index = "byOwner", .partition = "u"};
  EXPECT_EQ(Values(store_->Query(r), "id"), want);
  r.limit = 2;
  EXPECT_EQ(Drain(*store_, r, "id"), want);
  r.sort = {Op::kEq, "same", ""};
  EXPECT_EQ(Drain(*store_, r, "id"), want);
  r.forward = false;
  EXPECT_EQ(Drain(*store_, r, "id"), (std::vector<std::string>(want.rbegin(), want.rend())));
  // An index without a sort key orders its partition by primary key alone.
  for (const auto& [pk, sk] : keys) {
    store_->Put(t, Lead(pk, sk, {{"email", "e@x"}, {"id", pk + "/" + sk}}));
  }
  EXPECT_EQ(Drain(*store_, {.table = t, .index = "byEmail", .partition = "e@x", .limit = 2}, "id"),
            want);
}

TEST_P(RecordStoreContract, PaginationVisitsEveryItemOnce) {
  const auto t = MakeLeads();
  std::vector<std::string> all;
  for (int i = 0; i < 23; ++i) {
    all.push_back("item-" + Num(i));
    store_->Put(t, Lead("P", all.back(), {{"owner", "u"}, {"updated", Num(i % 4)}}));
  }
  int pages = 0;
  EXPECT_EQ(Drain(*store_, {.table = t, .partition = "P", .limit = 5}, "sk", &pages), all);
  EXPECT_EQ(pages, 5);
  EXPECT_EQ(Drain(*store_, {.table = t, .partition = "P", .forward = false, .limit = 5}, "sk"),
            std::vector<std::string>(all.rbegin(), all.rend()));
  // An exact multiple of the limit: no more than one extra (empty) page.
  store_->Delete(t, {"P", all.back()});
  all.pop_back();
  store_->Delete(t, {"P", all.back()});
  all.pop_back();
  store_->Delete(t, {"P", all.back()});
  all.pop_back();
  EXPECT_EQ(Drain(*store_, {.table = t, .partition = "P", .limit = 5}, "sk", &pages), all);
  EXPECT_LE(pages, 5);
  // Index pages with a range condition, where the cursor and the range bound interplay.
  std::set<std::string> in_range;
  for (int i = 0; i < 20; ++i) {
    if (i % 4 >= 1 && i % 4 <= 2) in_range.insert(all[static_cast<size_t>(i)]);
  }
  for (bool forward : {true, false}) {
    for (int limit : {1, 3, 7}) {
      const auto got = Drain(*store_,
                             {.table = t, .index = "byOwner", .partition = "u",
                              .sort = {Op::kBetween, Num(1), Num(2)}, .forward = forward,
                              .limit = limit},
                             "sk");
      EXPECT_EQ(got.size(), in_range.size()) << forward << " " << limit;
      EXPECT_EQ(std::set<std::string>(got.begin(), got.end()), in_range);
    }
  }
}

TEST_P(RecordStoreContract, ACursorIsAnExclusiveStartKeyWhateverTheCondition) {
  const auto t = MakeLeads();
  for (const char* sk : {"a", "b", "c", "d"}) store_->Put(t, Lead("P", sk));
  const auto first = store_->Query({.table = t, .partition = "P", .limit = 1});
  ASSERT_TRUE(first.next_cursor);  // after "a"
  const auto after_a = [&](SortKeyCondition cond, bool forward) {
    return Values(store_->Query({.table = t, .partition = "P", .sort = cond, .forward = forward,
                                 .cursor = *first.next_cursor}),
                  "sk");
  };
  // A cursor before the range: the range decides where the page starts.
  EXPECT_EQ(after_a({Op::kGe, "c", ""}, true), (std::vector<std::string>{"c", "d"}));
  EXPECT_EQ(after_a({Op::kGt, "b", ""}, true), (std::vector<std::string>{"c", "d"}));
  // A cursor inside the range: the cursor does.
  EXPECT_EQ(after_a({Op::kGe, "a", ""}, true), (std::vector<std::string>{"b", "c", "d"}));
  EXPECT_EQ(after_a({Op::kBetween, "a", "c"}, true), (std::vector<std::string>{"b", "c"}));
  // Backward from "a": nothing precedes it, whatever the upper bound.
  EXPECT_TRUE(after_a({Op::kLe, "c", ""}, false).empty());
  EXPECT_TRUE(after_a({Op::kAny, "", ""}, false).empty());
}

TEST_P(RecordStoreContract, MalformedCursorsAreRejected) {
  const auto t = MakeLeads();
  for (int i = 0; i < 3; ++i) {
    store_->Put(t, Lead("P", Num(i), {{"owner", "u"}, {"updated", "x"}}));
    store_->Put(t, Lead("Q", Num(i)));
  }
  const auto page = store_->Query({.table = t, .partition = "P", .limit = 1});
  ASSERT_TRUE(page.next_cursor);
  const auto index_page = store_->Query({.table = t, .index = "byOwner", .partition = "u", .limit = 1});
  ASSERT_TRUE(index_page.next_cursor);
  const std::vector<std::string> bad = {
      "!!!", "a", Base64UrlEncode("not json"), Base64UrlEncode("{}"), Base64UrlEncode("[1,2]"),
      Base64UrlEncode("[\"P\"]"), Base64UrlEncode("[\"P\",\"a\",\"b\",\"c\",\"d\",\"e\"]"),
      *index_page.next_cursor, std::string(page.next_cursor->size(), '~')};
  for (const auto& cursor : bad) {
    EXPECT_THROW(store_->Query({.table = t, .partition = "P", .limit = 1, .cursor = cursor}),
                 std::invalid_argument)
        << cursor;
  }
  // A cursor belongs to its partition.
  EXPECT_THROW(
      store_->Query({.table = t, .partition = "Q", .limit = 1, .cursor = *page.next_cursor}),
      std::invalid_argument);
  EXPECT_EQ(store_->Query({.table = t, .partition = "P", .limit = 5, .cursor = *page.next_cursor})
                .items.size(),
            2u);
}

TEST_P(RecordStoreContract, PaginationIsStableUnderConcurrentInserts) {
  const auto t = MakeLeads();
  // The scan's items are the even numbers; a writer inserts odd ones, and new ones before
  // and after the range, while the scan pages through with small pages.
  std::set<std::string> before;
  for (int i = 0; i < 400; i += 2) {
    const std::string sk = "k" + Num(i + 1000);
    before.insert(sk);
    store_->Put(t, Lead("P", sk, {{"owner", "u"}, {"updated", Num(i % 7)}}));
  }
  for (bool use_index : {false, true}) {
    std::atomic<bool> stop{false};
    std::atomic<int> inserted{0};
    std::thread writer([&] {
      for (int i = 1; !stop && i < 4000; i += 2) {
        const std::string sk = (i % 3 == 0 ? "a" : i % 3 == 1 ? "k" : "z") + Num(i + 1000) +
                               (use_index ? "i" : "t");
        store_->Put(t, Lead("P", sk, {{"owner", "u"}, {"updated", Num(i % 7)}}));
        ++inserted;
      }
    });
    QueryRequest r{.table = t, .partition = use_index ? "u" : "P", .limit = 7};
    if (use_index) r.index = "byOwner";
    std::set<std::string> seen;
    for (int pages = 1;; ++pages) {
      // Let the writer land at least one insert between any two pages, however the threads
      // are scheduled.
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
      while (inserted.load() < pages && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::yield();
      }
      const auto page = store_->Query(r);
      for (const auto& item : page.items) {
        const auto sk = item.at("sk").get<std::string>();
        EXPECT_TRUE(seen.insert(sk).second) << "returned twice: " << sk;
      }
      if (!page.next_cursor) break;
      r.cursor = *page.next_cursor;
    }
    stop = true;
    writer.join();
    for (const auto& sk : before) EXPECT_TRUE(seen.count(sk)) << "skipped: " << sk;
    EXPECT_GT(inserted.load(), 0);
  }
}

TEST_P(RecordStoreContract, EnsureTableAddsIndexesLaterAndBackfillsThem) {
  const std::string t = Table("grow");
  store_->EnsureTable({t, "pk", "sk", {}});
  for (int i = 0; i < 1200; ++i) {
    Json item = Lead("P" + std::to_string(i % 3), Num(i));
    if (i % 2 == 0) item["status"] = i % 4 == 0 ? "open" : "won";
    if (i == 10) item["status"] = 42;  // wrong type: stays out of the new index
    store_->Put(t, item);
  }
  store_->EnsureTable({t, "pk", "sk", {{"byStatus", "status", "sk"}}});
  const auto open = Drain(*store_, {.table = t, .index = "byStatus", .partition = "open",
                                    .limit = 1000}, "sk");
  EXPECT_EQ(open.size(), 300u);
  EXPECT_TRUE(std::is_sorted(open.begin(), open.end()));
  const auto won = Drain(*store_, {.table = t, .index = "byStatus", .partition = "won",
                                   .limit = 1000}, "sk");
  EXPECT_EQ(won.size(), 299u);
  // New writes maintain it.
  store_->Put(t, Lead("P0", Num(0), {{"status", "won"}}));
  EXPECT_EQ(store_->Query({.table = t, .index = "byStatus", .partition = "won", .limit = 1000})
                .items.size(),
            300u);
  Reopen();
  EXPECT_EQ(store_->Query({.table = t, .index = "byStatus", .partition = "open", .limit = 1000})
                .items.size(),
            299u);
}

}  // namespace
}  // namespace ccrm::storage::contract
