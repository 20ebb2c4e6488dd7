#include "app/ops_module.hpp"

#include "app/ops_routes.hpp"

namespace ccrm::app {

void OpsModule::AddRoutes(gateway::Router& router) {
  AddOpsRoutes(router, context_.metrics, context_.storage.records);
}

}  // namespace ccrm::app
