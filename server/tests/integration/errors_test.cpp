// Protocol-level errors of the real binary: each is an RFC 9457 problem, and none of them
// takes the process down.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "common/json.hpp"
#include "harness.hpp"

namespace ccrm::testing {
namespace {

class ErrorsTest : public ::testing::Test {
 protected:
  ServerProcess server_;

  // The process still serves a fresh connection after whatever the test did to it.
  void ExpectStillServing() {
    ASSERT_TRUE(server_.Running()) << "the server died; stderr:\n" << server_.Stderr();
    const auto response = Get(server_.port(), "/healthz");
    EXPECT_EQ(response.status, 200) << response.Describe();
  }
};

TEST_F(ErrorsTest, UnknownPathIs404Problem) {
  // Under /api/: elsewhere an unknown path is the web app's own route (web_serving_test).
  const auto response = Get(server_.port(), "/api/v1/no/such/path");
  EXPECT_TRUE(IsProblem(response, 404));
  EXPECT_TRUE(response.HasHeader("X-Request-Id"));
}

TEST_F(ErrorsTest, WrongMethodIs405ProblemWithAllow) {
  const auto response = Request(server_.port(), "POST", "/healthz");
  EXPECT_TRUE(IsProblem(response, 405));
  EXPECT_TRUE(ListContains(response.HeaderOr("Allow"), "GET")) << response.Describe();
  EXPECT_FALSE(ListContains(response.HeaderOr("Allow"), "POST")) << response.Describe();
}

TEST_F(ErrorsTest, MalformedGarbageIs400ProblemAndServerSurvives) {
  // A TLS ClientHello sent to the plain-HTTP port, the commonest garbage in practice.
  const std::string garbage("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 nonsense\r\n\r\n", 24);
  const auto response = Send(server_.port(), garbage);
  EXPECT_TRUE(IsProblem(response, 400));
  ExpectStillServing();
}

TEST_F(ErrorsTest, BadRequestLinesAre400Problems) {
  for (const std::string bad : {
           "GET\r\n\r\n",
           "GET /healthz HTTP/1.1 extra\r\nHost: x\r\n\r\n",
           "GET /healthz HTTQ/1.1\r\nHost: x\r\n\r\n",
           "G(T /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
           "GET /healthz HTTP/1.1\r\nBad Header Name: x\r\n\r\n",
       }) {
    SCOPED_TRACE(bad);
    const auto response = Send(server_.port(), bad);
    EXPECT_TRUE(IsProblem(response, 400));
  }
  ExpectStillServing();
}

TEST_F(ErrorsTest, BadContentLengthsAre400Problems) {
  // Unparsable or conflicting lengths are how requests get smuggled past a proxy.
  for (const std::string bad : {
           "POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
           "POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
           "POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n"
           "123456",
       }) {
    SCOPED_TRACE(bad);
    const auto response = Send(server_.port(), bad);
    EXPECT_TRUE(IsProblem(response, 400));
  }
  ExpectStillServing();
}

TEST_F(ErrorsTest, HeaderOf64KiBIs431Problem) {
  const std::string request =
      BuildRequest("GET", "/healthz", {{"X-Big", std::string(64 * 1024, 'a')}});
  const auto response = Send(server_.port(), request);
  EXPECT_TRUE(IsProblem(response, 431));
  ExpectStillServing();
}

class BodyLimitTest : public ::testing::Test {
 protected:
  ServerProcess server_{ServerProcess::Options{.env = {{"CCRM_SERVER_MAX_BODY_BYTES", "1024"}}}};
};

TEST_F(BodyLimitTest, BodyAboveTheLimitIs413Problem) {
  const auto response = Request(server_.port(), "POST", "/healthz",
                                {{"Content-Type", "application/json"}}, std::string(2048, 'x'));
  EXPECT_TRUE(IsProblem(response, 413));
  ASSERT_TRUE(server_.Running());
  EXPECT_EQ(Get(server_.port(), "/healthz").status, 200);
}

TEST_F(BodyLimitTest, DeclaredLengthAloneEarns413WithoutWaitingForTheBody) {
  // Refusing on the header means a client cannot make the server buffer or wait for a body it
  // will refuse anyway. The read timeout (15 s) is below the body timeout (30 s), so a server
  // that waits for the body fails here instead of answering late.
  Connection connection(server_.port());
  ASSERT_TRUE(
      connection.Write("POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                       "Content-Length: 2048\r\n\r\n"));
  const auto response = connection.ReadResponse();
  ASSERT_TRUE(response) << connection.error();
  EXPECT_TRUE(IsProblem(*response, 413));
}

TEST_F(BodyLimitTest, BodyAtTheLimitIsNot413) {
  const auto response = Request(server_.port(), "POST", "/healthz",
                                {{"Content-Type", "application/json"}}, std::string(1024, 'x'));
  EXPECT_TRUE(IsProblem(response, 405));
}

class HeaderTimeoutTest : public ::testing::Test {
 protected:
  ServerProcess server_{
      ServerProcess::Options{.env = {{"CCRM_SERVER_HEADER_TIMEOUT_SECONDS", "1"}}}};
};

TEST_F(HeaderTimeoutTest, HalfARequestLineEarns408ThenClose) {
  Connection connection(server_.port());
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(connection.Write("GET /heal"));
  const auto response = connection.ReadResponse(Seconds(15));
  const Seconds waited = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(response) << connection.error();
  EXPECT_TRUE(IsProblem(*response, 408));
  EXPECT_GE(waited.count(), 0.5) << "answered before the header timeout could have expired";
  EXPECT_TRUE(connection.WaitClosed(Seconds(10))) << "the connection stayed open after 408";
  ASSERT_TRUE(server_.Running());
  EXPECT_EQ(Get(server_.port(), "/healthz").status, 200);
}

TEST_F(HeaderTimeoutTest, SilentConnectionIsClosed) {
  // A connection that never sends a byte (slowloris) must not be held forever.
  Connection connection(server_.port());
  EXPECT_TRUE(connection.WaitClosed(Seconds(15)));
}

class ThrottleTest : public ::testing::Test {
 protected:
  ServerProcess server_{ServerProcess::Options{
      .env = {{"CCRM_THROTTLE_IP_RATE", "1"}, {"CCRM_THROTTLE_IP_BURST", "3"}}}};
};

TEST_F(ThrottleTest, FourthQuickRequestIs429WithRetryAfter) {
  std::vector<HttpResponse> responses;
  for (int i = 0; i < 4; ++i) responses.push_back(Get(server_.port(), "/openapi.json"));
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(responses[i].status, 200) << "request " << i + 1 << "\n" << responses[i].Describe();
  }
  // On a very slow machine a token may have come back in between; the fifth must then fail.
  HttpResponse refused = responses[3];
  if (refused.status == 200) refused = Get(server_.port(), "/openapi.json");
  ASSERT_TRUE(IsProblem(refused, 429));
  const std::string retry_after = refused.HeaderOr("Retry-After");
  ASSERT_FALSE(retry_after.empty()) << refused.Describe();
  const int seconds = std::atoi(retry_after.c_str());
  EXPECT_GE(seconds, 1) << refused.Describe();
  EXPECT_EQ(std::to_string(seconds), retry_after) << "Retry-After is not delta-seconds";

  // After the advertised wait a token is back.
  SleepFor(Seconds(seconds + 0.2));
  EXPECT_EQ(Get(server_.port(), "/openapi.json").status, 200);
}

}  // namespace
}  // namespace ccrm::testing
