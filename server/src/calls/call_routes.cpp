#include "calls/call_routes.hpp"

#include <fmt/format.h>

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

// Ingestion acts for the contact center: it sees every lead to match a number, and its records
// name the API key that delivered.
leads::LeadCaller IngestCaller(const Request& r) {
  leads::LeadCaller caller = CallerOf(r);
  caller.principal.groups = {"admin"};
  return caller;
}

// Applies what a body said (read whole before: nothing of a malformed body is written) and
// answers how much of it counted.
Response ApplyAll(CallService& service, const std::vector<ContactUpdate>& updates, size_t received,
                  const Request& r) {
  size_t changed = 0;
  for (const ContactUpdate& update : updates) changed += service.ApplyContact(update, IngestCaller(r));
  return Response::WithJson(
      200, {{"received", received}, {"ignored", received - updates.size()}, {"changed", changed}});
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
  const gateway::RouteOptions ingest{.access = gateway::Access::ApiKey("connect:ingest")};
  router.Add("POST", "/api/v1/integrations/connect/events",
             [service](Request& r) {
               const Json body = r.JsonBody();
               std::vector<Json> events;
               if (body.is_array()) {
                 events = body.get<std::vector<Json>>();
               } else {
                 events.push_back(body);
               }
               std::vector<ContactUpdate> updates;
               for (size_t i = 0; i < events.size(); ++i) {
                 const std::string path = body.is_array() ? fmt::format("[{}].", i) : "";
                 if (auto update = ParseContactEvent(events[i], path)) updates.push_back(std::move(*update));
               }
               return ApplyAll(*service, updates, events.size(), r);
             },
             ingest);
  router.Add("POST", "/api/v1/integrations/connect/ctr",
             [service](Request& r) {
               const std::vector<Json> records = SplitJsonValues(r.body);
               if (records.empty()) {
                 throw ProblemException(Problem::BadRequest("The body holds no contact trace record."));
               }
               std::vector<ContactUpdate> updates;
               for (size_t i = 0; i < records.size(); ++i) {
                 if (auto update = ParseContactTraceRecord(records[i], fmt::format("[{}].", i),
                                                           service->default_region())) {
                   updates.push_back(std::move(*update));
                 }
               }
               return ApplyAll(*service, updates, records.size(), r);
             },
             ingest);
  router.Add("POST", "/api/v1/integrations/s3/events",
             [service](Request& r) {
               const std::vector<CreatedObject> objects = ParseS3Notification(r.JsonBody());
               std::vector<ContactUpdate> updates;
               for (const CreatedObject& object : objects) {
                 if (auto contact = ContactOfRecordingKey(object.key)) {
                   updates.push_back(RecordingUpdate(*contact, object));
                 }
               }
               return ApplyAll(*service, updates, objects.size(), r);
             },
             ingest);
  router.Add("POST", "/api/v1/integrations/connect/lookup",
             [service](Request& r) {
               // A flow reads only a flat string map: whatever the body, that is the answer.
               const Json event = Json::parse(r.body, nullptr, false);
               Json answer = event.is_discarded()
                                 ? Json{{"found", "false"}, {"reason", "the body is not JSON"}}
                                 : service->Lookup(event);
               Response response = Response::WithJson(200, answer);
               response.headers.Set("Cache-Control", "no-store");
               return response;
             },
             {.access = gateway::Access::ApiKey("connect:lookup")});
  router.Add("GET", "/api/v1/leads/{id}/calls",
             [service](Request& r) { return Response::WithJson(200, service->ListByLead(Id(r), CallerOf(r))); },
             users);
}

}  // namespace ccrm::calls
