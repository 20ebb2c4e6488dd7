// The documents routes: /api/v1/leads/{id}/documents and /api/v1/documents/{id}[/download,
// /complete]. Any signed-in user; the lead's record rule decides the rest (404).
#pragma once

#include <memory>

#include "documents/document_service.hpp"
#include "gateway/router.hpp"

namespace ccrm::documents {

void AddDocumentRoutes(gateway::Router& router, std::shared_ptr<DocumentService> service);

}  // namespace ccrm::documents
