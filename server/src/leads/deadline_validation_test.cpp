// Deadline bodies (POST and PATCH /leads/{id}/deadlines): kinds, times, notes, members.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "leads/lead_validation.hpp"

namespace ccrm::leads {
namespace {

TEST(DeadlineValidationTest, CreateNormalizesAndRequiresKindAndDueAt) {
  Json body = {{"kind", "proof_of_loss"},
               {"dueAt", "2025-07-01T17:00:00-04:00"},
               {"note", " Send sworn POL \n with estimate "},
               {"doneAt", nullptr}};
  EXPECT_TRUE(ValidateDeadlineInput(body, true).empty());
  EXPECT_EQ(body, Json::parse(R"({"kind": "proof_of_loss", "dueAt": "2025-07-01T21:00:00.000Z",
                                  "note": "Send sworn POL \n with estimate"})"));
  Json empty = Json::object();
  const auto errors = ValidateDeadlineInput(empty, true);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].field, "kind");
  EXPECT_EQ(errors[0].message, "is required");
  EXPECT_EQ(errors[1].field, "dueAt");
}

TEST(DeadlineValidationTest, RefusesBadMembers) {
  Json body = {{"kind", "lunch"}, {"dueAt", "tomorrow"},
               {"doneAt", 5},     {"note", std::string(2001, 'n')},
               {"id", "dl_1"},    {"owner", "x"}};
  std::vector<std::pair<std::string, std::string>> got;
  for (const auto& e : ValidateDeadlineInput(body, true)) got.emplace_back(e.field, e.message);
  const std::vector<std::pair<std::string, std::string>> want = {
      {"id", "is read-only"},
      {"owner", "is not a known field"},
      {"kind",
       "must be one of follow_up, proof_of_loss, suit_limitation, carrier_response, "
       "reinspection, appraisal, other"},
      {"dueAt", "must be an RFC 3339 date-time such as 2025-06-01T14:30:00Z"},
      {"doneAt", "must be a string"},
      {"note", "must be at most 2000 characters"}};
  EXPECT_EQ(got, want);
  Json not_object = Json::array();
  EXPECT_EQ(ValidateDeadlineInput(not_object, false).size(), 1u);
}

TEST(DeadlineValidationTest, UpdateKeepsNullsThatReopenOrClear) {
  Json body = {{"doneAt", nullptr}, {"note", "  "}};
  EXPECT_TRUE(ValidateDeadlineInput(body, false).empty());
  EXPECT_EQ(body, Json::parse(R"({"doneAt": null, "note": null})"));
  Json done = {{"doneAt", "2025-07-01T12:00:00Z"}};
  EXPECT_TRUE(ValidateDeadlineInput(done, false).empty());
  EXPECT_EQ(done["doneAt"], "2025-07-01T12:00:00.000Z");
  Json removal = {{"kind", nullptr}, {"dueAt", nullptr}};
  const auto errors = ValidateDeadlineInput(removal, false);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].message, "cannot be removed");
  Json nothing = Json::object();
  EXPECT_TRUE(ValidateDeadlineInput(nothing, false).empty());
}

}  // namespace
}  // namespace ccrm::leads
