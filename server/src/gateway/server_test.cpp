#include "gateway/server.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "gateway/test_client.hpp"

namespace ccrm::gateway {
namespace {

using namespace std::chrono_literals;
using testing::Client;
using testing::Get;
using testing::Reply;
using testing::RunningServer;

// Generous everywhere: these run on a loaded two-core machine.
bool WaitUntil(const std::function<bool()>& condition, std::chrono::seconds timeout = 10s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto router = std::make_shared<Router>();
    router->Add("GET", "/hello",
                [this](Request&) {
                  inline_thread_ = std::this_thread::get_id();
                  return Response::WithText(200, "hello");
                },
                {.offload = false, .access = Access::Public()});
    router->Add("GET", "/offload",
                [this](Request&) {
                  offload_thread_ = std::this_thread::get_id();
                  return Response::WithText(200, "offloaded");
                },
                {.access = Access::Public()});
    router->Add("GET", "/sleep/{ms}",
                [this](Request& r) {
                  slow_started_ = true;
                  std::this_thread::sleep_for(
                      std::chrono::milliseconds(std::stoi(std::string(r.PathParam("ms")))));
                  Event("sleep-end");
                  return Response::WithText(200, std::string(r.PathParam("ms")));
                },
                {.access = Access::Public()});
    // Hold their thread until released, like a queue of argon2id sign-ins (heavy) or of
    // deliveries waiting on the store's writes (bulk) would.
    const auto holding = [this](Request&) {
      heavy_started_ = true;
      for (int i = 0; i < 1000 && !release_heavy_; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
      return Response::WithText(200, "held");
    };
    router->Add("GET", "/heavy", holding, {.heavy = true, .access = Access::Public()});
    router->Add("GET", "/bulk", holding, {.bulk = true, .access = Access::Public()});
    router->Add("POST", "/held", holding, {.access = Access::Public()});
    router->Add("POST", "/echo",
                [this](Request& r) {
                  Event("echo-start");
                  return Response::WithText(200, r.body);
                },
                {.access = Access::Public()});
    dispatcher_ = std::make_shared<Dispatcher>(router, DispatcherOptions{}, nullptr, nullptr);
    options_.port = 0;
    options_.io_threads = 2;
    options_.worker_threads = 2;
    options_.header_timeout = 5s;
    options_.body_timeout = 5s;
    options_.shutdown_grace = 10s;
  }

  RunningServer& Start() {
    server_ = std::make_unique<RunningServer>(options_, dispatcher_);
    return *server_;
  }

  void Event(const std::string& e) {
    std::lock_guard lock(mutex_);
    events_.push_back(e);
  }

  static bool IsProblem(const Reply& r, int status) {
    return r.status == status && r.Header("Content-Type") == "application/problem+json" &&
           Json::parse(r.body).value("status", 0) == status;
  }

  ServerOptions options_;
  std::shared_ptr<Dispatcher> dispatcher_;
  std::unique_ptr<RunningServer> server_;
  std::atomic<bool> slow_started_{false};
  std::atomic<bool> heavy_started_{false};
  std::atomic<bool> release_heavy_{false};
  std::thread::id inline_thread_, offload_thread_;
  std::mutex mutex_;
  std::vector<std::string> events_;
};

TEST_F(ServerTest, KeepAliveServesTwoRequestsOnOneSocket) {
  Client c(Start().port());
  ASSERT_TRUE(c.Write(Get("/hello", "X-Request-Id: one\r\n")));
  auto first = c.Read();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(first->body, "hello");
  EXPECT_EQ(first->Header("X-Request-Id"), "one");
  EXPECT_EQ(first->Header("Content-Length"), "5");
  EXPECT_NE(first->Header("Date"), "<none>");
  EXPECT_EQ(first->Header("Server"), "<none>");
  EXPECT_EQ(first->Header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(first->Header("Strict-Transport-Security"), "<none>");
  ASSERT_TRUE(c.Write(Get("/offload")));
  auto second = c.Read();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->body, "offloaded");
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  Client c(Start().port());
  // The first is slow and offloaded, the second inline: its reply still waits its turn.
  ASSERT_TRUE(c.Write(Get("/sleep/300") + Get("/hello") + Get("/sleep/10") + Get("/nope")));
  const char* expected[] = {"300", "hello", "10"};
  for (const char* body : expected) {
    auto r = c.Read();
    ASSERT_TRUE(r) << body;
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, body);
  }
  auto last = c.Read();
  ASSERT_TRUE(last);
  EXPECT_TRUE(IsProblem(*last, 404));
  EXPECT_TRUE(c.buffered().empty());
  EXPECT_TRUE(WaitUntil([&] {
    return dispatcher_->metrics().RenderPrometheus().find("ccrm_http_requests_in_flight 0\n") !=
           std::string::npos;
  }));
}

TEST_F(ServerTest, PipelinedWriteWaitsForEarlierRequests) {
  Client c(Start().port());
  const std::string post = "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc";
  ASSERT_TRUE(c.Write(Get("/sleep/200") + post + Get("/hello")));
  for (const char* body : {"200", "abc", "hello"}) {
    auto r = c.Read();
    ASSERT_TRUE(r) << body;
    EXPECT_EQ(r->body, body);
  }
  std::lock_guard lock(mutex_);
  EXPECT_EQ(events_, (std::vector<std::string>{"sleep-end", "echo-start"}));
}

TEST_F(ServerTest, PipeliningBeyondTheBoundIsStillAnswered) {
  options_.max_pipelined = 2;
  Client c(Start().port());
  std::string batch;
  for (int i = 0; i < 6; ++i) batch += Get("/sleep/" + std::to_string(i));
  ASSERT_TRUE(c.Write(batch));
  for (int i = 0; i < 6; ++i) {
    auto r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, std::to_string(i));
  }
}

TEST_F(ServerTest, ALongPipelineOfQuickRequestsIsAnsweredInOrder) {
  // More than a session serves from its buffer before letting other connections run.
  Client c(Start().port());
  std::string batch;
  for (int i = 0; i < 40; ++i) {
    batch += Get("/hello", "X-Request-Id: n" + std::to_string(i) + "\r\n");
  }
  ASSERT_TRUE(c.Write(batch));
  for (int i = 0; i < 40; ++i) {
    auto r = c.Read();
    ASSERT_TRUE(r) << i;
    EXPECT_EQ(r->Header("X-Request-Id"), "n" + std::to_string(i));
    EXPECT_EQ(r->body, "hello");
  }
}

TEST_F(ServerTest, ConnectionCloseIsHonoured) {
  Client c(Start().port());
  ASSERT_TRUE(c.Write(Get("/hello", "Connection: close\r\n")));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->Header("Connection"), "close");
  EXPECT_TRUE(c.WaitClosed());
}

TEST_F(ServerTest, HeadHasNoBody) {
  Client c(Start().port());
  ASSERT_TRUE(c.Write("HEAD /hello HTTP/1.1\r\nHost: t\r\n\r\n" + Get("/hello")));
  auto head = c.Read(/*head=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->Header("Content-Length"), "5");
  auto get = c.Read();
  ASSERT_TRUE(get);
  EXPECT_EQ(get->body, "hello");
}

TEST_F(ServerTest, OversizedContentLengthIs413) {
  options_.max_body_bytes = 1024;
  Client c(Start().port());
  ASSERT_TRUE(c.Write("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\n"));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_TRUE(IsProblem(*r, 413)) << r->body;
  EXPECT_TRUE(c.WaitClosed());
}

TEST_F(ServerTest, ChunkedBodyOverTheLimitIs413) {
  options_.max_body_bytes = 16;
  Client c(Start().port());
  ASSERT_TRUE(
      c.Write("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
              "20\r\n0123456789abcdef0123456789abcdef\r\n0\r\n\r\n"));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_TRUE(IsProblem(*r, 413)) << r->body;
}

TEST_F(ServerTest, HugeHeaderIs431) {
  options_.max_header_bytes = 2048;
  Client c(Start().port());
  ASSERT_TRUE(c.Write(Get("/hello", "X-Big: " + std::string(8192, 'a') + "\r\n")));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_TRUE(IsProblem(*r, 431)) << r->body;
}

TEST_F(ServerTest, GarbageIs400ProblemAndServerSurvives) {
  auto& server = Start();
  {
    Client c(server.port());
    ASSERT_TRUE(c.Write(std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 x\r\n\r\n", 17)));
    auto r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_TRUE(IsProblem(*r, 400)) << r->body;
    EXPECT_NE(Json::parse(r->body)["detail"].get<std::string>().find("Malformed HTTP"),
              std::string::npos);
    EXPECT_TRUE(c.WaitClosed());
  }
  Client again(server.port());
  ASSERT_TRUE(again.Write(Get("/hello")));
  auto ok = again.Read();
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST_F(ServerTest, HalfARequestLineEarns408ThenClose) {
  options_.header_timeout = 1s;
  Client c(Start().port());
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(c.Write("GET /hel"));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_TRUE(IsProblem(*r, 408)) << r->body;
  EXPECT_GE(std::chrono::steady_clock::now() - start, 900ms);
  EXPECT_TRUE(c.WaitClosed());
}

TEST_F(ServerTest, SilentConnectionIsClosed) {
  options_.header_timeout = 1s;
  Client c(Start().port());
  EXPECT_TRUE(c.WaitClosed());
}

TEST_F(ServerTest, ConnectionsOverTheCapGet503) {
  options_.max_connections = 2;
  auto& server = Start();
  auto a = std::make_unique<Client>(server.port());
  Client b(server.port());
  for (Client* c : {a.get(), &b}) {
    ASSERT_TRUE(c->Write(Get("/hello")));
    ASSERT_TRUE(c->Read());
  }
  {
    Client over(server.port());
    ASSERT_TRUE(over.Write(Get("/hello")));
    auto r = over.Read();
    ASSERT_TRUE(r);
    EXPECT_TRUE(IsProblem(*r, 503)) << r->body;
    EXPECT_TRUE(over.WaitClosed());
  }
  a.reset();  // frees a slot, once the server has noticed
  EXPECT_TRUE(WaitUntil([&] {
    Client c(server.port());
    if (!c.Write(Get("/hello"))) return false;
    auto r = c.Read();
    return r && r->status == 200;
  }));
}

TEST_F(ServerTest, OffloadedHandlerRunsOnTheWorkerPool) {
  Client c(Start().port());
  ASSERT_TRUE(c.Write(Get("/hello") + Get("/offload")));
  ASSERT_TRUE(c.Read());
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "offloaded");
  EXPECT_NE(inline_thread_, offload_thread_);
  EXPECT_NE(offload_thread_, std::thread::id());
}

TEST_F(ServerTest, HeavyAndBulkRoutesCannotOccupyTheWorkerPool) {
  options_.worker_threads = 1;
  options_.heavy_threads = 1;
  options_.bulk_threads = 1;
  RunningServer& server = Start();
  for (const char* path : {"/heavy", "/bulk"}) {
    heavy_started_ = false;
    release_heavy_ = false;
    Client held1(server.port());
    Client held2(server.port());
    ASSERT_TRUE(held1.Write(Get(path)));
    ASSERT_TRUE(held2.Write(Get(path)));  // queued behind the first on its own pool
    for (int i = 0; i < 400 && !heavy_started_; ++i) std::this_thread::sleep_for(5ms);
    ASSERT_TRUE(heavy_started_) << path;
    // The one ordinary worker is free: an offloaded route answers while both held ones wait.
    Client other(server.port());
    ASSERT_TRUE(other.Write(Get("/offload")));
    const auto r = other.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "offloaded") << path;
    release_heavy_ = true;
    EXPECT_TRUE(held1.Read());
    EXPECT_TRUE(held2.Read());
  }
}

// Writes run on a pool of their own: writes waiting on their commit leave the (CPU-sized) pool
// of reads free, and a long read leaves the writes theirs.
TEST_F(ServerTest, WritesAndReadsRunOnPoolsOfTheirOwn) {
  options_.worker_threads = 1;
  options_.write_threads = 1;
  RunningServer& server = Start();
  const std::string post_held = "POST /held HTTP/1.1\r\nHost: test\r\nContent-Length: 0\r\n\r\n";
  Client held1(server.port());
  Client held2(server.port());
  ASSERT_TRUE(held1.Write(post_held));
  ASSERT_TRUE(held2.Write(post_held));  // queued behind the first on the write pool
  ASSERT_TRUE(WaitUntil([&] { return heavy_started_.load(); }));
  Client reader(server.port());
  ASSERT_TRUE(reader.Write(Get("/offload")));
  const auto read = reader.Read();
  ASSERT_TRUE(read);
  EXPECT_EQ(read->body, "offloaded");
  release_heavy_ = true;
  EXPECT_TRUE(held1.Read());
  EXPECT_TRUE(held2.Read());

  Client sleeper(server.port());
  ASSERT_TRUE(sleeper.Write(Get("/sleep/1500")));  // the one read worker, for 1.5 s
  ASSERT_TRUE(WaitUntil([&] { return slow_started_.load(); }));
  Client writer(server.port());
  const auto started = std::chrono::steady_clock::now();
  ASSERT_TRUE(writer.Write("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 2\r\n\r\nhi"));
  const auto echoed = writer.Read();
  ASSERT_TRUE(echoed);
  EXPECT_EQ(echoed->body, "hi");
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1s) << "the write waited for the read";
  EXPECT_TRUE(sleeper.Read());
}

TEST_F(ServerTest, GracefulStopFinishesTheRequestInFlight) {
  auto& server = Start();
  Client idle(server.port());
  ASSERT_TRUE(idle.Write(Get("/hello")));
  ASSERT_TRUE(idle.Read());
  Client busy(server.port());
  ASSERT_TRUE(busy.Write(Get("/sleep/500")));
  ASSERT_TRUE(WaitUntil([&] { return slow_started_.load(); }));
  server.server().Stop();
  auto r = busy.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "500");
  EXPECT_EQ(r->Header("Connection"), "close");
  EXPECT_TRUE(busy.WaitClosed());
  EXPECT_TRUE(idle.WaitClosed());
  EXPECT_TRUE(server.StopAndWait(15s));
  EXPECT_THROW(Client late(server.port()), std::exception);
}

TEST_F(ServerTest, StopWithNoConnectionsReturnsPromptly) {
  auto& server = Start();
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(server.StopAndWait(15s));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST_F(ServerTest, StartFailsClearlyWhenThePortIsTaken) {
  auto& server = Start();
  ServerOptions same = options_;
  same.port = server.port();
  Server second(same, dispatcher_);
  try {
    second.Start();
    FAIL() << "Start() succeeded on a taken port";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot listen on 127.0.0.1:"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace ccrm::gateway
