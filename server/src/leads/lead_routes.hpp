// The HTTP face of the leads module: /api/v1/leads…, /api/v1/deadlines.
#pragma once

#include <memory>

#include "gateway/router.hpp"
#include "leads/lead_queries.hpp"
#include "leads/lead_service.hpp"

namespace ccrm::leads {

void AddLeadRoutes(gateway::Router& router, std::shared_ptr<LeadService> service,
                   std::shared_ptr<LeadQueries> queries);

}  // namespace ccrm::leads
