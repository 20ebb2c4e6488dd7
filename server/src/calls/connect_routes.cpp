#include "calls/connect_routes.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "calls/firehose_delivery.hpp"
#include "common/gzip.hpp"
#include "common/json_parse.hpp"
#include "common/utf8.hpp"
#include "leads/lead_routes.hpp"

namespace ccrm::calls {
namespace {

using gateway::Request;
using gateway::Response;

// Ingestion acts for the contact center: it sees every lead to match a number, and its records
// name the API key that delivered.
leads::LeadCaller IngestCaller(const Request& r) {
  leads::LeadCaller caller = leads::CallerOf(r);
  caller.principal.groups = {"admin"};
  return caller;
}

// Applies what a body said (read whole before: nothing of a malformed body is written) and
// answers how much of it counted.
Json ApplyAll(CallService& service, const std::vector<ContactUpdate>& updates, size_t received,
              const Request& r) {
  size_t changed = 0;
  for (const ContactUpdate& update : updates) changed += service.ApplyContact(update, IngestCaller(r));
  return {{"received", received}, {"ignored", received - updates.size()}, {"changed", changed}};
}

// The CTRs in `text` (one, an array, newline-delimited or concatenated), field names prefixed.
void ReadRecords(const CallService& service, std::string_view text, const std::string& prefix,
                 std::vector<ContactUpdate>& updates, size_t& received) {
  const std::vector<Json> records = SplitJsonValues(text);
  for (size_t i = 0; i < records.size(); ++i) {
    if (auto update = ParseContactTraceRecord(records[i], fmt::format("{}[{}].", prefix, i),
                                              service.default_region())) {
      updates.push_back(std::move(*update));
    }
  }
  received += records.size();
}

// The body as sent: inflated when `Content-Encoding: gzip` (bounded like the body itself).
std::string_view DecodedBody(const Request& r, std::string& inflated) {
  const std::string* encoding = r.Header("Content-Encoding");
  if (!encoding || encoding->empty() || AsciiLower(*encoding) == "identity") return r.body;
  if (AsciiLower(*encoding) != "gzip") {
    throw ProblemException(Problem{.status = 415, .title = "Unsupported Media Type",
                                   .detail = "Content-Encoding must be gzip or identity."});
  }
  GunzipError error = GunzipError::kNone;
  std::optional<std::string> body = Gunzip(r.body, kFirehoseMaxBodyBytes, error);
  if (error == GunzipError::kTooLarge) {
    throw ProblemException(Problem{.status = 413, .title = "Content Too Large",
                                   .detail = "The body inflates past 64 MiB."});
  }
  if (!body) {
    throw ProblemException(Problem::BadRequest("The body is not gzip.", {{"body", "not gzip"}}));
  }
  inflated = std::move(*body);
  return inflated;
}

// Kinesis Data Firehose reads only its own reply: every error of a delivery in its shape.
void FirehoseShape(const Request& r, Response& response) {
  const std::string* id = r.Header(kFirehoseRequestIdHeader);
  if (!id) return;
  const Json problem = TryParseOutsideJson(response.body).value_or(Json::object());
  std::string message = problem.value("title", std::string(StatusTitle(response.status)));
  if (const std::string detail = problem.value("detail", ""); !detail.empty()) message += ": " + detail;
  if (const auto errors = problem.find("errors"); errors != problem.end() && errors->is_array()) {
    for (const Json& e : *errors) message += fmt::format(" ({}: {})", e.value("field", ""), e.value("message", ""));
  }
  response.body = FirehoseReplyBody(id->substr(0, 256), SystemClock()->NowMillis(), message);
  response.headers.Set("Content-Type", "application/json");
}

Response Firehose(CallService& service, const Request& r, std::string_view body) {
  const FirehoseRequest delivery = ParseFirehoseRequest(body);
  if (!service.DeliveryTaken(delivery.request_id)) {
    std::vector<ContactUpdate> updates;
    size_t received = 0;
    for (size_t i = 0; i < delivery.records.size(); ++i) {
      ReadRecords(service, delivery.records[i], fmt::format("records[{}].data", i), updates, received);
    }
    ApplyAll(service, updates, received, r);
    service.TakeDelivery(delivery.request_id);
  }
  return Response::WithText(200, FirehoseReplyBody(delivery.request_id, SystemClock()->NowMillis()),
                            "application/json");
}

}  // namespace

void AddConnectRoutes(gateway::Router& router, std::shared_ptr<CallService> service) {
  // Deliveries come in floods and each waits on a durable write: on the bulk pool, so they never
  // hold the workers the contact flow's lookup (a caller waits on it) and the agents need.
  const gateway::RouteOptions ingest{.bulk = true, .access = gateway::Access::ApiKey("connect:ingest")};
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
               return Response::WithJson(200, ApplyAll(*service, updates, events.size(), r));
             },
             ingest);
  gateway::RouteOptions ctr = ingest;
  ctr.max_body_bytes = kFirehoseMaxBodyBytes;
  ctr.reshape_error = FirehoseShape;
  router.Add("POST", "/api/v1/integrations/connect/ctr",
             [service](Request& r) {
               std::string inflated;
               const std::string_view body = DecodedBody(r, inflated);
               if (r.Header(kFirehoseRequestIdHeader)) return Firehose(*service, r, body);
               std::vector<ContactUpdate> updates;
               size_t received = 0;
               ReadRecords(*service, body, "", updates, received);
               if (received == 0) {
                 throw ProblemException(Problem::BadRequest("The body holds no contact trace record."));
               }
               return Response::WithJson(200, ApplyAll(*service, updates, received, r));
             },
             ctr);
  router.Add("POST", "/api/v1/integrations/s3/events",
             [service](Request& r) {
               const std::vector<CreatedObject> objects = ParseS3Notification(r.JsonBody());
               std::vector<ContactUpdate> updates;
               for (const CreatedObject& object : objects) {
                 if (auto update = service->UpdateOfObject(object)) updates.push_back(std::move(*update));
               }
               return Response::WithJson(200, ApplyAll(*service, updates, objects.size(), r));
             },
             ingest);
  router.Add("POST", "/api/v1/integrations/connect/lookup",
             [service](Request& r) {
               // A flow reads only a flat string map: whatever the body, that is the answer.
               const std::optional<Json> event = TryParseOutsideJson(r.body);
               Json answer = !event ? Json{{"found", "false"}, {"reason", "the body is not JSON"}}
                                    : service->Lookup(*event);
               // The lookup is the first word of a call with the caller's number (contact
               // events carry none): the live call gets it now, and with it its lead, so the
               // agent's screen pop by contact id finds it.
               if (event) {
                 if (auto contact = ContactOfFlowEvent(*event, service->default_region())) {
                   try {
                     service->ApplyContact(*contact, IngestCaller(r));
                   } catch (const std::exception& e) {
                     spdlog::warn("calls: the lookup of contact {} was answered but not recorded: {}",
                                  contact->contact_id, e.what());
                   }
                 }
               }
               Response response = Response::WithJson(200, answer);
               response.headers.Set("Cache-Control", "no-store");
               return response;
             },
             {.access = gateway::Access::ApiKey("connect:lookup")});
}

}  // namespace ccrm::calls
