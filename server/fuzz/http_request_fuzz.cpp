// One connection's byte stream through the gateway's request parser (Beast's HTTP/1 parser plus
// our framing rules), pipelined requests one after another, as the listener reads them.
// Invariants: the requests parsed do not depend on how the bytes arrive (one piece, or pieces of
// 1 to 16 bytes); an accepted request has at most one Host, and one when it
// is HTTP/1.1; never both Transfer-Encoding and Content-Length, and a Transfer-Encoding only as
// a single "chunked"; a Content-Length body is exactly that long; no body passes the limit.
#include <boost/asio/buffer.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "gateway/request_parser.hpp"

namespace http = boost::beast::http;
using ccrm::gateway::Request;
using ccrm::gateway::RequestParser;

namespace {

constexpr size_t kBodyLimit = 512;  // well under the inputs run.sh allows (1 KiB)

struct Parsed {
  std::string method, target, body;
  std::vector<std::pair<std::string, std::string>> headers;
  unsigned version = 0;
  bool operator==(const Parsed&) const = default;
};

struct Stream {
  std::vector<Parsed> requests;
  std::string stop;  // why parsing stopped: "" at the end of the input, else the error
  bool operator==(const Stream&) const = default;
};

size_t CountHeader(const Parsed& request, std::string_view name) {
  return static_cast<size_t>(std::count_if(request.headers.begin(), request.headers.end(), [&](const auto& h) {
    return h.first.size() == name.size() &&
           std::equal(h.first.begin(), h.first.end(), name.begin(),
                      [](char a, char b) { return std::tolower(a) == std::tolower(b); });
  }));
}

// Parses `input` arriving in pieces of `piece` bytes (0: all at once).
Stream Parse(std::string_view input, size_t piece) {
  Stream stream;
  std::string buffer;  // bytes arrived and not yet taken by a parser
  size_t arrived = 0;
  const auto arrive = [&] {
    const size_t n = piece == 0 ? input.size() - arrived : std::min(piece, input.size() - arrived);
    buffer.append(input.substr(arrived, n));
    arrived += n;
    return n > 0;
  };
  arrive();
  while (true) {
    Request request;
    RequestParser parser(request);
    // Beyond any input: Beast counts the start line against the head's limit only when the head
    // trickles in (a head within start-line-length of the limit passes whole, fails in pieces),
    // a fuzziness of its limit rather than of what a request is.
    parser.header_limit(1 << 20);
    parser.body_limit(kBodyLimit);
    parser.eager(true);
    boost::beast::error_code ec;
    while (!parser.is_done()) {
      if (buffer.empty() && !arrive()) break;
      const size_t used = parser.put(boost::asio::buffer(buffer), ec);
      buffer.erase(0, used);
      if (ec == http::error::need_more) {
        if (!arrive()) break;
        ec = {};
        continue;
      }
      if (ec) break;
      if (used == 0 && !parser.is_done() && !arrive()) break;
    }
    if (ec && ec != http::error::need_more) {
      stream.stop = ec.message();
      if (const char* fault = parser.framing_fault()) stream.stop += std::string(": ") + fault;
      return stream;
    }
    if (!parser.is_done()) return stream;  // the input ended inside a message (or before one)
    stream.requests.push_back({request.method, request.target, request.body,
                               request.headers.All(), parser.version()});
    if (!parser.keep_alive()) return stream;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const size_t piece = 1 + data[0] % 16;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);

  const Stream whole = Parse(input, 0);
  const Stream pieces = Parse(input, piece);
  if (whole.requests != pieces.requests) {
    for (const Stream* s : {&whole, &pieces}) {
      std::fprintf(stderr, "%s: %zu requests, stop \"%s\"\n", s == &whole ? "whole" : "pieces",
                   s->requests.size(), s->stop.c_str());
      for (const Parsed& r : s->requests) {
        std::fprintf(stderr, "  %s %s v%u, %zu headers, body %zu\n", r.method.c_str(), r.target.c_str(), r.version, r.headers.size(), r.body.size());
      }
    }
  }
  FUZZ_CHECK(whole.requests == pieces.requests, "how the bytes arrive does not change the requests");
  // Why the rest is refused may differ: Beast parses the head as far as its first read goes,
  // so a head that arrives whole can be refused for a bad field (400) or version, while the same
  // head trickling in is refused only when it is complete, or at the size limit (431), or not
  // before the input ends. What is accepted never differs, which is what matters.

  for (const Parsed& request : whole.requests) {
    const size_t hosts = CountHeader(request, "host");
    FUZZ_CHECK(hosts <= 1, "at most one Host");
    FUZZ_CHECK(request.version < 11 || hosts == 1, "an HTTP/1.1 request has its Host");
    const size_t codings = CountHeader(request, "transfer-encoding");
    const size_t lengths = CountHeader(request, "content-length");
    FUZZ_CHECK(codings == 0 || lengths == 0, "never both Transfer-Encoding and Content-Length");
    FUZZ_CHECK(codings == 0 || request.version >= 11, "no Transfer-Encoding in HTTP/1.0");
    FUZZ_CHECK(request.body.size() <= kBodyLimit, "no body past the limit");
    if (lengths == 1) {
      const auto& value = std::find_if(request.headers.begin(), request.headers.end(), [](const auto& h) {
        return h.first.size() == 14 && strncasecmp(h.first.c_str(), "content-length", 14) == 0;
      })->second;
      FUZZ_CHECK(std::strtoull(value.c_str(), nullptr, 10) == request.body.size(),
                 "the body is as long as it says");
    }
  }
  return 0;
}
