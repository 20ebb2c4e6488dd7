// A page of leads serializes to the same bytes whether it holds parsed items (a list) or
// snapshots (a search), and hands its leads out without copying when it is done with.
#include <gtest/gtest.h>

#include "leads/lead_queries.hpp"
#include "leads/lead_snapshot_cache.hpp"

namespace ccrm::leads {
namespace {

Json Lead(const std::string& id, const std::string& last) {
  return {{"id", id},           {"firstName", "Ana"}, {"lastName", last},
          {"status", "new"},    {"version", 3},       {"tags", {"Roof"}},
          {"note", "caf\xc3\xa9"}};
}

TEST(LeadPageTest, ItemsAndSnapshotsSerializeAlike) {
  LeadPage list;
  LeadPage search;
  for (const auto& [id, last] : {std::pair{"lead_1", "Ortiz"}, std::pair{"lead_2", "Lee"}}) {
    list.items.push_back(Lead(id, last));
    search.snapshots.push_back(MakeLeadSnapshot(Lead(id, last)));
  }
  list.next_cursor = search.next_cursor = "abc\"def";
  EXPECT_EQ(list.Serialize(), search.Serialize());
  const Json parsed = Json::parse(list.Serialize());
  EXPECT_EQ(parsed["items"], list.items);
  EXPECT_EQ(parsed["nextCursor"], "abc\"def");
  EXPECT_EQ(Json::parse(list.Serialize()), list.ToJson());
  EXPECT_EQ(search.Leads(), list.Leads());

  EXPECT_EQ(LeadPage{}.Serialize(), R"({"items":[],"nextCursor":null})");
}

TEST(LeadPageTest, AnRvaluePageMovesItsItemsOut) {
  LeadPage page;
  page.items.push_back(Lead("lead_1", "Ortiz"));
  const Json copied = page.Leads();
  EXPECT_EQ(page.items.size(), 1u);  // an lvalue page keeps them
  const Json moved = std::move(page).Leads();
  EXPECT_EQ(moved, copied);
  EXPECT_TRUE(page.items.empty() || page.items.is_null());  // NOLINT(bugprone-use-after-move)
}

}  // namespace
}  // namespace ccrm::leads
