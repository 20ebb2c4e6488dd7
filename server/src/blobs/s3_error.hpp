// S3's error replies: the XML body S3 clients parse (<Error><Code>…), with S3's codes and
// statuses, instead of the API's problem+json.
#pragma once

#include <string_view>

#include "gateway/http_types.hpp"

namespace ccrm::blobs {

// `resource`: the path the request named; `request_id`: the gateway's id (also in a header).
gateway::Response S3Error(int status, std::string_view code, std::string_view message,
                          std::string_view resource, std::string_view request_id);

}  // namespace ccrm::blobs
