// The transport-free Request/Response pair that module handlers see. The Beast listener,
// an API Gateway proxy event and a unit test all produce and consume exactly these.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/json.hpp"
#include "common/percent_encoding.hpp"
#include "common/principal.hpp"
#include "common/problem.hpp"

namespace ccrm::gateway {

// Header names compare case-insensitively; order and repeats are kept.
class Headers {
 public:
  void Add(std::string name, std::string value);
  void Set(std::string name, std::string value);  // replaces every header of that name
  const std::string* Find(std::string_view name) const;
  bool Has(std::string_view name) const { return Find(name) != nullptr; }
  void Remove(std::string_view name);
  const std::vector<std::pair<std::string, std::string>>& All() const { return entries_; }
  size_t Size() const { return entries_.size(); }
  void Reserve(size_t n) { entries_.reserve(n); }

 private:
  std::vector<std::pair<std::string, std::string>> entries_;
};

// A request body read as it arrives, for a route with RouteOptions::stream_body: the handler
// pulls it chunk by chunk, so an upload of gigabytes never sits in memory. Over a socket the
// next chunk is read only once the handler took the ones before (back-pressure); a handler
// that returns before the end leaves the rest unread and the connection closes after its reply.
class BodyReader {
 public:
  virtual ~BodyReader() = default;
  // Replaces `chunk` with the next bytes of the body (any size); false, with `chunk` empty, at
  // the end. Throws ProblemException when the body cannot be had whole: 400 cut short, 408 the
  // client stalled, 413 over the route's limit; the handler lets it through as its reply.
  virtual bool Read(std::string& chunk) = 0;
};
// A body already in memory (a unit test, an API Gateway proxy event) read as one chunk.
std::shared_ptr<BodyReader> ReadFromString(std::string body);

struct Request {
  std::string method;       // upper case, e.g. "GET"
  std::string target;       // as received: path and query
  std::string path;         // percent-decoded path, no query
  std::string query;        // raw query string, without '?'
  Headers headers;
  std::string body;         // empty on a stream_body route: read body_stream instead
  std::shared_ptr<BodyReader> body_stream;  // set on a stream_body route only
  std::string remote_ip;
  bool secure = false;      // arrived over TLS (or through a proxy that terminated it)
  std::string request_id;   // set by the gateway before the handler runs
  std::string route;        // the matched route template, e.g. "/api/v1/leads/{id}"
  std::map<std::string, std::string, std::less<>> path_params;
  Principal principal;

  const std::string* Header(std::string_view name) const { return headers.Find(name); }
  std::string_view PathParam(std::string_view name) const;
  // First value of a query parameter, percent-decoded ('+' is a space).
  std::optional<std::string> Query(std::string_view name) const;
  // The body parsed as JSON. Throws ProblemException (400) saying where it broke, or 415 when
  // the Content-Type is not JSON.
  Json JsonBody() const;
};

struct Response {
  // A streamed reply's body, pulled chunk by chunk on the worker pool (never on an io
  // thread): each call appends the next chunk (~64 KiB is a good size) to `out`, which the
  // gateway empties first, and returns false when nothing more follows (what it appended is
  // still sent). The next call comes only once the previous chunk was written, so memory
  // stays bounded whatever the client's speed; after a client is gone there is none. An
  // exception from the first call is a handler's exception (a problem reply); a later one
  // can only cut the transfer short (no final chunk) and is logged.
  using Producer = std::function<bool(std::string& out)>;

  int status = 200;
  Headers headers;
  std::string body;  // unused while `stream` is set
  Producer stream;   // empty for an ordinary reply
  // A streamed body whose length is known (an object of a blob store): sent with that
  // Content-Length instead of chunked, which clients need for progress and media players for
  // seeking. A producer that yields another number of bytes has the connection cut.
  std::optional<uint64_t> stream_length;

  static Response WithJson(int status, const Json& body);
  static Response WithProblem(const Problem& problem);
  static Response WithText(int status, std::string body,
                           std::string content_type = "text/plain; charset=utf-8");
  static Response NoContent();
  // Sent with Transfer-Encoding: chunked (to HTTP/1.0: close-delimited); a producer done in
  // its first call makes an ordinary reply with a Content-Length.
  static Response Streaming(int status, std::string content_type, Producer producer);
};

// The 400 problem for JSON that does not parse, saying where it broke (line, column, byte).
Problem MalformedJsonProblem(std::string_view text, const Json::parse_error& error);

using ccrm::PercentDecode;
using ccrm::PercentEncode;

}  // namespace ccrm::gateway
