#include "app/ops_routes.hpp"

#include "app/openapi_document.hpp"

namespace ccrm::app {

void AddOpsRoutes(gateway::Router& router, std::shared_ptr<gateway::Metrics> metrics,
                  storage::RecordStorePtr records) {
  using gateway::Request;
  using gateway::Response;

  // Liveness must not depend on storage: a slow disk should not get the process restarted.
  static const std::string kHealthBody = R"({"status":"ok"})";
  router.Add("GET", "/healthz",
             [](Request&) {
               Response r;
               r.headers.Add("Content-Type", "application/json");
               r.body = kHealthBody;
               return r;
             },
             {.offload = false, .quiet = true, .unthrottled = true, .access = gateway::Access::Public()});

  router.Add(
      "GET", "/readyz",
      [records](Request&) {
        if (!records->Ping()) {
          return Response::WithProblem(Problem{.status = 503,
                                               .title = "Service Unavailable",
                                               .detail = "The record store does not answer."});
        }
        return Response::WithJson(200, {{"status", "ready"}, {"checks", {{"records", "ok"}}}});
      },
      {.offload = true, .quiet = true, .unthrottled = true, .access = gateway::Access::Public()});

  router.Add("GET", "/metrics",
             [metrics](Request&) {
               return Response::WithText(200, metrics->RenderPrometheus(),
                                         "text/plain; version=0.0.4; charset=utf-8");
             },
             {.offload = false, .quiet = true, .unthrottled = true, .access = gateway::Access::Public()});

  router.Add("GET", "/openapi.json",
             [](Request&) {
               Response r;
               r.headers.Add("Content-Type", "application/json");
               r.body = std::string(OpenApiJson());
               return r;
             },
             {.offload = false, .access = gateway::Access::Public()});
}

}  // namespace ccrm::app
