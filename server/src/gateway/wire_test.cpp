#include "gateway/wire.hpp"

#include <gtest/gtest.h>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <strings.h>

#include <sstream>

namespace ccrm::gateway {
namespace {

namespace http = boost::beast::http;

// What the listener wrote before it serialized replies itself: the Response copied into a
// Beast message and Beast's serializer. SerializeResponse must produce the same bytes.
std::string ThroughBeast(const Response& response, unsigned version, bool keep_alive,
                         bool head) {
  http::response<http::string_body> out;
  out.version(version);
  out.result(static_cast<unsigned>(response.status));
  auto iequals = [](std::string_view a, std::string_view b) {
    return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
  };
  const std::string* head_length = nullptr;
  for (const auto& [name, value] : response.headers.All()) {
    if (head && iequals(name, "Content-Length")) head_length = &value;
    if (iequals(name, "Connection") || iequals(name, "Keep-Alive") ||
        iequals(name, "Transfer-Encoding") || iequals(name, "Date") ||
        iequals(name, "Content-Length")) {
      continue;
    }
    if (name.find_first_of(" :\r\n") != std::string::npos ||
        value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) {
      continue;
    }
    out.insert(name, value);
  }
  out.set(http::field::date, HttpDate());
  out.keep_alive(keep_alive);
  if (response.status >= 200 && response.status != 204 && response.status != 304) {
    if (head) {
      out.set(http::field::content_length, head_length ? *head_length : std::string("0"));
    } else {
      out.content_length(response.body.size());
      out.body() = response.body;
    }
  }
  std::ostringstream text;
  text << out;
  return text.str();
}

std::string Ours(const Response& response, unsigned version, bool keep_alive, bool head) {
  std::string out;
  SerializeResponse(response, version, keep_alive, head, out);
  return out;
}

Response Sample(int status) {
  Response r = Response::WithText(status, status == 204 ? "" : "{\"a\":1}", "application/json");
  r.headers.Add("X-Request-Id", "req_1");
  r.headers.Add("Connection", "upgrade");      // the transport's business
  r.headers.Add("Date", "yesterday");          // likewise
  r.headers.Add("Transfer-Encoding", "chunked");
  r.headers.Add("Bad Name", "x");              // not a token: dropped
  r.headers.Add("X-Split", "a\r\nSet-Cookie: x=1");  // would split the response: dropped
  r.headers.Add("Vary", "Origin");
  r.headers.Add("vary", "Accept");
  return r;
}

TEST(WireTest, SerializesAsBeastDid) {
  for (int status : {200, 201, 204, 304, 404, 418, 503, 299}) {
    for (unsigned version : {10u, 11u}) {
      for (bool keep_alive : {true, false}) {
        const Response r = Sample(status);
        // Both read the cached Date of the same second (retried across a second boundary).
        std::string ours, beast;
        for (int attempt = 0; attempt < 3; ++attempt) {
          ours = Ours(r, version, keep_alive, false);
          beast = ThroughBeast(r, version, keep_alive, false);
          if (ours == beast) break;
        }
        EXPECT_EQ(ours, beast) << status << " HTTP/" << version << " keep-alive " << keep_alive;
      }
    }
  }
}

TEST(WireTest, HeadCarriesTheDispatchersLengthAndNoBody) {
  Response r = Response::WithText(200, "", "text/plain");
  r.headers.Add("Content-Length", "1234");
  const std::string ours = Ours(r, 11, true, true);
  EXPECT_NE(ours.find("\r\nContent-Length: 1234\r\n"), std::string::npos) << ours;
  EXPECT_TRUE(ours.ends_with("\r\n\r\n"));
  EXPECT_EQ(ours, ThroughBeast(r, 11, true, true));
}

TEST(WireTest, AStreamedReplyIsOnlyItsHeadChunkedForHttp11) {
  Response r = Response::Streaming(200, "text/csv", [](std::string&) { return false; });
  r.body = "never sent here";
  for (bool head : {false, true}) {
    const std::string ours = Ours(r, 11, true, head);
    EXPECT_NE(ours.find("\r\nTransfer-Encoding: chunked\r\n"), std::string::npos) << ours;
    EXPECT_EQ(ours.find("Content-Length"), std::string::npos) << ours;
    EXPECT_TRUE(ours.ends_with("\r\n\r\n")) << ours;
  }
  // HTTP/1.0 has no chunking: the body will end with the connection.
  const std::string old = Ours(r, 10, false, false);
  EXPECT_EQ(old.find("Transfer-Encoding"), std::string::npos) << old;
  EXPECT_EQ(old.find("Content-Length"), std::string::npos) << old;
  EXPECT_TRUE(old.ends_with("\r\n\r\n")) << old;
}

TEST(WireTest, BodyLimitIsTheRoutesOrTheServers) {
  auto handler = [](Request&) { return Response::NoContent(); };
  Router plain;
  plain.Add("POST", "/a", handler);
  Request r;
  r.method = "POST";
  r.target = "/import/7?x=1";
  EXPECT_EQ(BodyLimitFor(plain, r, 100), 100u);
  Router router;
  router.Add("POST", "/import/{id}", handler, {.max_body_bytes = 5000});
  router.Add("PUT", "/import/{id}", handler);
  router.Add("POST", "/small", handler, {.max_body_bytes = 10});
  EXPECT_EQ(router.LargestBodyLimit(), 5000u);
  EXPECT_EQ(BodyLimitFor(router, r, 100), 5000u);
  r.method = "PUT";
  EXPECT_EQ(BodyLimitFor(router, r, 100), 100u);
  r.method = "POST";
  r.target = "/small";
  EXPECT_EQ(BodyLimitFor(router, r, 100), 10u);
  r.target = "/nowhere";
  EXPECT_EQ(BodyLimitFor(router, r, 100), 100u);
  r.target = "/bad%zz";
  EXPECT_EQ(BodyLimitFor(router, r, 100), 100u);
}

TEST(WireTest, TargetSplitsIntoDecodedPathAndRawQuery) {
  Request r;
  r.target = "/a%20b/c?x=1&y=%41";
  EXPECT_FALSE(ParseTarget(r));
  EXPECT_EQ(r.path, "/a b/c");
  EXPECT_EQ(r.query, "x=1&y=%41");

  r.target = "http://example.com:8080/p?q";
  EXPECT_FALSE(ParseTarget(r));
  EXPECT_EQ(r.path, "/p");
  EXPECT_EQ(r.query, "q");

  r.target = "?only";
  EXPECT_FALSE(ParseTarget(r));
  EXPECT_EQ(r.path, "/");

  r.target = "/bad%zz";
  EXPECT_TRUE(ParseTarget(r));
}

}  // namespace
}  // namespace ccrm::gateway
