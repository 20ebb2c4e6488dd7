#include "leads/lead_routes.hpp"

#include "auth/record_access.hpp"
#include "gateway/request_params.hpp"
#include "leads/lead_export.hpp"

namespace ccrm::leads {
namespace {

using gateway::Request;
using gateway::Response;

// A lead already serialized (a snapshot), with its version as the ETag.
Response LeadReply(int status, std::string lead_json, int64_t version) {
  Response response = Response::WithText(status, std::move(lead_json), "application/json");
  response.headers.Set("ETag", gateway::VersionETag(version));
  return response;
}

Response LeadReply(int status, const Json& lead) {
  return LeadReply(status, lead.dump(-1, ' ', false, Json::error_handler_t::replace),
                   lead.value("version", int64_t{0}));
}

std::string QueryOr(const Request& request, std::string_view name) {
  return request.Query(name).value_or("");
}

LeadListQuery ListQueryOf(const Request& request) {
  LeadListQuery query;
  query.q = QueryOr(request, "q");
  query.status = QueryOr(request, "status");
  query.assigned_to = QueryOr(request, "assignedTo");
  query.loss_type = QueryOr(request, "lossType");
  query.tag = QueryOr(request, "tag");
  query.sort = QueryOr(request, "sort");
  query.limit = gateway::PageLimit(request);
  query.cursor = QueryOr(request, "cursor");
  if (const auto since = request.Query("updatedSince")) {
    const auto parsed = ParseRfc3339(*since);
    if (!parsed) {
      throw ProblemException(
          Problem::Validation({{"updatedSince", "must be an RFC 3339 date-time"}}));
    }
    query.updated_since = FormatRfc3339Millis(*parsed);
  }
  return query;
}

ImportOptions ImportOptionsOf(const Request& request) {
  ImportOptions options;
  const auto flag = [&](std::string_view name) {
    const auto value = request.Query(name);
    if (!value || *value == "false") return false;
    if (*value == "true") return true;
    throw ProblemException(Problem::Validation({{std::string(name), "must be true or false"}}));
  };
  options.dry_run = flag("dryRun");
  options.strict = flag("strict");
  const std::string on_duplicate = QueryOr(request, "onDuplicate");
  if (on_duplicate == "update") {
    options.on_duplicate = ImportOptions::OnDuplicate::kUpdate;
  } else if (!on_duplicate.empty() && on_duplicate != "skip") {
    throw ProblemException(Problem::Validation({{"onDuplicate", "must be update or skip"}}));
  }
  return options;
}

void RequireCsv(const Request& request) {
  const std::string* type = request.Header("Content-Type");
  std::string media = type ? type->substr(0, type->find(';')) : "";
  for (char& c : media) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  while (!media.empty() && media.back() == ' ') media.pop_back();
  if (media != "text/csv" && media != "application/csv") {
    Problem p;
    p.status = 415;
    p.title = StatusTitle(415);
    p.detail = "Send the leads as text/csv.";
    throw ProblemException(std::move(p));
  }
}

}  // namespace

LeadCaller CallerOf(const Request& request) {
  return {request.principal, request.remote_ip, request.request_id};
}

void AddLeadRoutes(gateway::Router& router, const LeadRouteServices& module) {
  const auto service = module.service;
  const auto queries = module.queries;
  const auto importer = module.importer;
  // Every signed-in user; what each may see and change is the service's record-level rule.
  const gateway::RouteOptions users{.offload = true, .access = gateway::Access::Users()};
  const gateway::RouteOptions admins{.offload = true, .access = gateway::Access::Users({"admin"})};

  router.Add(
      "POST", "/api/v1/leads",
      [service](Request& request) {
        const Json lead = service->Create(request.JsonBody(), CallerOf(request));
        Response response = LeadReply(201, lead);
        response.headers.Set("Location", "/api/v1/leads/" + lead["id"].get<std::string>());
        return response;
      },
      users);
  router.Add(
      "GET", "/api/v1/leads",
      [queries](Request& request) {
        return Response::WithText(
            200, queries->List(ListQueryOf(request), CallerOf(request)).Serialize(),
            "application/json");
      },
      users);
  gateway::RouteOptions import_options = users;
  import_options.max_body_bytes = kMaxImportBytes;
  router.Add(
      "POST", "/api/v1/leads/import",
      [importer](Request& request) {
        RequireCsv(request);
        const ImportOptions options = ImportOptionsOf(request);
        return Response::WithJson(
            200, importer->Import(request.body, options, CallerOf(request)).ToJson());
      },
      import_options);
  router.Add(
      "POST", "/api/v1/lead-imports",
      [jobs = module.import_jobs](Request& request) {
        RequireCsv(request);
        ImportOptions options = ImportOptionsOf(request);
        Json job = jobs->Submit(std::move(request.body), std::move(options), CallerOf(request));
        Response response = Response::WithJson(202, job);
        response.headers.Set("Location", "/api/v1/lead-imports/" + job["id"].get<std::string>());
        return response;
      },
      import_options);
  router.Add(
      "GET", "/api/v1/lead-imports/{id}",
      [jobs = module.import_jobs](Request& request) {
        auto job = jobs->Get(std::string(request.PathParam("id")), request.principal.id);
        if (!job) throw ProblemException(Problem::NotFound("No import job with this id."));
        return Response::WithJson(200, *job);
      },
      users);
  router.Add(
      "GET", "/api/v1/leads/export",
      [queries, username_for = module.username_for](Request& request) {
        LeadListQuery query = ListQueryOf(request);
        query.limit = gateway::kMaxPageLimit;  // rows read per chunk
        std::vector<std::string> ids;
        if (const auto list = request.Query("ids")) {
          for (size_t start = 0; start <= list->size();) {
            const size_t comma = std::min(list->find(',', start), list->size());
            if (comma > start) ids.push_back(list->substr(start, comma - start));
            start = comma + 1;
          }
          if (ids.empty()) {
            throw ProblemException(Problem::Validation({{"ids", "must name at least one lead"}}));
          }
        }
        // The query is checked before the headers go out: a bad one is an ordinary 400.
        auto exporter = std::make_shared<LeadExporter>(queries, query, CallerOf(request),
                                                       username_for, std::move(ids));
        Response response =
            Response::Streaming(200, "text/csv; charset=utf-8",
                                [exporter](std::string& out) { return exporter->Next(out); });
        response.headers.Set("Content-Disposition", "attachment; filename=\"leads.csv\"");
        response.headers.Set("Cache-Control", "no-store");
        return response;
      },
      users);
  router.Add(
      "GET", "/api/v1/leads/lookup",
      [queries](Request& request) {
        const LeadPage page = queries->LookupByPhone(QueryOr(request, "phone"), CallerOf(request));
        return Response::WithJson(200, {{"items", page.items}});
      },
      users);
  router.Add(
      "GET", "/api/v1/leads/{id}",
      [service](Request& request) {
        const LeadSnapshotPtr lead =
            service->GetSnapshot(std::string(request.PathParam("id")), CallerOf(request));
        return LeadReply(200, lead->json, lead->version);
      },
      // On the io thread when the lead was read recently: one indexed read of its version, from
      // pages in memory, then cached bytes. A first read (parse, serialize, maybe disk) goes to
      // the pool.
      gateway::RouteOptions{.offload = false,
                            .inline_if =
                                [service](const Request& request) {
                                  return service->IsRecentlyRead(
                                      std::string(request.PathParam("id")));
                                },
                            .access = gateway::Access::Users()});
  router.Add(
      "PATCH", "/api/v1/leads/{id}",
      [service](Request& request) {
        return LeadReply(200,
                         service->Patch(std::string(request.PathParam("id")), request.JsonBody(),
                                        gateway::IfMatchVersion(request), CallerOf(request)));
      },
      users);
  router.Add(
      "DELETE", "/api/v1/leads/{id}",
      [service](Request& request) {
        service->Delete(std::string(request.PathParam("id")), gateway::IfMatchVersion(request),
                        CallerOf(request));
        return Response::NoContent();
      },
      users);
  router.Add(
      "POST", "/api/v1/leads/{id}/restore",
      [service](Request& request) {
        return LeadReply(200,
                         service->Restore(std::string(request.PathParam("id")), CallerOf(request)));
      },
      admins);
  router.Add(
      "POST", "/api/v1/leads/{id}/notes",
      [service](Request& request) {
        return Response::WithJson(
            201, service->AddNote(std::string(request.PathParam("id")), request.JsonBody(),
                                  CallerOf(request), gateway::IfMatchVersion(request)));
      },
      users);
  router.Add(
      "GET", "/api/v1/leads/{id}/activity",
      [queries](Request& request) {
        return Response::WithJson(
            200, queries
                     ->Activity(std::string(request.PathParam("id")), gateway::PageLimit(request),
                                QueryOr(request, "cursor"), CallerOf(request))
                     .ToJson());
      },
      users);
  router.Add(
      "POST", "/api/v1/leads/{id}/deadlines",
      [service](Request& request) {
        return LeadReply(201, service->AddDeadline(std::string(request.PathParam("id")),
                                                   request.JsonBody(), CallerOf(request)));
      },
      users);
  router.Add(
      "PATCH", "/api/v1/leads/{id}/deadlines/{deadlineId}",
      [service](Request& request) {
        return LeadReply(200, service->PatchDeadline(std::string(request.PathParam("id")),
                                                     std::string(request.PathParam("deadlineId")),
                                                     request.JsonBody(), CallerOf(request),
                                                     gateway::IfMatchVersion(request)));
      },
      users);
  router.Add(
      "DELETE", "/api/v1/leads/{id}/deadlines/{deadlineId}",
      [service](Request& request) {
        return LeadReply(
            200, service->DeleteDeadline(std::string(request.PathParam("id")),
                                         std::string(request.PathParam("deadlineId")),
                                         CallerOf(request), gateway::IfMatchVersion(request)));
      },
      users);
  router.Add(
      "GET", "/api/v1/leads/summary",
      [summary = module.summary](Request& request) {
        const int offset =
            static_cast<int>(gateway::IntQuery(request, "utcOffsetMinutes", 0, -14 * 60, 14 * 60));
        return Response::WithJson(200, summary->For(CallerOf(request), offset));
      },
      users);
  router.Add(
      "GET", "/api/v1/deadlines",
      [queries](Request& request) {
        const int offset =
            static_cast<int>(gateway::IntQuery(request, "utcOffsetMinutes", 0, -14 * 60, 14 * 60));
        return Response::WithJson(
            200, queries
                     ->Deadlines(QueryOr(request, "due"), QueryOr(request, "assignedTo"), offset,
                                 gateway::PageLimit(request), QueryOr(request, "cursor"),
                                 CallerOf(request))
                     .ToJson());
      },
      users);
}

}  // namespace ccrm::leads
