// The OpenAPI document and the router must describe the same API: a route the document lacks,
// or a documented operation the server does not answer, fails here.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>

#include "app/application.hpp"
#include "app/openapi_document.hpp"
#include "common/json.hpp"
#include "common/scratch_dir.hpp"

namespace ccrm::app {
namespace {

class OpenApiTest : public ::testing::Test {
 protected:
  void SetUp() override { document_ = Json::parse(OpenApiJson()); }

  const ccrm::testing::ScratchDir scratch_{"openapi-test"};
  const std::filesystem::path dir_ = scratch_.path() / "data";
  Json document_;
};

TEST_F(OpenApiTest, IsOpenApi31WithInfo) {
  EXPECT_TRUE(document_["openapi"].get<std::string>().starts_with("3.1"));
  EXPECT_FALSE(document_["info"]["title"].get<std::string>().empty());
  EXPECT_FALSE(document_["info"]["version"].get<std::string>().empty());
}

// A route's pattern as the document writes it: OpenAPI has no catch-all, so the router's
// `{key+}` (the rest of the path) is `{key}` there.
std::string DocumentedPattern(std::string pattern) {
  const size_t plus = pattern.rfind("+}");
  if (plus != std::string::npos && plus + 2 == pattern.size()) pattern.erase(plus, 1);
  return pattern;
}

TEST_F(OpenApiTest, RouterAndDocumentAgree) {
  Config config = LoadConfig("", {{"CCRM_STORAGE_DATA_DIR", dir_.string()}});
  Application app(config);
  app.Open();

  std::set<std::string> served;
  for (const auto& route : app.router().Routes()) {
    served.insert(route->method + " " + DocumentedPattern(route->pattern));
  }
  std::set<std::string> documented;
  static const std::set<std::string> kMethods = {"get",   "put",  "post",   "delete",
                                                 "patch", "head", "options"};
  for (const auto& [path, item] : document_["paths"].items()) {
    for (const auto& [method, operation] : item.items()) {
      if (!kMethods.contains(method)) continue;
      std::string upper = method;
      std::transform(upper.begin(), upper.end(), upper.begin(),
                     [](unsigned char c) { return std::toupper(c); });
      documented.insert(upper + " " + path);
      EXPECT_TRUE(operation.contains("responses")) << upper << " " << path;
      EXPECT_TRUE(operation.contains("operationId")) << upper << " " << path;
    }
  }
  for (const auto& route : served) {
    EXPECT_TRUE(documented.contains(route)) << "served but not in api/openapi.yaml: " << route;
  }
  for (const auto& route : documented) {
    EXPECT_TRUE(served.contains(route)) << "in api/openapi.yaml but not served: " << route;
  }
  EXPECT_FALSE(served.empty());
}

// The access a route declares, in the notation of the document's `x-access`.
std::string AccessNotation(const gateway::Access& access) {
  switch (access.kind) {
    case gateway::Access::Kind::kPublic:
      return "public";
    case gateway::Access::Kind::kApiKey:
      return "apikey:" + access.scope;
    case gateway::Access::Kind::kUser: {
      if (access.groups.empty()) return "users";
      std::string text = "users:";
      for (size_t i = 0; i < access.groups.size(); ++i) {
        text += (i ? "," : "") + access.groups[i];
      }
      return text;
    }
  }
  return "?";
}

TEST_F(OpenApiTest, EveryOperationStatesTheAccessItsRouteEnforces) {
  Config config = LoadConfig("", {{"CCRM_STORAGE_DATA_DIR", dir_.string()}});
  Application app(config);
  app.Open();
  int checked = 0;
  for (const auto& route : app.router().Routes()) {
    std::string method = route->method;
    std::transform(method.begin(), method.end(), method.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    const Json& paths = document_["paths"];
    const std::string pattern = DocumentedPattern(route->pattern);
    if (!paths.contains(pattern) || !paths[pattern].contains(method)) {
      continue;  // RouterAndDocumentAgree reports it
    }
    const Json& operation = paths[pattern][method];
    ASSERT_TRUE(operation.contains("x-access")) << route->method << " " << route->pattern;
    EXPECT_EQ(operation["x-access"], AccessNotation(route->options.access))
        << route->method << " " << route->pattern;
    ++checked;
  }
  EXPECT_GT(checked, 0);
}

TEST_F(OpenApiTest, LocalReferencesResolve) {
  // Every "$ref": "#/components/..." points at something that exists.
  std::vector<std::string> missing;
  std::function<void(const Json&)> walk = [&](const Json& node) {
    if (node.is_object()) {
      if (auto it = node.find("$ref"); it != node.end() && it->is_string()) {
        const std::string ref = *it;
        if (ref.starts_with("#/")) {
          const Json::json_pointer pointer(ref.substr(1));
          if (!document_.contains(pointer)) missing.push_back(ref);
        }
      }
      for (const auto& [key, child] : node.items()) walk(child);
    } else if (node.is_array()) {
      for (const auto& child : node) walk(child);
    }
  };
  walk(document_);
  EXPECT_TRUE(missing.empty()) << "unresolved: " << missing.front();
}

}  // namespace
}  // namespace ccrm::app
