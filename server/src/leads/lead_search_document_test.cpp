// What the search index is given for a lead: the words of its fields, phone numbers as digits
// in the groups people type, each token once.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "leads/lead_repository.hpp"

namespace ccrm::leads {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> Words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> words;
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

TEST(LeadSearchDocumentTest, PhonesAreIndexedWholeAndInTheirGroupsOnce) {
  const Json lead = {{"id", "lead_a"},
                     {"firstName", "Ann"},
                     {"lastName", "Smith"},
                     {"phones",
                      {{{"number", "(512) 555-0134"}, {"e164", "+15125550134"}},
                       {{"number", "020 7946 0958"}, {"e164", "+442079460958"}},
                       {{"number", "512.555.01.34"}, {"e164", "+15125550134"}}}}};
  const storage::SearchDocument doc = LeadSearchDocument(lead);
  EXPECT_EQ(doc.id, "lead_a");
  EXPECT_EQ(doc.text.at("name"), "Ann Smith");
  // Per number: its digits, for NANP the national number and its 3-3-4 groups, then the
  // groups as typed that are not there yet.
  EXPECT_THAT(Words(doc.text.at("phone")),
              ElementsAre("15125550134", "5125550134", "512", "555", "0134",  //
                          "442079460958", "020", "7946", "0958",              //
                          "15125550134", "5125550134", "512", "555", "0134", "01", "34"));
}

TEST(LeadSearchDocumentTest, ADeletedLeadHasNoDocument) {
  const Json live = {{"id", "lead_a"}, {"lastName", "Smith"}, {"status", "new"}};
  const LeadSearchEntry entry = LeadSearchEntryOf(live);
  EXPECT_EQ(entry.id, "lead_a");
  ASSERT_TRUE(entry.document.has_value());
  EXPECT_EQ(entry.document->filters.at("status"), "new");
  Json deleted = live;
  deleted["deletedAt"] = "2026-11-27T00:00:00.000Z";
  EXPECT_EQ(LeadSearchEntryOf(deleted).id, "lead_a");
  EXPECT_FALSE(LeadSearchEntryOf(deleted).document.has_value());
}

}  // namespace
}  // namespace ccrm::leads
