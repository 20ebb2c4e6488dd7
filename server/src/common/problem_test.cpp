#include "common/problem.hpp"

#include <gtest/gtest.h>

#include <string>

namespace ccrm {
namespace {

TEST(ProblemTest, DetailsAndFieldErrorsNeverEchoUnboundedInput) {
  const std::string number = "1" + std::string(400000, '0');
  Problem problem = Problem::BadRequest("number overflow parsing '" + number + "'",
                                        {{"claim." + number, "is not " + number}});
  const Json body = problem.ToJson();
  EXPECT_LE(body["detail"].get<std::string>().size(), 520u);
  EXPECT_LE(body["errors"][0]["field"].get<std::string>().size(), 210u);
  EXPECT_LE(body["errors"][0]["message"].get<std::string>().size(), 310u);
  EXPECT_TRUE(body["detail"].get<std::string>().ends_with("\xE2\x80\xA6"));
  EXPECT_LT(body.dump().size(), 2000u);
}

TEST(ProblemTest, TruncationKeepsCharactersWhole) {
  // 3-byte characters from the start: the cut must not split one, or the reply is not UTF-8.
  std::string detail;
  for (int i = 0; i < 400; ++i) detail += "\xE2\x82\xAC";  // €
  const Json body = Problem::BadRequest(detail).ToJson();
  EXPECT_NO_THROW((void)body.dump());  // dump() throws on invalid UTF-8
  const std::string cut = body["detail"].get<std::string>();
  EXPECT_EQ((cut.size() - 3) % 3, 0u);
}

TEST(ProblemTest, ShortTextIsKeptAsItIs) {
  const Json body = Problem::BadRequest("The request body is empty.", {{"body", "required"}})
                        .ToJson();
  EXPECT_EQ(body["detail"], "The request body is empty.");
  EXPECT_EQ(body["errors"][0]["field"], "body");
  EXPECT_EQ(body["status"], 400);
}

}  // namespace
}  // namespace ccrm
