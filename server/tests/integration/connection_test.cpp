// Connection handling: keep-alive, pipelining in order, and Connection: close.
#include <gtest/gtest.h>

#include <string>

#include "common/json.hpp"
#include "harness.hpp"

namespace ccrm::testing {
namespace {

class ConnectionTest : public ::testing::Test {
 protected:
  ServerProcess server_;
};

TEST_F(ConnectionTest, TwoRequestsOnOneKeepAliveConnection) {
  Connection connection(server_.port());
  ASSERT_TRUE(connection.Write(BuildRequest("GET", "/healthz")));
  auto first = connection.ReadResponse();
  ASSERT_TRUE(first) << connection.error();
  EXPECT_EQ(first->status, 200);
  EXPECT_FALSE(ListContains(first->HeaderOr("Connection"), "close")) << first->Describe();

  ASSERT_TRUE(connection.Write(BuildRequest("GET", "/readyz"))) << connection.error();
  auto second = connection.ReadResponse();
  ASSERT_TRUE(second) << connection.error();
  EXPECT_EQ(second->status, 200);
  EXPECT_EQ(Json::parse(second->body, nullptr, false)["status"], "ready") << second->body;
}

TEST_F(ConnectionTest, PipelinedRequestsAreAnsweredInOrder) {
  Connection connection(server_.port());
  // The middle one fails, to show an error does not derail the ones after it.
  const std::string batch = BuildRequest("GET", "/healthz", {{"X-Request-Id", "pipe-1"}}) +
                            BuildRequest("GET", "/api/v1/no/such/path", {{"X-Request-Id", "pipe-2"}}) +
                            BuildRequest("GET", "/readyz", {{"X-Request-Id", "pipe-3"}});
  ASSERT_TRUE(connection.Write(batch));
  const int expected_status[] = {200, 404, 200};
  for (int i = 0; i < 3; ++i) {
    auto response = connection.ReadResponse();
    ASSERT_TRUE(response) << "response " << i + 1 << ": " << connection.error();
    EXPECT_EQ(response->HeaderOr("X-Request-Id"), "pipe-" + std::to_string(i + 1))
        << "answered out of order";
    EXPECT_EQ(response->status, expected_status[i]) << response->Describe();
  }
  EXPECT_TRUE(connection.buffered().empty()) << "bytes after the third response";
}

TEST_F(ConnectionTest, ConnectionCloseIsHonoured) {
  Connection connection(server_.port());
  ASSERT_TRUE(connection.Write(BuildRequest("GET", "/healthz", {{"Connection", "close"}})));
  auto response = connection.ReadResponse();
  ASSERT_TRUE(response) << connection.error();
  EXPECT_EQ(response->status, 200);
  EXPECT_TRUE(connection.WaitClosed(Seconds(10)));
}

TEST_F(ConnectionTest, Http10WithoutKeepAliveIsClosedAfterTheReply) {
  Connection connection(server_.port());
  ASSERT_TRUE(connection.Write("GET /healthz HTTP/1.0\r\n\r\n"));
  auto response = connection.ReadResponse();
  ASSERT_TRUE(response) << connection.error();
  EXPECT_EQ(response->status, 200);
  EXPECT_TRUE(connection.WaitClosed(Seconds(10)));
}

TEST_F(ConnectionTest, HeadHasHeadersOnly) {
  Connection connection(server_.port());
  ASSERT_TRUE(connection.Write(BuildRequest("HEAD", "/healthz") + BuildRequest("GET", "/healthz")));
  auto head = connection.ReadResponse(Seconds(15), /*head_request=*/true);
  ASSERT_TRUE(head) << connection.error();
  EXPECT_TRUE(head->status == 200 || head->status == 405) << head->Describe();
  // The GET after it parses cleanly only if the HEAD reply carried no body bytes.
  auto get = connection.ReadResponse();
  ASSERT_TRUE(get) << connection.error();
  EXPECT_EQ(get->status, 200);
  EXPECT_EQ(get->body, R"({"status":"ok"})");
}

}  // namespace
}  // namespace ccrm::testing
