#include "auth/api_key_routes.hpp"

#include <charconv>

#include "common/json_members.hpp"
#include "common/problem.hpp"

namespace ccrm::auth {
namespace {

ApiKeyActor ActorOf(const gateway::Request& request) {
  return {.actor = request.principal.id, .request_id = request.request_id, .ip = request.remote_ip};
}

int ParseLimit(const gateway::Request& request) {
  const auto text = request.Query("limit");
  if (!text) return 50;
  int value = 0;
  const char* end = text->data() + text->size();
  const auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (ec != std::errc() || ptr != end || value < 1 || value > 200) {
    throw ProblemException(Problem::Validation({{"limit", "must be between 1 and 200"}}));
  }
  return value;
}

gateway::Response ListKeys(ApiKeyService& keys, gateway::Request& request) {
  const std::string cursor = request.Query("cursor").value_or("");
  ApiKeyPage page;
  try {
    page = keys.List(ParseLimit(request), cursor);
  } catch (const std::invalid_argument&) {
    throw ProblemException(
        Problem::Validation({{"cursor", "is not a cursor this endpoint returned"}}));
  }
  Json items = Json::array();
  for (const ApiKey& key : page.items) items.push_back(key.ToJson());
  return gateway::Response::WithJson(
      200, {{"items", std::move(items)},
            {"nextCursor", page.next_cursor ? Json(*page.next_cursor) : Json(nullptr)}});
}

gateway::Response CreateKey(ApiKeyService& keys, gateway::Request& request) {
  const Json body = request.JsonBody();
  RequireKnownMembers(body, {"name", "scopes"});
  std::vector<FieldError> errors;
  std::string name;
  if (const auto it = body.find("name"); it == body.end() || !it->is_string()) {
    errors.push_back({"name", "is required and must be a string"});
  } else {
    name = it->get<std::string>();
  }
  std::vector<std::string> scopes;
  if (const auto it = body.find("scopes"); it == body.end() || !it->is_array()) {
    errors.push_back({"scopes", "is required and must be an array of strings"});
  } else {
    for (const auto& scope : *it) {
      if (!scope.is_string()) {
        errors.push_back({"scopes", "must be an array of strings"});
        break;
      }
      scopes.push_back(scope.get<std::string>());
    }
  }
  if (!errors.empty()) throw ProblemException(Problem::Validation(std::move(errors)));
  const CreatedApiKey created = keys.Create(name, scopes, ActorOf(request));
  gateway::Response response = gateway::Response::WithJson(
      201, {{"apiKey", created.key.ToJson()}, {"secret", created.secret}});
  response.headers.Set("Location", "/api/v1/api-keys/" + created.key.id);
  // The secret is in this body and nowhere else: no cache may keep it.
  response.headers.Set("Cache-Control", "no-store");
  return response;
}

}  // namespace

void AddApiKeyRoutes(gateway::Router& router, std::shared_ptr<ApiKeyService> keys) {
  const gateway::RouteOptions admin{
      .offload = true, .quiet = false, .access = gateway::Access::Users({"admin"})};
  router.Add(
      "GET", "/api/v1/api-keys",
      [keys](gateway::Request& request) { return ListKeys(*keys, request); }, admin);
  router.Add(
      "POST", "/api/v1/api-keys",
      [keys](gateway::Request& request) { return CreateKey(*keys, request); }, admin);
  router.Add(
      "DELETE", "/api/v1/api-keys/{id}",
      [keys](gateway::Request& request) {
        if (!keys->Revoke(std::string(request.PathParam("id")), ActorOf(request))) {
          throw ProblemException(Problem::NotFound());
        }
        return gateway::Response::NoContent();
      },
      admin);
}

}  // namespace ccrm::auth
