// The HTTP face of the leads module: /api/v1/leads…, /api/v1/deadlines.
#pragma once

#include <memory>

#include "gateway/router.hpp"
#include "leads/import_jobs.hpp"
#include "leads/lead_import.hpp"
#include "leads/lead_queries.hpp"
#include "leads/lead_service.hpp"
#include "leads/lead_summary.hpp"

namespace ccrm::leads {

// Everything the routes of the leads module use.
struct LeadRouteServices {
  std::shared_ptr<LeadService> service;
  std::shared_ptr<LeadQueries> queries;
  std::shared_ptr<LeadImporter> importer;
  std::shared_ptr<ImportJobs> import_jobs;
  std::shared_ptr<LeadSummary> summary;
  UsernameForUserId username_for;  // for exports
};

// The largest CSV POST /leads/import accepts (100,000 rich rows fit).
inline constexpr size_t kMaxImportBytes = 64 * 1024 * 1024;

void AddLeadRoutes(gateway::Router& router, const LeadRouteServices& module);

// Who is asking, as the gateway established it: for the routes of modules whose records
// belong to leads (documents, calls) too.
LeadCaller CallerOf(const gateway::Request& request);

}  // namespace ccrm::leads
