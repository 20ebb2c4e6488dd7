// The calls API for users: POST/GET /calls, GET/PATCH /calls/{id}, GET /calls/{id}/recording,
// GET /calls/{id}/transcript, POST /calls/{id}/create-lead, GET /leads/{id}/calls.
#pragma once

#include <memory>

#include "calls/call_service.hpp"
#include "gateway/router.hpp"

namespace ccrm::calls {

void AddCallRoutes(gateway::Router& router, std::shared_ptr<CallService> service);

}  // namespace ccrm::calls
