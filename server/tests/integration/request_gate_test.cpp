// What the real binary does with a request before it runs a handler: framing that could smuggle
// a second request is refused (RFC 9112 §6.1, §6.3, §3.2), and a request with a body is routed
// and authorized on its head, so an anonymous or unauthorized client never gets 100 Continue
// and never makes the server read or hold its body.
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>

#include <string>

#include "harness.hpp"
#include "identity_client.hpp"
#include "leads_client.hpp"

namespace ccrm::testing {
namespace {

constexpr char kSmuggled[] =
    "GET /api/v1/users/me HTTP/1.1\r\nHost: x\r\nX-Request-Id: SMUGGLED\r\n\r\n";

// Everything the server sends on one connection until it closes (or `timeout` passes).
std::string ReadAll(Connection& connection, Seconds timeout) {
  std::string all;
  while (auto response = connection.ReadResponse(timeout)) {
    all += response->Describe() + "\n" + response->body + "\n";
  }
  return all + connection.buffered();
}

TEST(RequestGateTest, TransferEncodingOtherThanOneChunkedIs400AndNoSecondRequest) {
  ServerProcess server;
  for (const std::string coding :
       {"gzip", "identity", "xchunked", "chunked, gzip", "gzip, chunked", "chunked, chunked",
        "\"chunked\"", "chunked;q=1", ""}) {
    SCOPED_TRACE("Transfer-Encoding: " + coding);
    Connection connection(server.port());
    ASSERT_TRUE(connection.Write("POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\n"
                                 "Content-Type: application/json\r\nTransfer-Encoding: " +
                                 coding + "\r\n\r\n" + kSmuggled));
    const auto response = connection.ReadResponse();
    ASSERT_TRUE(response) << connection.error();
    EXPECT_TRUE(IsProblem(*response, 400));
    EXPECT_EQ(response->HeaderOr("Connection"), "close");
    const std::string rest = ReadAll(connection, Seconds(3));
    EXPECT_EQ(rest.find("SMUGGLED"), std::string::npos) << rest;
    EXPECT_TRUE(connection.WaitClosed(Seconds(5)));
  }
  ASSERT_TRUE(server.Running());
}

TEST(RequestGateTest, TwoTransferEncodingLinesAreOneList) {
  ServerProcess server;
  // "gzip" then "chunked" on two lines is "gzip, chunked": a coding we cannot undo.
  const auto response = Send(server.port(),
                             "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\n"
                             "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
  EXPECT_TRUE(IsProblem(response, 400));
}

TEST(RequestGateTest, TransferEncodingWithContentLengthOrInHttp10Is400) {
  ServerProcess server;
  for (const std::string bad : {
           "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n"
           "Content-Length: 5\r\n\r\nhello",
           "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
           "Content-Length: 5\r\n\r\n0\r\n\r\n",
           "POST /api/v1/auth/login HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
           "0\r\n\r\n",
       }) {
    SCOPED_TRACE(bad);
    EXPECT_TRUE(IsProblem(Send(server.port(), bad), 400));
  }
  ASSERT_TRUE(server.Running());
}

TEST(RequestGateTest, ChunkedAloneStillWorksInAnyCase) {
  ServerProcess server(WithAdminPassword());
  const std::string body = R"({"username":"admin","password":")" +
                           std::string(kAdminPassword) + "\"}";
  char size[16];
  std::snprintf(size, sizeof size, "%zx", body.size());
  for (const std::string coding : {"chunked", "Chunked", " CHUNKED "}) {
    SCOPED_TRACE(coding);
    const auto response =
        Send(server.port(), "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\n"
                            "Content-Type: application/json\r\nTransfer-Encoding: " +
                                coding + "\r\n\r\n" + size + "\r\n" + body + "\r\n0\r\n\r\n");
    EXPECT_EQ(response.status, 200) << response.Describe() << response.body;
  }
}

TEST(RequestGateTest, MissingOrRepeatedHostIs400) {
  ServerProcess server;
  EXPECT_TRUE(IsProblem(Send(server.port(), "GET /healthz HTTP/1.1\r\n\r\n"), 400));
  EXPECT_TRUE(
      IsProblem(Send(server.port(), "GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"), 400));
  EXPECT_TRUE(
      IsProblem(Send(server.port(), "GET /healthz HTTP/1.1\r\nHost: a\r\nhost: a\r\n\r\n"), 400));
  // HTTP/1.0 predates Host: without one it is still served.
  EXPECT_EQ(Send(server.port(), "GET /healthz HTTP/1.0\r\n\r\n").status, 200);
  EXPECT_EQ(Send(server.port(), "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n").status, 200);
}

// The start of what the server sent first, left in the socket for ReadResponse.
std::string PeekFirstLine(Connection& connection, Seconds timeout) {
  pollfd ready{.fd = connection.fd(), .events = POLLIN, .revents = 0};
  if (::poll(&ready, 1, static_cast<int>(timeout.count() * 1000)) != 1) return {};
  char line[12];
  const ssize_t n = ::recv(connection.fd(), line, sizeof line, MSG_PEEK);
  return n > 0 ? std::string(line, static_cast<size_t>(n)) : std::string();
}

// The head of a 60 MiB import; the body is never sent.
std::string ImportHead(const std::string& credentials, bool expect_continue) {
  std::string head =
      "POST /api/v1/leads/import HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n"
      "Content-Length: 62914560\r\n";
  if (!credentials.empty()) head += credentials + "\r\n";
  if (expect_continue) head += "Expect: 100-continue\r\n";
  return head + "\r\n";
}

class BodyGateTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { world_ = new LeadsWorld(StartLeadsWorld()); }
  static void TearDownTestSuite() {
    delete world_;
    world_ = nullptr;
  }
  static LeadsWorld* world_;

  // The reply to a head alone, which must come before any body byte is sent.
  static HttpResponse ReplyToHead(const std::string& head) {
    Connection connection(world_->port);
    EXPECT_TRUE(connection.Write(head));
    const std::string first = PeekFirstLine(connection, Seconds(10));
    EXPECT_NE(first, "HTTP/1.1 100") << "the server invited a body it will refuse";
    auto response = connection.ReadResponse(Seconds(10));
    EXPECT_TRUE(response) << "no reply to the head alone: " << connection.error();
    if (!response) return {};
    if (response->status >= 400) {
      EXPECT_EQ(response->HeaderOr("Connection"), "close") << response->Describe();
      EXPECT_TRUE(connection.WaitClosed(Seconds(10)));
    }
    return *response;
  }
};
LeadsWorld* BodyGateTest::world_ = nullptr;

TEST_F(BodyGateTest, AnonymousBodiesAre401BeforeContinueOrBody) {
  for (const bool expect : {true, false}) {
    SCOPED_TRACE(expect ? "Expect: 100-continue" : "no Expect");
    const HttpResponse reply = ReplyToHead(ImportHead("", expect));
    EXPECT_TRUE(IsProblem(reply, 401)) << reply.Describe();
    EXPECT_TRUE(reply.HasHeader("WWW-Authenticate"));
  }
}

TEST_F(BodyGateTest, BadCredentialsAre401BeforeTheBody) {
  for (const std::string credentials :
       {"Authorization: Bearer not.a.token", "Authorization: Basic YWRtaW46YWRtaW4=",
        "X-Api-Key: ccrm_unknown_key"}) {
    SCOPED_TRACE(credentials);
    EXPECT_TRUE(IsProblem(ReplyToHead(ImportHead(credentials, true)), 401));
  }
}

TEST_F(BodyGateTest, SignedInButNotAllowedIs404BeforeTheBody) {
  // POST /users is for admins: an agent learns nothing, and sends nothing.
  const std::string head = "POST /api/v1/users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                           world_->agent1.token +
                           "\r\nContent-Type: application/json\r\nContent-Length: 900000\r\n"
                           "Expect: 100-continue\r\n\r\n";
  EXPECT_TRUE(IsProblem(ReplyToHead(head), 404));
}

TEST_F(BodyGateTest, UnknownRoutesAndWrongMethodsAnswerBeforeTheBody) {
  EXPECT_TRUE(IsProblem(ReplyToHead("POST /api/v1/nothing HTTP/1.1\r\nHost: x\r\n"
                                    "Content-Length: 500000\r\nExpect: 100-continue\r\n\r\n"),
                        404));
  EXPECT_TRUE(IsProblem(ReplyToHead("PUT /api/v1/leads HTTP/1.1\r\nHost: x\r\n"
                                    "Content-Length: 500000\r\n\r\n"),
                        405));
}

TEST_F(BodyGateTest, AnAllowedCallerIsInvitedAndServed) {
  Connection connection(world_->port);
  const std::string csv = "firstName,lastName\nGate,Keeper\n";
  ASSERT_TRUE(connection.Write(
      "POST /api/v1/leads/import HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + world_->admin +
      "\r\nContent-Type: text/csv\r\nContent-Length: " + std::to_string(csv.size()) +
      "\r\nExpect: 100-continue\r\n\r\n"));
  EXPECT_EQ(PeekFirstLine(connection, Seconds(10)), "HTTP/1.1 100");
  ASSERT_TRUE(connection.Write(csv));
  const auto reply = connection.ReadResponse(Seconds(30));
  ASSERT_TRUE(reply) << connection.error();
  EXPECT_EQ(reply->status, 200) << reply->body;
  EXPECT_EQ(BodyOf(*reply).value("created", -1), 1) << reply->body;
  // The connection stays usable: the body was read.
  ASSERT_TRUE(connection.Write(BuildRequest("GET", "/healthz")));
  const auto next = connection.ReadResponse();
  ASSERT_TRUE(next) << connection.error();
  EXPECT_EQ(next->status, 200);
}

}  // namespace
}  // namespace ccrm::testing
