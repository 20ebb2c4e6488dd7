// GET /api/v1/audit: the audit trail for admins, filtered and cursor-paginated.
#pragma once

#include <memory>

#include "audit/audit_log.hpp"
#include "gateway/router.hpp"

namespace ccrm::audit {

void AddAuditRoutes(gateway::Router& router, std::shared_ptr<AuditLog> audit);

// The query parameters as a filter; throws ProblemException (400) naming each bad parameter.
AuditFilter ParseAuditFilter(const gateway::Request& request);

}  // namespace ccrm::audit
