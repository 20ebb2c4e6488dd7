// The request parser on its own: framing refusals and what reaches the Request.
#include "gateway/request_parser.hpp"

#include <gtest/gtest.h>

#include <boost/asio/buffer.hpp>

namespace ccrm::gateway {
namespace {

namespace http = boost::beast::http;

// Parses one request from `bytes` (all at once); the error, if any.
boost::beast::error_code ParseOne(std::string_view bytes, Request& out) {
  RequestParser parser(out);
  parser.eager(true);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
  if (!ec && !parser.is_done()) ec = http::error::need_more;
  return ec;
}

// Found by fuzzing (server/fuzz/regressions/http_request/host-in-chunked-trailer): fields after
// the last chunk were added to the request's headers after the head's checks had run.
TEST(RequestParserTest, TrailerFieldsAreDroppedNotMergedIntoTheHead) {
  Request request;
  const auto ec = ParseOne(
      "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nhello\r\n0\r\nHost: b\r\nAuthorization: Bearer smuggled\r\n"
      "X-Forwarded-For: 10.0.0.1\r\n\r\n",
      request);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(request.body, "hello");
  ASSERT_NE(request.Header("host"), nullptr);
  EXPECT_EQ(*request.Header("host"), "a");
  EXPECT_EQ(request.Header("authorization"), nullptr);
  EXPECT_EQ(request.Header("x-forwarded-for"), nullptr);
  EXPECT_EQ(request.headers.Size(), 2u);
}

TEST(RequestParserTest, RefusesTwoHostsAndALengthBesideChunked) {
  Request two_hosts;
  EXPECT_EQ(ParseOne("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", two_hosts),
            http::error::bad_value);
  Request both;
  EXPECT_EQ(ParseOne("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n"
                     "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                     both),
            http::error::bad_transfer_encoding);
}

}  // namespace
}  // namespace ccrm::gateway
