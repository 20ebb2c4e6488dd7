#include "leads/pipeline.hpp"

#include <gtest/gtest.h>

#include <string>

namespace ccrm::leads {
namespace {

TEST(PipelineTest, WireNamesRoundTrip) {
  const char* const kWire[] = {"new",        "contacted",   "qualified",   "inspection_scheduled",
                               "lor_signed", "claim_filed", "negotiating", "settled",
                               "lost"};
  ASSERT_EQ(AllLeadStatuses().size(), std::size(kWire));
  for (size_t i = 0; i < std::size(kWire); ++i) {
    const LeadStatus status = AllLeadStatuses()[i];
    EXPECT_EQ(LeadStatusName(status), kWire[i]);
    EXPECT_EQ(ParseLeadStatus(kWire[i]), status);
  }
  EXPECT_EQ(AllLeadStatuses().front(), LeadStatus::kNew);
  EXPECT_EQ(AllLeadStatuses().back(), LeadStatus::kLost);
}

TEST(PipelineTest, ParseRefusesAnythingElse) {
  for (const char* text : {"", "New", "LOST", "inspection scheduled", "inspection-scheduled",
                           " new", "new ", "unknown", "claimfiled"}) {
    EXPECT_EQ(ParseLeadStatus(text), std::nullopt) << text;
  }
}

// One row per `from`, one column per `to`, both in AllLeadStatuses() order:
// '=' no change, 'F' forward, 'L' to lost, 'R' reopen, 'B' backward, 'x' refused.
// Written out by hand from PRODUCT.md so the test does not restate the implementation.
constexpr const char* kAgentMatrix[] = {
    // n c q i l f g s L
    "=FFFFFFFL",  // new
    "x=FFFFFFL",  // contacted
    "xx=FFFFFL",  // qualified
    "xxx=FFFFL",  // inspection_scheduled
    "xxxx=FFFL",  // lor_signed
    "xxxxx=FFL",  // claim_filed
    "xxxxxx=FL",  // negotiating
    "xxxxxxx=L",  // settled
    "xRxxxxxx=",  // lost
};
constexpr const char* kManagerMatrix[] = {
    // n c q i l f g s L
    "=FFFFFFFL",  // new
    "B=FFFFFFL",  // contacted
    "BB=FFFFFL",  // qualified
    "BBB=FFFFL",  // inspection_scheduled
    "BBBB=FFFL",  // lor_signed
    "BBBBB=FFL",  // claim_filed
    "BBBBBB=FL",  // negotiating
    "BBBBBBB=L",  // settled
    "xRxxxxxx=",  // lost
};

char Code(const TransitionDecision& decision) {
  switch (decision.kind) {
    case TransitionKind::kNoChange:
      return '=';
    case TransitionKind::kForward:
      return 'F';
    case TransitionKind::kToLost:
      return 'L';
    case TransitionKind::kReopen:
      return 'R';
    case TransitionKind::kBackward:
      return 'B';
    case TransitionKind::kRefused:
      return 'x';
  }
  return '?';
}

void CheckMatrix(const char* const (&matrix)[9], bool may_move_back) {
  const auto& all = AllLeadStatuses();
  for (size_t f = 0; f < all.size(); ++f) {
    for (size_t t = 0; t < all.size(); ++t) {
      const TransitionDecision decision = CheckTransition(all[f], all[t], may_move_back);
      const std::string where = std::string(LeadStatusName(all[f])) + " -> " +
                                std::string(LeadStatusName(all[t])) +
                                (may_move_back ? " (manager)" : " (agent)");
      EXPECT_EQ(Code(decision), matrix[f][t]) << where;
      EXPECT_EQ(decision.allowed, matrix[f][t] != 'x') << where;
      EXPECT_EQ(decision.no_op, matrix[f][t] == '=') << where;
      EXPECT_FALSE(decision.reason.empty()) << where;
    }
  }
}

TEST(PipelineTest, TransitionMatrixForAgents) { CheckMatrix(kAgentMatrix, false); }

TEST(PipelineTest, TransitionMatrixForManagersAndAdmins) { CheckMatrix(kManagerMatrix, true); }

TEST(PipelineTest, RefusalsExplainThemselves) {
  const auto back = CheckTransition(LeadStatus::kClaimFiled, LeadStatus::kQualified, false);
  EXPECT_FALSE(back.allowed);
  EXPECT_NE(back.reason.find("manager"), std::string::npos) << back.reason;
  EXPECT_NE(back.reason.find("\"claim_filed\""), std::string::npos) << back.reason;
  EXPECT_NE(back.reason.find("\"qualified\""), std::string::npos) << back.reason;

  const auto skip = CheckTransition(LeadStatus::kLost, LeadStatus::kNegotiating, true);
  EXPECT_FALSE(skip.allowed);
  EXPECT_NE(skip.reason.find("\"contacted\""), std::string::npos) << skip.reason;
  EXPECT_NE(skip.reason.find("\"negotiating\""), std::string::npos) << skip.reason;
}

TEST(PipelineTest, GateCoversClaimFiledAndLater) {
  for (const LeadStatus status : AllLeadStatuses()) {
    const bool gated = status == LeadStatus::kClaimFiled || status == LeadStatus::kNegotiating ||
                       status == LeadStatus::kSettled;
    EXPECT_EQ(RequiresClaimDocuments(status), gated) << LeadStatusName(status);
    // Without any document, an ungated stage misses nothing and a gated one misses both.
    EXPECT_EQ(MissingClaimDocuments(status, {}).size(), gated ? 2u : 0u) << LeadStatusName(status);
  }
}

TEST(PipelineTest, GateNamesWhatIsMissing) {
  using Missing = std::vector<std::string>;
  const LeadStatus to = LeadStatus::kClaimFiled;
  EXPECT_EQ(MissingClaimDocuments(to, {}), (Missing{"lor", "policy or declarations_page"}));
  EXPECT_EQ(MissingClaimDocuments(to, {"lor"}), (Missing{"policy or declarations_page"}));
  EXPECT_EQ(MissingClaimDocuments(to, {"policy"}), (Missing{"lor"}));
  EXPECT_EQ(MissingClaimDocuments(to, {"declarations_page"}), (Missing{"lor"}));
  EXPECT_EQ(MissingClaimDocuments(to, {"lor", "policy"}), Missing{});
  EXPECT_EQ(MissingClaimDocuments(to, {"lor", "declarations_page"}), Missing{});
  EXPECT_EQ(MissingClaimDocuments(to, {"lor", "policy", "declarations_page", "photo"}), Missing{});
  // Other categories do not stand in for the required ones.
  EXPECT_EQ(MissingClaimDocuments(LeadStatus::kSettled, {"photo", "estimate", "contract"}),
            (Missing{"lor", "policy or declarations_page"}));
  EXPECT_EQ(MissingClaimDocuments(LeadStatus::kNegotiating, {"LOR", "Policy"}),
            (Missing{"lor", "policy or declarations_page"}));
  // Ungated stages never miss anything.
  EXPECT_EQ(MissingClaimDocuments(LeadStatus::kLorSigned, {}), Missing{});
  EXPECT_EQ(MissingClaimDocuments(LeadStatus::kLost, {}), Missing{});
}

TEST(PipelineTest, GateDetailNamesTheStageAndTheDocuments) {
  const std::string both = MissingClaimDocumentsDetail(
      LeadStatus::kClaimFiled, MissingClaimDocuments(LeadStatus::kClaimFiled, {}));
  EXPECT_NE(both.find("\"claim_filed\""), std::string::npos) << both;
  EXPECT_NE(both.find("missing: a lor document and a policy or declarations_page document."),
            std::string::npos)
      << both;
  const std::string one =
      MissingClaimDocumentsDetail(LeadStatus::kSettled, {"policy or declarations_page"});
  EXPECT_NE(one.find("missing: a policy or declarations_page document."), std::string::npos) << one;
}

}  // namespace
}  // namespace ccrm::leads
