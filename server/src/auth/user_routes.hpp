// /api/v1/users: administration (admins) and the signed-in user's own account (/users/me).
#pragma once

#include <memory>

#include "auth/user_service.hpp"
#include "gateway/router.hpp"

namespace ccrm::auth {

void AddUserRoutes(gateway::Router& router, std::shared_ptr<UserService> users);

}  // namespace ccrm::auth
