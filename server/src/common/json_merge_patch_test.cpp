#include "common/json_merge_patch.hpp"

#include <gtest/gtest.h>

namespace ccrm {
namespace {

Json P(const char* text) { return Json::parse(text); }

// Every example of RFC 7396 Appendix A, in the RFC's order.
TEST(JsonMergePatchTest, Rfc7396AppendixA) {
  const struct {
    const char* original;
    const char* patch;
    const char* result;
  } kExamples[] = {
      {R"({"a":"b"})", R"({"a":"c"})", R"({"a":"c"})"},
      {R"({"a":"b"})", R"({"b":"c"})", R"({"a":"b","b":"c"})"},
      {R"({"a":"b"})", R"({"a":null})", R"({})"},
      {R"({"a":"b","b":"c"})", R"({"a":null})", R"({"b":"c"})"},
      {R"({"a":["b"]})", R"({"a":"c"})", R"({"a":"c"})"},
      {R"({"a":"c"})", R"({"a":["b"]})", R"({"a":["b"]})"},
      {R"({"a":{"b":"c"}})", R"({"a":{"b":"d","c":null}})", R"({"a":{"b":"d"}})"},
      {R"({"a":[{"b":"c"}]})", R"({"a":[1]})", R"({"a":[1]})"},
      {R"(["a","b"])", R"(["c","d"])", R"(["c","d"])"},
      {R"({"a":"b"})", R"(["c"])", R"(["c"])"},
      {R"({"a":"foo"})", R"(null)", R"(null)"},
      {R"({"a":"foo"})", R"("bar")", R"("bar")"},
      {R"({"e":null})", R"({"a":1})", R"({"e":null,"a":1})"},
      {R"([1,2])", R"({"a":"b","c":null})", R"({"a":"b"})"},
      {R"({})", R"({"a":{"bb":{"ccc":null}}})", R"({"a":{"bb":{}}})"},
  };
  for (const auto& example : kExamples) {
    EXPECT_EQ(ApplyMergePatch(P(example.original), P(example.patch)), P(example.result))
        << example.original << " + " << example.patch;
    Json in_place = P(example.original);
    MergePatchInPlace(in_place, P(example.patch));
    EXPECT_EQ(in_place, P(example.result)) << example.original << " + " << example.patch;
  }
}

TEST(JsonMergePatchTest, NullRemovesAndAbsentMemberIsNoError) {
  EXPECT_EQ(ApplyMergePatch(P(R"({"email":"a@b.c","source":"web"})"), P(R"({"email":null})")),
            P(R"({"source":"web"})"));
  EXPECT_EQ(ApplyMergePatch(P(R"({"source":"web"})"), P(R"({"email":null})")),
            P(R"({"source":"web"})"));
}

TEST(JsonMergePatchTest, NestedObjectsAreMerged) {
  const Json lead = P(R"({"claim":{"carrier":"Acme","adjuster":{"name":"Ann","phone":"555"}},
                         "status":"new"})");
  const Json patch = P(R"({"claim":{"adjuster":{"phone":null,"email":"ann@acme.test"}}})");
  EXPECT_EQ(ApplyMergePatch(lead, patch),
            P(R"({"claim":{"carrier":"Acme","adjuster":{"name":"Ann","email":"ann@acme.test"}},
                  "status":"new"})"));
}

TEST(JsonMergePatchTest, ArraysAreReplacedWhole) {
  EXPECT_EQ(ApplyMergePatch(P(R"({"tags":["a","b","c"]})"), P(R"({"tags":["b"]})")),
            P(R"({"tags":["b"]})"));
  EXPECT_EQ(ApplyMergePatch(P(R"({"tags":["a"]})"), P(R"({"tags":[]})")), P(R"({"tags":[]})"));
  // An array holding objects is not merged element by element either.
  EXPECT_EQ(ApplyMergePatch(P(R"({"phones":[{"number":"1","type":"home"}]})"),
                            P(R"({"phones":[{"number":"2"}]})")),
            P(R"({"phones":[{"number":"2"}]})"));
}

TEST(JsonMergePatchTest, NonObjectPatchReplacesTheTarget) {
  EXPECT_EQ(ApplyMergePatch(P(R"({"a":1})"), P("42")), P("42"));
  EXPECT_EQ(ApplyMergePatch(P(R"({"a":1})"), P("true")), P("true"));
  EXPECT_EQ(ApplyMergePatch(P(R"({"a":{"b":1}})"), P(R"({"a":"x"})")), P(R"({"a":"x"})"));
  // And an object patch turns a non-object target into an object.
  EXPECT_EQ(ApplyMergePatch(P("\"text\""), P(R"({"a":1})")), P(R"({"a":1})"));
  EXPECT_EQ(ApplyMergePatch(P(R"({"a":"x"})"), P(R"({"a":{"b":1}})")), P(R"({"a":{"b":1}})"));
}

TEST(JsonMergePatchTest, ResultNeverHoldsNullsFromThePatch) {
  const Json patch = P(R"({"a":null,"b":{"c":null,"d":{"e":null}},"f":{"g":null}})");
  const Json result = ApplyMergePatch(P(R"({"b":{"c":1},"f":"x"})"), patch);
  EXPECT_EQ(result, P(R"({"b":{"d":{}},"f":{}})"));
  EXPECT_EQ(result.dump().find("null"), std::string::npos);
}

TEST(JsonMergePatchTest, EmptyPatchChangesNothing) {
  const Json lead = P(R"({"a":{"b":[1,2]},"c":null})");
  EXPECT_EQ(ApplyMergePatch(lead, Json::object()), lead);
}

TEST(JsonMergePatchTest, TargetIsNotModified) {
  const Json lead = P(R"({"a":{"b":1}})");
  const Json copy = lead;
  (void)ApplyMergePatch(lead, P(R"({"a":{"b":null}})"));
  EXPECT_EQ(lead, copy);
}

TEST(JsonMergePatchTest, RemoveNullsAtAnyDepth) {
  Json document = P(R"({"a":null,"b":{"c":null,"d":1},"e":[null,{"f":null,"g":2}],"h":"x"})");
  RemoveNulls(document);
  EXPECT_EQ(document, P(R"({"b":{"d":1},"e":[null,{"g":2}],"h":"x"})"));
  Json scalar = P("null");
  RemoveNulls(scalar);
  EXPECT_TRUE(scalar.is_null());
}

}  // namespace
}  // namespace ccrm
