// The HTTP face of dead letters (admins only): GET /api/v1/admin/dead-letters, GET, retry and
// DELETE of one.
#pragma once

#include <memory>

#include "gateway/router.hpp"
#include "queue/dead_letters.hpp"

namespace ccrm::queue {

void AddDeadLetterRoutes(gateway::Router& router, std::shared_ptr<DeadLetters> dead_letters);

}  // namespace ccrm::queue
