// Lifecycle rules as configured: what parses, what is refused with a reason, and which rule
// governs a key.
#include "blobs/lifecycle_rule.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace ccrm::blobs {
namespace {

TEST(LifecycleRuleTest, ParsesBucketPrefixAndDays) {
  const LifecycleRule rule = ParseLifecycleRule("  recordings/connect/  transition=30\texpire=2555 ");
  EXPECT_EQ(rule.bucket, "recordings");
  EXPECT_EQ(rule.prefix, "connect/");
  EXPECT_EQ(rule.transition_days, 30);
  EXPECT_EQ(rule.expire_days, 2555);
  const LifecycleRule whole = ParseLifecycleRule("documents expire=0");
  EXPECT_EQ(whole.prefix, "");
  EXPECT_FALSE(whole.transition_days);
  EXPECT_EQ(whole.expire_days, 0);
}

TEST(LifecycleRuleTest, RefusesWhatIsNotARuleSayingWhy) {
  const auto why = [](const char* text) {
    try {
      (void)ParseLifecycleRule(text);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_NE(why("").find("name a bucket"), std::string::npos);
  EXPECT_NE(why("documents").find("give transition"), std::string::npos);
  EXPECT_NE(why("Documents/ expire=3").find("not a bucket name"), std::string::npos);
  EXPECT_NE(why("documents keep=3").find("not transition=DAYS"), std::string::npos);
  EXPECT_NE(why("documents expire").find("not transition=DAYS"), std::string::npos);
  EXPECT_NE(why("documents expire=3 expire=4").find("twice"), std::string::npos);
  EXPECT_NE(why("documents expire=-1").find("0 to 36500"), std::string::npos);
  EXPECT_NE(why("documents expire=36501").find("0 to 36500"), std::string::npos);
  EXPECT_NE(why("documents expire=3x").find("0 to 36500"), std::string::npos);
  EXPECT_NE(why("documents transition=30 expire=10").find("expires before"), std::string::npos);
}

TEST(LifecycleRuleTest, TheLongestMatchingPrefixGoverns) {
  const std::vector<LifecycleRule> rules = {ParseLifecycleRule("recordings/ expire=100"),
                                            ParseLifecycleRule("recordings/a/b/ expire=300"),
                                            ParseLifecycleRule("recordings/a/ expire=200"),
                                            ParseLifecycleRule("documents/x expire=1")};
  EXPECT_EQ(MatchLifecycleRule(rules, "recordings", "a/b/c.wav")->expire_days, 300);
  EXPECT_EQ(MatchLifecycleRule(rules, "recordings", "a/c.wav")->expire_days, 200);
  EXPECT_EQ(MatchLifecycleRule(rules, "recordings", "z.wav")->expire_days, 100);
  EXPECT_EQ(MatchLifecycleRule(rules, "documents", "leads/1"), nullptr);
  EXPECT_EQ(MatchLifecycleRule(rules, "nothing", "x"), nullptr);
}

}  // namespace
}  // namespace ccrm::blobs
