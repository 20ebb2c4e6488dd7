#include "documents/document_routes.hpp"

#include "gateway/request_params.hpp"
#include "leads/lead_routes.hpp"

namespace ccrm::documents {
namespace {

using gateway::Request;
using leads::CallerOf;
using gateway::Response;

Response DocumentReply(int status, const Json& document) {
  Response response = Response::WithJson(status, document);
  response.headers.Set("ETag", gateway::VersionETag(document.value("version", int64_t{0})));
  return response;
}

std::string Id(const Request& request) { return std::string(request.PathParam("id")); }

}  // namespace

void AddDocumentRoutes(gateway::Router& router, std::shared_ptr<DocumentService> service) {
  const gateway::RouteOptions users{.access = gateway::Access::Users()};
  router.Add("POST", "/api/v1/leads/{id}/documents",
             [service](Request& r) {
               return Response::WithJson(201, service->Create(Id(r), r.JsonBody(), CallerOf(r)));
             },
             users);
  router.Add("GET", "/api/v1/leads/{id}/documents",
             [service](Request& r) { return Response::WithJson(200, service->List(Id(r), CallerOf(r))); },
             users);
  router.Add("GET", "/api/v1/documents/{id}",
             [service](Request& r) { return DocumentReply(200, service->Get(Id(r), CallerOf(r))); },
             users);
  router.Add("PATCH", "/api/v1/documents/{id}",
             [service](Request& r) {
               return DocumentReply(200, service->Patch(Id(r), r.JsonBody(),
                                                        gateway::IfMatchVersion(r), CallerOf(r)));
             },
             users);
  router.Add("DELETE", "/api/v1/documents/{id}",
             [service](Request& r) {
               service->Delete(Id(r), gateway::IfMatchVersion(r), CallerOf(r));
               return Response::NoContent();
             },
             users);
  router.Add("GET", "/api/v1/documents/{id}/download",
             [service](Request& r) {
               const std::string disposition = r.Query("disposition").value_or("attachment");
               if (disposition != "attachment" && disposition != "inline") {
                 throw ProblemException(Problem::Validation(
                     {{"disposition", "must be attachment or inline"}}));
               }
               Response response = Response::WithJson(
                   200, service->Download(Id(r), disposition == "inline", CallerOf(r)));
               response.headers.Set("Cache-Control", "no-store");
               return response;
             },
             users);
  router.Add("POST", "/api/v1/documents/{id}/complete",
             [service](Request& r) {
               return DocumentReply(200, service->Complete(Id(r), CallerOf(r)));
             },
             users);
}

}  // namespace ccrm::documents
