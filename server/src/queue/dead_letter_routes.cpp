#include "queue/dead_letter_routes.hpp"

#include "common/problem.hpp"
#include "gateway/request_params.hpp"

namespace ccrm::queue {
namespace {

DeadLetterActor ActorOf(const gateway::Request& request) {
  return {.actor = request.principal.id, .request_id = request.request_id, .ip = request.remote_ip};
}

}  // namespace

void AddDeadLetterRoutes(gateway::Router& router, std::shared_ptr<DeadLetters> dead_letters) {
  const gateway::RouteOptions admin{.access = gateway::Access::Users({"admin"})};
  router.Add(
      "GET", "/api/v1/admin/dead-letters",
      [dead_letters](gateway::Request& request) {
        storage::QueryResult page;
        try {
          page = dead_letters->List(gateway::PageLimit(request),
                                    request.Query("cursor").value_or(""));
        } catch (const std::invalid_argument&) {
          throw ProblemException(
              Problem::Validation({{"cursor", "is not a cursor this endpoint returned"}}));
        }
        return gateway::Response::WithJson(
            200, {{"items", std::move(page.items)},
                  {"nextCursor", page.next_cursor ? Json(*page.next_cursor) : Json(nullptr)}});
      },
      admin);
  router.Add(
      "GET", "/api/v1/admin/dead-letters/{id}",
      [dead_letters](gateway::Request& request) {
        const auto item = dead_letters->Get(std::string(request.PathParam("id")));
        if (!item) throw ProblemException(Problem::NotFound());
        return gateway::Response::WithJson(200, *item);
      },
      admin);
  router.Add(
      "POST", "/api/v1/admin/dead-letters/{id}/retry",
      [dead_letters](gateway::Request& request) {
        const auto job = dead_letters->Retry(std::string(request.PathParam("id")), ActorOf(request));
        if (!job) throw ProblemException(Problem::NotFound());
        return gateway::Response::WithJson(202, {{"jobId", *job}});
      },
      admin);
  router.Add(
      "DELETE", "/api/v1/admin/dead-letters/{id}",
      [dead_letters](gateway::Request& request) {
        if (!dead_letters->Discard(std::string(request.PathParam("id")), ActorOf(request))) {
          throw ProblemException(Problem::NotFound());
        }
        return gateway::Response::NoContent();
      },
      admin);
}

}  // namespace ccrm::queue
