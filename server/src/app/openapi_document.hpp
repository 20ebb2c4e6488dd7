// The OpenAPI 3.1 document (api/openapi.yaml, converted to JSON at build time).
#pragma once

#include <string_view>

namespace ccrm::app {

std::string_view OpenApiJson();

}  // namespace ccrm::app
