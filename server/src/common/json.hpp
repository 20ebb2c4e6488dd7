// The JSON type every module and backend shares.
#pragma once

#include <nlohmann/json.hpp>

namespace ccrm {
using Json = nlohmann::json;
}  // namespace ccrm
