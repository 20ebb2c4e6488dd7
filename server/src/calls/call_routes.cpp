#include "calls/call_routes.hpp"

#include <charconv>

#include "gateway/request_params.hpp"
#include "leads/lead_routes.hpp"

namespace ccrm::calls {
namespace {

using gateway::Request;
using gateway::Response;
using leads::CallerOf;

Response CallReply(int status, const Json& call) {
  Response response = Response::WithJson(status, call);
  response.headers.Set("ETag", gateway::VersionETag(call.value("version", int64_t{0})));
  return response;
}

std::string Id(const Request& request) { return std::string(request.PathParam("id")); }

CallFilter FilterOf(const Request& r) {
  CallFilter filter;
  filter.lead_id = r.Query("leadId").value_or("");
  filter.contact_id = r.Query("contactId").value_or("");
  filter.agent = r.Query("agent").value_or("");
  filter.direction = r.Query("direction").value_or("");
  filter.disposition = r.Query("disposition").value_or("");
  filter.from = r.Query("from").value_or("");
  filter.to = r.Query("to").value_or("");
  filter.cursor = r.Query("cursor").value_or("");
  const std::string unmatched = r.Query("unmatched").value_or("false");
  if (unmatched != "true" && unmatched != "false") {
    throw ProblemException(Problem::Validation({{"unmatched", "must be true or false"}}));
  }
  filter.unmatched = unmatched == "true";
  if (const auto limit = r.Query("limit")) {
    int value = 0;
    const auto [end, error] = std::from_chars(limit->data(), limit->data() + limit->size(), value);
    if (error != std::errc() || end != limit->data() + limit->size()) {
      throw ProblemException(Problem::Validation({{"limit", "must be 1 to 200"}}));
    }
    filter.limit = value;
  }
  return filter;
}

}  // namespace

void AddCallRoutes(gateway::Router& router, std::shared_ptr<CallService> service) {
  const gateway::RouteOptions users{.access = gateway::Access::Users()};
  router.Add("POST", "/api/v1/calls",
             [service](Request& r) { return CallReply(201, service->Create(r.JsonBody(), CallerOf(r))); },
             users);
  router.Add("GET", "/api/v1/calls",
             [service](Request& r) { return Response::WithJson(200, service->List(FilterOf(r), CallerOf(r))); },
             users);
  router.Add("GET", "/api/v1/calls/summary",
             [service](Request& r) {
               return Response::WithJson(
                   200, service->Summary(static_cast<int>(gateway::IntQuery(r, "days", 14, 1, 90)),
                                         static_cast<int>(gateway::IntQuery(r, "utcOffsetMinutes", 0, -14 * 60, 14 * 60)),
                                         CallerOf(r)));
             },
             users);
  router.Add("GET", "/api/v1/calls/{id}",
             [service](Request& r) { return CallReply(200, service->Get(Id(r), CallerOf(r))); },
             users);
  router.Add("PATCH", "/api/v1/calls/{id}",
             [service](Request& r) {
               return CallReply(200, service->Patch(Id(r), r.JsonBody(), gateway::IfMatchVersion(r),
                                                    CallerOf(r)));
             },
             users);
  router.Add("GET", "/api/v1/calls/{id}/recording",
             [service](Request& r) {
               Response response = Response::WithJson(200, service->Recording(Id(r), CallerOf(r)));
               response.headers.Set("Cache-Control", "no-store");
               return response;
             },
             users);
  router.Add("POST", "/api/v1/calls/{id}/create-lead",
             [service](Request& r) {
               const Json body = r.body.empty() ? Json::object() : r.JsonBody();
               return Response::WithJson(201, service->CreateLead(Id(r), body, CallerOf(r)));
             },
             users);
  router.Add("GET", "/api/v1/calls/{id}/transcript",
             [service](Request& r) {
               return Response::WithJson(
                   200, service->Transcript(Id(r), std::string(r.Query("q").value_or("")), CallerOf(r)));
             },
             users);
  router.Add("GET", "/api/v1/leads/{id}/calls",
             [service](Request& r) { return Response::WithJson(200, service->ListByLead(Id(r), CallerOf(r))); },
             users);
}

}  // namespace ccrm::calls
