#include "common/json_parse.hpp"

#include <gtest/gtest.h>

#include <string>

#include "common/json_merge_patch.hpp"

namespace ccrm {
namespace {

std::string Nested(int depth, std::string_view open = "{\"a\":", std::string_view close = "}") {
  std::string text;
  for (int i = 0; i < depth; ++i) text += open;
  text += "1";
  for (int i = 0; i < depth; ++i) text += close;
  return text;
}

TEST(JsonParseTest, NestingIsCountedForObjectsAndArraysTogether) {
  EXPECT_TRUE(JsonNestingWithin("1", 0));
  EXPECT_TRUE(JsonNestingWithin("{}", 1));
  EXPECT_FALSE(JsonNestingWithin("{}", 0));
  EXPECT_TRUE(JsonNestingWithin(R"({"a":[{"b":[]}]})", 4));
  EXPECT_FALSE(JsonNestingWithin(R"({"a":[{"b":[]}]})", 3));
  // Siblings do not add up: depth is the deepest path, not the number of containers.
  EXPECT_TRUE(JsonNestingWithin(R"([[],[],[],[],[]])", 2));
  EXPECT_TRUE(JsonNestingWithin(Nested(kMaxJsonDepth), kMaxJsonDepth));
  EXPECT_FALSE(JsonNestingWithin(Nested(kMaxJsonDepth + 1), kMaxJsonDepth));
}

TEST(JsonParseTest, BracketsInsideStringsDoNotCount) {
  EXPECT_TRUE(JsonNestingWithin(R"({"a":"[[[[[[{{{{{"})", 1));
  // An escaped quote does not end the string; an escaped backslash before a quote does.
  EXPECT_TRUE(JsonNestingWithin(R"({"a":"\"[[[[[["})", 1));
  EXPECT_FALSE(JsonNestingWithin(R"({"a":"\\"  ,"b":[[[]]]})", 2));
  EXPECT_TRUE(JsonNestingWithin(R"({"a":"\\\"[[[["})", 1));
}

TEST(JsonParseTest, TheCrashingMergePatchIsRefusedBeforeAnyDocumentExists) {
  // The probe's body: 35,000 levels under "claim" overflowed the stack of the merge patch.
  const std::string patch = "{\"claim\":" + Nested(35000) + "}";
  EXPECT_THROW(ParseOutsideJson(patch), JsonTooDeep);
  EXPECT_FALSE(TryParseOutsideJson(patch));
  const std::string arrays = Nested(100000, "[", "]");
  EXPECT_THROW(ParseOutsideJson(arrays), JsonTooDeep);
}

TEST(JsonParseTest, WithinTheLimitEveryRecursiveWalkRuns) {
  const Json patch = ParseOutsideJson("{\"claim\":" + Nested(kMaxJsonDepth - 2) + "}");
  Json target = Json::object();
  MergePatchInPlace(target, patch);
  RemoveNulls(target);
  EXPECT_EQ(target, patch);
}

TEST(JsonParseTest, MalformedAndOverflowingTextIsAnErrorNotACrash) {
  EXPECT_THROW(ParseOutsideJson("{\"a\":"), Json::parse_error);
  EXPECT_FALSE(TryParseOutsideJson("{\"a\":"));
  EXPECT_FALSE(TryParseOutsideJson("\"unterminated"));
  const std::string huge = "{\"n\":1" + std::string(400, '0') + "}";
  EXPECT_THROW(ParseOutsideJson(huge), Json::exception);
  EXPECT_FALSE(TryParseOutsideJson(huge));
  ASSERT_TRUE(TryParseOutsideJson(R"({"a":[1,"x",null]})"));
  EXPECT_EQ((*TryParseOutsideJson(R"({"a":[1,"x",null]})"))["a"][1], "x");
}

}  // namespace
}  // namespace ccrm
