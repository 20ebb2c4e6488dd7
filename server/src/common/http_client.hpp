// Outbound HTTP(S) over libcurl: what the external issuer's JWKS fetch uses today and the AWS
// backends (DynamoDB, S3) will share. One request at a time per call; safe from any thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace ccrm {

struct HttpClientOptions {
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds total_timeout{5000};
  size_t max_response_bytes = 1024 * 1024;  // a longer body is an error, not truncated
};

struct OutboundRequest {
  std::string method = "GET";
  std::string url;  // http:// or https:// only; redirects are not followed
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct OutboundResponse {
  long status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names as received
  std::string body;
  // The first header of that name (case-insensitive), or "".
  std::string Header(std::string_view name) const;
};

// A transport failure: no connection, timeout, TLS, or a reply over max_response_bytes. An HTTP
// error status is not one: it is an OutboundResponse like any other.
class HttpClientError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class HttpClient {
 public:
  explicit HttpClient(HttpClientOptions options = {});
  OutboundResponse Send(const OutboundRequest& request) const;

 private:
  HttpClientOptions options_;
};

}  // namespace ccrm
