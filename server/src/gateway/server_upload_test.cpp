// Request bodies streamed to their handler (RouteOptions::stream_body), over sockets.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "crypto/digest.hpp"
#include "gateway/server.hpp"
#include "gateway/test_client.hpp"

namespace ccrm::gateway {
namespace {

using namespace std::chrono_literals;
using testing::Client;
using testing::Get;
using testing::RunningServer;

bool WaitUntil(const std::function<bool()>& condition, std::chrono::seconds timeout = 10s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

std::string Put(std::string_view target, size_t length) {
  return "PUT " + std::string(target) + " HTTP/1.1\r\nHost: t\r\nContent-Length: " +
         std::to_string(length) + "\r\n\r\n";
}

// Bytes that differ at every offset, so a lost, doubled or reordered piece changes the digest.
std::string Pattern(size_t size, size_t seed = 0) {
  std::string s(size, '\0');
  for (size_t i = 0; i < size; ++i) s[i] = static_cast<char>((i * 131 + seed * 7 + i / 4093) & 0xff);
  return s;
}

class ServerUploadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto router = std::make_shared<Router>();
    const RouteOptions upload{.access = Access::Public(),
                              .max_body_bytes = 256 * 1024 * 1024,
                              .stream_body = true};
    // Reads the whole body; answers its size and SHA-256, and the largest piece it got.
    router->Add("PUT", "/digest",
                [this](Request& r) {
                  started_ = true;
                  if (r.Header("X-Wait")) WaitForGo();
                  crypto::Sha256Hasher digest;
                  std::string chunk;
                  size_t total = 0;
                  try {
                    while (r.body_stream->Read(chunk)) {
                      total += chunk.size();
                      largest_piece_ = std::max<size_t>(largest_piece_, chunk.size());
                      digest.Update(chunk);
                    }
                  } catch (const ProblemException& e) {
                    failure_status_ = e.problem().status;
                    throw;
                  }
                  return Response::WithText(200, std::to_string(total) + " " +
                                                     crypto::HexEncode(digest.Final()));
                },
                upload);
    // Refuses at once, reading nothing of the body.
    router->Add("PUT", "/refuse",
                [](Request&) {
                  return Response::WithProblem(Problem{.status = 422,
                                                       .title = "Unprocessable Content",
                                                       .detail = "Not this one."});
                },
                upload);
    router->Add("PUT", "/small", [this](Request& r) {
      std::string all, chunk;
      while (r.body_stream->Read(chunk)) all += chunk;
      return Response::WithText(200, all);
    }, {.access = Access::Public(), .max_body_bytes = 16, .stream_body = true});
    router->Add("GET", "/hello", [](Request&) { return Response::WithText(200, "hello"); },
                {.access = Access::Public()});
    dispatcher_ = std::make_shared<Dispatcher>(router, DispatcherOptions{}, nullptr, nullptr);
    options_.port = 0;
    options_.io_threads = 1;
    options_.worker_threads = 2;
    options_.transfer_threads = 2;
    options_.body_timeout = 20s;
    options_.shutdown_grace = 5s;
  }

  void TearDown() override {
    Go();
    server_.reset();
  }

  RunningServer& Start() {
    server_ = std::make_unique<RunningServer>(options_, dispatcher_);
    return *server_;
  }

  void WaitForGo() {
    std::unique_lock lock(mutex_);
    go_cv_.wait(lock, [this] { return go_; });
  }
  void Go() {
    {
      std::lock_guard lock(mutex_);
      go_ = true;
    }
    go_cv_.notify_all();
  }

  static std::string Expected(const std::string& body) {
    return std::to_string(body.size()) + " " + crypto::HexEncode(crypto::Sha256(body));
  }

  static bool IsProblem(const testing::Reply& r, int status) {
    return r.status == status && r.Header("Content-Type") == "application/problem+json";
  }

  ServerOptions options_;
  std::shared_ptr<Dispatcher> dispatcher_;
  std::unique_ptr<RunningServer> server_;
  std::atomic<bool> started_{false};
  std::atomic<size_t> largest_piece_{0};
  std::atomic<int> failure_status_{0};
  std::mutex mutex_;
  std::condition_variable go_cv_;
  bool go_ = false;
};

TEST_F(ServerUploadTest, TheHandlerGetsEveryByteInOrder) {
  const std::string body = Pattern(40 * 1024 * 1024);
  Client c(Start().port());
  ASSERT_TRUE(c.Write(Put("/digest", body.size()) + body));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, Expected(body));
  // Chunked too, in uneven chunks, on the same connection.
  std::string chunked = "PUT /digest HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
  const std::string second = Pattern(5 * 1024 * 1024 + 17, 3);
  for (size_t at = 0, step = 1; at < second.size(); at += step, step = step * 3 % 100003 + 1) {
    const std::string piece = second.substr(at, step);
    chunked += fmt::format("{:x}\r\n", piece.size()) + piece + "\r\n";
  }
  chunked += "0\r\n\r\n";
  ASSERT_TRUE(c.Write(chunked));
  auto r2 = c.Read();
  ASSERT_TRUE(r2);
  EXPECT_EQ(r2->body, Expected(second));
  // The connection goes on.
  ASSERT_TRUE(c.Write(Get("/hello")));
  auto r3 = c.Read();
  ASSERT_TRUE(r3);
  EXPECT_EQ(r3->body, "hello");
}

TEST_F(ServerUploadTest, TheHandlerStartsBeforeTheBodyHasArrived) {
  const std::string body = Pattern(1024 * 1024);
  Client c(Start().port());
  ASSERT_TRUE(c.Write(Put("/digest", body.size()) + body.substr(0, 1000)));
  EXPECT_TRUE(WaitUntil([&] { return started_.load(); }));
  ASSERT_TRUE(c.Write(body.substr(1000)));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, Expected(body));
}

TEST_F(ServerUploadTest, AHandlerThatDoesNotReadHoldsTheClientBack) {
  // 200 MiB offered to a handler that reads nothing yet: the server takes in about its pipe
  // (1 MiB) and the socket buffers, not the body.
  Client c(Start().port());
  ASSERT_TRUE(c.Write("PUT /digest HTTP/1.1\r\nHost: t\r\nX-Wait: 1\r\nContent-Length: " +
                      std::to_string(200 * 1024 * 1024) + "\r\n\r\n"));
  ASSERT_TRUE(WaitUntil([&] { return started_.load(); }));
  const int fd = c.native_handle();
  const std::string block(64 * 1024, 'z');
  size_t sent = 0;
  for (;;) {
    pollfd p{fd, POLLOUT, 0};
    if (poll(&p, 1, 500) <= 0) break;  // no room for half a second: held back
    const ssize_t n = send(fd, block.data(), block.size(), MSG_DONTWAIT);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
    ASSERT_LT(sent, 64u * 1024 * 1024) << "the server buffered the body instead of pausing";
  }
  EXPECT_GT(sent, 1024u * 1024);
  Go();
}

TEST_F(ServerUploadTest, AHandlerThatAnswersEarlyClosesTheConnectionAfterItsReply) {
  Client c(Start().port());
  ASSERT_TRUE(c.Write(Put("/refuse", 50 * 1024 * 1024) + Pattern(100 * 1024)));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_TRUE(IsProblem(*r, 422)) << r->body;
  EXPECT_EQ(r->Header("Connection"), "close");
  EXPECT_TRUE(c.WaitClosed());
}

TEST_F(ServerUploadTest, AClientThatLeavesMidBodyFailsTheRead) {
  auto& server = Start();
  {
    Client c(server.port());
    ASSERT_TRUE(c.Write(Put("/digest", 10 * 1024 * 1024) + Pattern(300 * 1024)));
    ASSERT_TRUE(WaitUntil([&] { return started_.load(); }));
  }
  EXPECT_TRUE(WaitUntil([&] { return failure_status_.load() == 400; }));
}

TEST_F(ServerUploadTest, AStalledBodyIsA408) {
  options_.body_timeout = 1s;
  Client c(Start().port());
  ASSERT_TRUE(c.Write(Put("/digest", 1024 * 1024) + Pattern(4096)));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_TRUE(IsProblem(*r, 408)) << r->body;
  EXPECT_NE(r->body.find("stalled"), std::string::npos) << r->body;
  EXPECT_EQ(failure_status_.load(), 408);
}

TEST_F(ServerUploadTest, AChunkedBodyOverTheRouteLimitIsA413) {
  Client c(Start().port());
  ASSERT_TRUE(c.Write("PUT /small HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "a\r\n0123456789\r\na\r\n0123456789\r\n0\r\n\r\n"));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_TRUE(IsProblem(*r, 413)) << r->body;
  // Declared over the limit: refused on the head, the handler never runs.
  Client c2(server_->port());
  ASSERT_TRUE(c2.Write(Put("/small", 17)));
  auto r2 = c2.Read();
  ASSERT_TRUE(r2);
  EXPECT_TRUE(IsProblem(*r2, 413)) << r2->body;
  // Within it, the same route answers.
  Client c3(server_->port());
  ASSERT_TRUE(c3.Write(Put("/small", 5) + "hello"));
  auto r3 = c3.Read();
  ASSERT_TRUE(r3);
  EXPECT_EQ(r3->body, "hello");
}

TEST_F(ServerUploadTest, UploadsBeyondTheTransferThreadsAre503) {
  auto& server = Start();
  std::vector<std::unique_ptr<Client>> busy;
  for (int i = 0; i < options_.transfer_threads; ++i) {
    busy.push_back(std::make_unique<Client>(server.port()));
    ASSERT_TRUE(busy.back()->Write("PUT /digest HTTP/1.1\r\nHost: t\r\nX-Wait: 1\r\n"
                                   "Content-Length: 10\r\n\r\n0123456789"));
  }
  ASSERT_TRUE(WaitUntil([&] { return started_.load(); }));
  std::this_thread::sleep_for(100ms);  // both handlers running
  Client extra(server.port());
  ASSERT_TRUE(extra.Write(Put("/digest", 10) + "0123456789"));
  auto r = extra.Read();
  ASSERT_TRUE(r);
  EXPECT_TRUE(IsProblem(*r, 503)) << r->body;
  EXPECT_EQ(r->Header("Retry-After"), "1");
  // The API's own routes are not held up meanwhile.
  Client api(server.port());
  ASSERT_TRUE(api.Write(Get("/hello")));
  auto hello = api.Read();
  ASSERT_TRUE(hello);
  EXPECT_EQ(hello->body, "hello");
  Go();
  for (auto& c : busy) {
    auto done = c->Read();
    ASSERT_TRUE(done);
    EXPECT_EQ(done->status, 200);
  }
  // A slot is free again.
  Client again(server.port());
  ASSERT_TRUE(again.Write(Put("/digest", 3) + "abc"));
  auto r2 = again.Read();
  ASSERT_TRUE(r2);
  EXPECT_EQ(r2->body, Expected("abc"));
}

TEST_F(ServerUploadTest, AHardStopWakesAHandlerWaitingForMore) {
  options_.shutdown_grace = 1s;
  auto& server = Start();
  Client c(server.port());
  ASSERT_TRUE(c.Write(Put("/digest", 1024 * 1024) + Pattern(1000)));
  ASSERT_TRUE(WaitUntil([&] { return started_.load(); }));
  EXPECT_TRUE(server.StopAndWait(10s));
  EXPECT_EQ(failure_status_.load(), 400);
}

TEST_F(ServerUploadTest, WithoutSocketsTheHandlerReadsTheBodyTheSameWay) {
  Request request;
  request.method = "PUT";
  request.target = request.path = "/digest";
  request.body = "in memory";
  const Response response = dispatcher_->Handle(request);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, Expected("in memory"));
}

}  // namespace
}  // namespace ccrm::gateway
