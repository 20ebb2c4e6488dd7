#include "leads_client.hpp"

#include "gateway/http_types.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <ctime>

namespace ccrm::testing {

LeadsWorld StartLeadsWorld(ServerProcess::Options options) {
  LeadsWorld world;
  world.server = std::make_unique<ServerProcess>(WithAdminPassword(std::move(options)));
  world.port = world.server->port();
  world.admin = AccessToken(world.port, "admin", kAdminPassword);
  world.admin_id = BodyOf(GetWith(world.port, "/api/v1/users/me", world.admin)).value("id", "");
  world.manager = CreateUser(world.port, world.admin, "lead.manager", "manager");
  world.agent1 = CreateUser(world.port, world.admin, "lead.agent1", "agent");
  world.agent2 = CreateUser(world.port, world.admin, "lead.agent2", "agent");
  return world;
}

Json BodyOf(const HttpResponse& response) {
  return Json::parse(response.body, nullptr, false);
}

HttpResponse CallApi(uint16_t port, const std::string& method, const std::string& target,
                  const std::string& token, const Json& body, const HeaderList& extra) {
  HeaderList headers;
  if (!body.is_null()) headers.push_back({"Content-Type", "application/json"});
  if (!token.empty()) headers.push_back({"Authorization", "Bearer " + token});
  for (const auto& header : extra) headers.push_back(header);
  return Request(port, method, target, headers, body.is_null() ? std::string() : body.dump());
}

HttpResponse PatchLead(uint16_t port, const std::string& token, const std::string& id,
                       const Json& patch, const std::optional<std::string>& if_match) {
  HeaderList headers = {{"Content-Type", "application/merge-patch+json"},
                        {"Authorization", "Bearer " + token}};
  if (if_match) headers.push_back({"If-Match", *if_match});
  return Request(port, "PATCH", "/api/v1/leads/" + id, headers, patch.dump());
}

HttpResponse GetLead(uint16_t port, const std::string& token, const std::string& id) {
  return GetWith(port, "/api/v1/leads/" + id, token);
}

Json CreateLead(uint16_t port, const std::string& token, const Json& body) {
  const auto reply = PostJson(port, "/api/v1/leads", body, token);
  EXPECT_EQ(reply.status, 201) << body.dump() << " -> " << reply.body;
  const Json lead = BodyOf(reply);
  return reply.status == 201 && lead.is_object() ? lead : Json::object();
}

Json LeadBody(const std::string& first, const std::string& last) {
  return {{"firstName", first}, {"lastName", last}};
}

std::set<std::string> ErrorFields(const HttpResponse& response) {
  std::set<std::string> fields;
  const Json body = BodyOf(response);
  if (!body.is_object() || !body.contains("errors") || !body["errors"].is_array()) return fields;
  for (const Json& error : body["errors"]) {
    if (error.is_object() && error.contains("field") && error["field"].is_string()) {
      fields.insert(error["field"].get<std::string>());
    }
  }
  return fields;
}

std::vector<std::string> PageIds(const HttpResponse& response) {
  std::vector<std::string> ids;
  const Json body = BodyOf(response);
  if (!body.is_object() || !body.contains("items")) return ids;
  for (const Json& item : body["items"]) ids.push_back(item.value("id", ""));
  return ids;
}

std::vector<std::string> AllIds(uint16_t port, const std::string& token, const std::string& target,
                                int max_pages) {
  std::vector<std::string> ids;
  std::string cursor;
  const char separator = target.find('?') == std::string::npos ? '?' : '&';
  for (int page = 0; page < max_pages; ++page) {
    const std::string url =
        cursor.empty() ? target : target + separator + "cursor=" + UrlEncode(cursor);
    const auto reply = GetWith(port, url, token);
    EXPECT_EQ(reply.status, 200) << url << " -> " << reply.body;
    if (reply.status != 200) return ids;
    const Json body = BodyOf(reply);
    for (const Json& item : body["items"]) ids.push_back(item.value("id", ""));
    if (body["nextCursor"].is_null()) return ids;
    cursor = body["nextCursor"].get<std::string>();
  }
  ADD_FAILURE() << target << ": more than " << max_pages << " pages";
  return ids;
}

std::string TimeFromNow(std::chrono::milliseconds offset) {
  using namespace std::chrono;
  const auto at = time_point_cast<milliseconds>(system_clock::now() + offset);
  const auto millis = at.time_since_epoch().count() % 1000;
  const std::time_t seconds = system_clock::to_time_t(time_point_cast<system_clock::duration>(
      at - milliseconds(millis)));
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[96];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(millis));
  return text;
}

std::string UrlEncode(const std::string& text) { return gateway::PercentEncode(text); }

}  // namespace ccrm::testing
