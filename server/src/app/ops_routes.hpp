// Operations routes: /healthz, /readyz, /metrics and /openapi.json.
#pragma once

#include <memory>

#include "gateway/metrics.hpp"
#include "gateway/router.hpp"
#include "storage/record_store.hpp"

namespace ccrm::app {

void AddOpsRoutes(gateway::Router& router, std::shared_ptr<gateway::Metrics> metrics,
                  storage::RecordStorePtr records);

}  // namespace ccrm::app
