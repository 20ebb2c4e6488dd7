#include "common/http_client.hpp"

#include <curl/curl.h>

#include <memory>

#include "common/ascii.hpp"

namespace ccrm {
namespace {

void EnsureCurlGlobal() {
  // curl_global_init is not thread-safe; a function-local static runs it exactly once.
  static const bool initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
  if (!initialised) throw HttpClientError("curl_global_init failed");
}

struct Sink {
  OutboundResponse* response;
  size_t max_bytes;
  bool too_large = false;
};

size_t WriteBody(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  const size_t n = size * count;
  if (sink->response->body.size() + n > sink->max_bytes) {
    sink->too_large = true;
    return 0;  // makes curl abort the transfer
  }
  sink->response->body.append(data, n);
  return n;
}

size_t WriteHeader(char* data, size_t size, size_t count, void* user) {
  auto* response = static_cast<OutboundResponse*>(user);
  const std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    response->headers.clear();  // a new reply (after 100 Continue): only the last one counts
  } else if (const size_t colon = line.find(':'); colon != std::string_view::npos) {
    response->headers.emplace_back(std::string(TrimAscii(line.substr(0, colon))),
                                   std::string(TrimAscii(line.substr(colon + 1))));
  }
  return size * count;
}

}  // namespace

std::string OutboundResponse::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (IEquals(key, name)) return value;
  }
  return {};
}

HttpClient::HttpClient(HttpClientOptions options) : options_(options) {}

OutboundResponse HttpClient::Send(const OutboundRequest& request) const {
  EnsureCurlGlobal();
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) throw HttpClientError("curl_easy_init failed");
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(nullptr,
                                                                       curl_slist_free_all);
  for (const auto& [name, value] : request.headers) {
    const std::string line = name + ": " + value;
    curl_slist* appended = curl_slist_append(headers.get(), line.c_str());
    if (appended == nullptr) throw HttpClientError("curl_slist_append failed");
    headers.release();
    headers.reset(appended);
  }
  // No "Expect: 100-continue" round trip for request bodies.
  headers.reset(curl_slist_append(headers.release(), "Expect:"));

  OutboundResponse response;
  Sink sink{.response = &response, .max_bytes = options_.max_response_bytes};
  CURL* h = curl.get();
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // worker threads: no SIGALRM for DNS timeouts
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(options_.connect_timeout.count()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.total_timeout.count()));
  curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE,
                   static_cast<curl_off_t>(options_.max_response_bytes));
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  if (request.method == "HEAD") curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  if (!request.body.empty() || request.method == "PUT" || request.method == "POST") {
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  }
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &WriteBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &WriteHeader);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &response);
  curl_easy_setopt(h, CURLOPT_USERAGENT, "ccrm/" CCRM_VERSION);
  const CURLcode code = curl_easy_perform(h);
  if (sink.too_large || code == CURLE_FILESIZE_EXCEEDED) {
    throw HttpClientError("the reply is larger than " +
                          std::to_string(options_.max_response_bytes) + " bytes");
  }
  if (code != CURLE_OK) throw HttpClientError(curl_easy_strerror(code));
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

}  // namespace ccrm
