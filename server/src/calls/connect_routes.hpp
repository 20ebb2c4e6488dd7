// The contact center's side of the calls API, for API keys: contact events
// (/integrations/connect/events), contact trace records as bodies of JSON or as Kinesis Data
// Firehose HTTP endpoint deliveries (/integrations/connect/ctr), S3 event notifications of
// recordings and Contact Lens files (/integrations/s3/events), and the contact flow's lookup
// (/integrations/connect/lookup).
#pragma once

#include <memory>

#include "calls/call_service.hpp"
#include "gateway/router.hpp"

namespace ccrm::calls {

void AddConnectRoutes(gateway::Router& router, std::shared_ptr<CallService> service);

}  // namespace ccrm::calls
