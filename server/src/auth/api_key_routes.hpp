// GET/POST /api/v1/api-keys and DELETE /api/v1/api-keys/{id}: admins manage machine keys.
#pragma once

#include <memory>

#include "auth/api_key_service.hpp"
#include "gateway/router.hpp"

namespace ccrm::auth {

void AddApiKeyRoutes(gateway::Router& router, std::shared_ptr<ApiKeyService> keys);

}  // namespace ccrm::auth
