// Helpers the leads integration tests share: a server with an admin, a manager and two agents
// signed in, lead requests with a bearer token (and If-Match), problem-body field names, and a
// walk over every page of a cursor-paginated list.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "identity_client.hpp"

namespace ccrm::testing {

// One server (fresh data dir) and the users the leads tests act as.
struct LeadsWorld {
  std::unique_ptr<ServerProcess> server;
  uint16_t port = 0;
  std::string admin;  // the bootstrap admin's access token
  std::string admin_id;
  TestUser manager;
  TestUser agent1;
  TestUser agent2;
};
LeadsWorld StartLeadsWorld(ServerProcess::Options options = {});

// The JSON body (a discarded value when it does not parse, so assertions fail readably).
Json BodyOf(const HttpResponse& response);

// `method target` with an optional JSON body, a bearer token and extra headers.
HttpResponse CallApi(uint16_t port, const std::string& method, const std::string& target,
                  const std::string& token, const Json& body = nullptr,
                  const HeaderList& extra = {});

// PATCH /api/v1/leads/{id} with Content-Type application/merge-patch+json (RFC 7396), and
// If-Match when given.
HttpResponse PatchLead(uint16_t port, const std::string& token, const std::string& id,
                       const Json& patch, const std::optional<std::string>& if_match = {});
HttpResponse GetLead(uint16_t port, const std::string& token, const std::string& id);

// POST /api/v1/leads expecting 201; the created lead (empty object on failure, with a
// non-fatal failure recorded).
Json CreateLead(uint16_t port, const std::string& token, const Json& body);

// A minimal valid lead body.
Json LeadBody(const std::string& first, const std::string& last);

// The `field` of every errors[] entry of a problem body.
std::set<std::string> ErrorFields(const HttpResponse& response);

// Follows nextCursor from `target` (which carries its own query; "&cursor=" is appended) and
// returns every item's id in order. Stops after `max_pages` (a failure then).
std::vector<std::string> AllIds(uint16_t port, const std::string& token, const std::string& target,
                                int max_pages = 200);

// The ids of the first page's items.
std::vector<std::string> PageIds(const HttpResponse& response);

// RFC 3339 UTC with milliseconds, `offset` from now.
std::string TimeFromNow(std::chrono::milliseconds offset);

// Percent-encodes a query-parameter value.
std::string UrlEncode(const std::string& text);

}  // namespace ccrm::testing
