#include "gateway/request_params.hpp"

#include <gtest/gtest.h>

#include "common/problem.hpp"
#include "gateway/http_types.hpp"

namespace ccrm::gateway {
namespace {

std::optional<int64_t> VersionOf(const std::string& if_match) {
  Request request;
  request.headers.Add("If-Match", if_match);
  return IfMatchVersion(request);
}

int StatusOf(const std::string& if_match) {
  try {
    VersionOf(if_match);
  } catch (const ProblemException& e) {
    return e.problem().status;
  }
  return 0;
}

TEST(IfMatchVersion, ReadsTheStrongTagOrTheBareVersion) {
  EXPECT_EQ(IfMatchVersion(Request{}), std::nullopt);
  EXPECT_EQ(VersionOf("\"7\""), 7);
  EXPECT_EQ(VersionOf("7"), 7);
  EXPECT_EQ(VersionOf(" \"12\" "), 12);
  EXPECT_EQ(VersionOf("*"), std::nullopt);  // any current version
}

TEST(IfMatchVersion, AWeakTagIs412AndGarbageIs400) {
  EXPECT_EQ(StatusOf("W/\"7\""), 412);
  for (const char* bad : {"", "*x", "\"\"", "\"7", "seven", "\"1\", \"2\"", "-1", "\"-3\"",
                          "99999999999999999999999"}) {
    EXPECT_EQ(StatusOf(bad), 400) << bad;
  }
  try {
    VersionOf("garbage");
  } catch (const ProblemException& e) {
    ASSERT_EQ(e.problem().errors.size(), 1u);
    EXPECT_EQ(e.problem().errors[0].field, "If-Match");
  }
}

}  // namespace
}  // namespace ccrm::gateway

namespace ccrm::gateway {
namespace {

TEST(PercentEncoding, EncodesAllButUnreservedAndDecodesBack) {
  EXPECT_EQ(PercentEncode("a-Z_0.9~"), "a-Z_0.9~");
  EXPECT_EQ(PercentEncode("+1 (512) é/&="), "%2B1%20%28512%29%20%C3%A9%2F%26%3D");
  const std::string every_byte = [] {
    std::string s;
    for (int c = 0; c < 256; ++c) s += static_cast<char>(c);
    return s;
  }();
  EXPECT_EQ(PercentDecode(PercentEncode(every_byte), false), every_byte);
  EXPECT_EQ(PercentDecode("a+b", true), "a b");
  EXPECT_EQ(PercentDecode("%zz", false), std::nullopt);
}

}  // namespace
}  // namespace ccrm::gateway
