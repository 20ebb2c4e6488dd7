// The listener's streamed replies (Response::stream) and per-route body limits, over sockets.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "gateway/server.hpp"
#include "gateway/test_client.hpp"

namespace ccrm::gateway {
namespace {

using namespace std::chrono_literals;
using testing::Client;
using testing::Get;
using testing::Reply;
using testing::RunningServer;

constexpr size_t kBig = 64 * 1024;

bool WaitUntil(const std::function<bool()>& condition, std::chrono::seconds timeout = 10s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

// Chunk i of a test stream: sizes and bytes vary, so a lost, repeated or reordered chunk shows.
std::string Piece(size_t i, size_t size) {
  std::string s(size + i % 7, '\0');
  for (size_t j = 0; j < s.size(); ++j) s[j] = static_cast<char>('a' + (i * 31 + j) % 26);
  return s;
}

std::string Whole(size_t n, size_t size) {
  std::string all;
  for (size_t i = 0; i < n; ++i) all += Piece(i, size);
  return all;
}

size_t Param(Request& r, std::string_view name) {
  return std::stoul(std::string(r.PathParam(name)));
}

std::string Post(std::string_view target, size_t length, std::string_view body = "") {
  return "POST " + std::string(target) +
         " HTTP/1.1\r\nHost: t\r\nContent-Length: " + std::to_string(length) + "\r\n\r\n" +
         std::string(body);
}

class ServerStreamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto router = std::make_shared<Router>();
    // n chunks of about `size` bytes; `ms` of sleep per chunk.
    auto counted = [this](size_t n, size_t size, int ms) {
      auto next = std::make_shared<size_t>(0);
      return Response::Streaming(200, "text/csv", [this, n, size, ms, next](std::string& out) {
        RecordCall();
        if (ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(ms));
        if (*next < n) out += Piece((*next)++, size);
        return *next < n;
      });
    };
    router->Add("GET", "/stream/{n}/{size}",
                [counted](Request& r) { return counted(Param(r, "n"), Param(r, "size"), 0); },
                {.access = Access::Public()});
    router->Add("GET", "/slow/{n}",
                [counted](Request& r) { return counted(Param(r, "n"), 1000, 20); },
                {.access = Access::Public()});
    router->Add("GET", "/inline/{n}",
                [this, counted](Request& r) {
                  io_thread_ = std::this_thread::get_id();
                  return counted(Param(r, "n"), 100, 0);
                },
                {.offload = false, .access = Access::Public()});
    router->Add("GET", "/endless",
                [this](Request&) {
                  auto sentinel = std::make_shared<int>(0);
                  alive_ = sentinel;
                  return Response::Streaming(200, "text/csv", [this, sentinel](std::string& out) {
                    RecordCall();
                    out.append(kBig, 'x');
                    return true;
                  });
                },
                {.access = Access::Public()});
    router->Add("GET", "/throws/{after}",
                [this](Request& r) {
                  const size_t after = Param(r, "after");
                  auto made = std::make_shared<size_t>(0);
                  return Response::Streaming(200, "text/csv",
                                             [this, after, made](std::string& out) {
                                               RecordCall();
                                               if ((*made)++ == after)
                                                 throw std::runtime_error("storage went away");
                                               out += Piece(*made, 500);
                                               return true;
                                             });
                },
                {.access = Access::Public()});
    // A stream of known length (n chunks of 1000 bytes); /liar/{n} announces one byte more.
    for (const char* path : {"/sized/{n}", "/liar/{n}"}) {
      const bool liar = std::string_view(path).starts_with("/liar");
      router->Add("GET", path,
                  [counted, liar](Request& r) {
                    const size_t n = Param(r, "n");
                    Response response = counted(n, 1000, 0);
                    response.stream_length = Whole(n, 1000).size() + (liar ? 1 : 0);
                    return response;
                  },
                  {.access = Access::Public()});
    }
    router->Add("GET", "/hello", [](Request&) { return Response::WithText(200, "hello"); },
                {.offload = false, .access = Access::Public()});
    auto size = [](Request& r) { return Response::WithText(200, std::to_string(r.body.size())); };
    router->Add("POST", "/import", size,
                {.access = Access::Public(), .max_body_bytes = 64 * 1024 * 1024});
    router->Add("POST", "/tiny", size, {.access = Access::Public(), .max_body_bytes = 16});
    router->Add("POST", "/echo", size, {.access = Access::Public()});
    dispatcher_ = std::make_shared<Dispatcher>(router, DispatcherOptions{}, nullptr, nullptr);
    options_.port = 0;
    options_.io_threads = 2;
    options_.worker_threads = 2;
    options_.body_timeout = 20s;
    options_.shutdown_grace = 10s;
  }

  // The server (and the producers it may still be running on its pool) goes before the
  // fixture's members they record into.
  void TearDown() override { server_.reset(); }

  RunningServer& Start() {
    server_ = std::make_unique<RunningServer>(options_, dispatcher_);
    return *server_;
  }

  void RecordCall() {
    ++calls_;
    std::lock_guard lock(mutex_);
    producer_threads_.insert(std::this_thread::get_id());
  }

  bool InFlightIsZero() {
    return dispatcher_->metrics().RenderPrometheus().find("ccrm_http_requests_in_flight 0\n") !=
           std::string::npos;
  }

  static bool IsProblem(const Reply& r, int status) {
    return r.status == status && r.Header("Content-Type") == "application/problem+json" &&
           Json::parse(r.body).value("status", 0) == status;
  }

  ServerOptions options_;
  std::shared_ptr<Dispatcher> dispatcher_;
  std::unique_ptr<RunningServer> server_;
  std::atomic<size_t> calls_{0};
  std::weak_ptr<int> alive_;
  std::thread::id io_thread_;
  std::mutex mutex_;
  std::set<std::thread::id> producer_threads_;
};

TEST_F(ServerStreamTest, ManyChunksArriveCompleteAndByteExact) {
  Client c(Start().port());
  ASSERT_TRUE(c.Write(Get("/stream/300/3000")));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->Header("Transfer-Encoding"), "chunked");
  EXPECT_EQ(r->Header("Content-Length"), "<none>");
  EXPECT_EQ(r->Header("Content-Type"), "text/csv");
  EXPECT_NE(r->Header("X-Request-Id"), "<none>");
  EXPECT_EQ(r->body, Whole(300, 3000));
  EXPECT_EQ(r->chunks, 300u);
  EXPECT_EQ(calls_, 300u);
  // Recorded when the stream ended, with every byte.
  ASSERT_TRUE(WaitUntil([&] { return InFlightIsZero(); }));
  EXPECT_NE(
      dispatcher_->metrics().RenderPrometheus().find(
          "ccrm_http_response_body_bytes_total{method=\"GET\",route=\"/stream/{n}/{size}\"} " +
          std::to_string(r->body.size()) + "\n"),
      std::string::npos);
}

TEST_F(ServerStreamTest, AnInlineRoutesProducerRunsOnTheWorkerPool) {
  Client c(Start().port());
  ASSERT_TRUE(c.Write(Get("/inline/50")));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, Whole(50, 100));
  std::lock_guard lock(mutex_);
  EXPECT_NE(io_thread_, std::thread::id());
  EXPECT_FALSE(producer_threads_.contains(io_thread_));
}

TEST_F(ServerStreamTest, AOneChunkStreamIsAnOrdinaryReply) {
  Client c(Start().port());
  ASSERT_TRUE(c.Write(Get("/stream/1/10")));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->Header("Transfer-Encoding"), "<none>");
  EXPECT_EQ(r->Header("Content-Length"), "10");
  EXPECT_EQ(r->body, Whole(1, 10));
}

TEST_F(ServerStreamTest, ASlowReaderHoldsTheProducerBack) {
  // 64 MiB on offer; the client reads nothing for a while. What the producer made meanwhile
  // is bounded by the socket buffers (the server's send buffer tops out at 4 MiB here).
  Client c(Start().port(), 30s, /*receive_buffer=*/64 * 1024);
  ASSERT_TRUE(c.Write(Get("/stream/1024/65536")));
  ASSERT_TRUE(WaitUntil([&] { return calls_ > 0; }));
  std::this_thread::sleep_for(1500ms);
  const size_t stalled = calls_;
  EXPECT_LT(stalled, 160u) << "the producer ran ahead of a client that reads nothing";
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(calls_, stalled) << "the producer kept going while nothing was written";
  // Reading frees room; the producer follows the reader, never far ahead of it.
  size_t read = 0;
  size_t worst_lead = 0;
  while (read < 64u * 1024 * 1024) {
    boost::system::error_code ec;
    read += c.ReadSome(256 * 1024, ec);
    ASSERT_FALSE(ec) << ec.message();
    const size_t made = calls_ * 65536;
    worst_lead = std::max(worst_lead, made > read ? made - read : 0);
  }
  EXPECT_LT(worst_lead, size_t{12} * 1024 * 1024);
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body.size(), Whole(1024, 65536).size());
  EXPECT_EQ(r->body, Whole(1024, 65536));
}

TEST_F(ServerStreamTest, AClientThatLeavesStopsTheProducer) {
  auto& server = Start();
  {
    Client c(server.port());
    ASSERT_TRUE(c.Write(Get("/endless")));
    boost::system::error_code ec;
    size_t read = 0;
    while (read < 1024 * 1024 && !ec) read += c.ReadSome(65536, ec);
    ASSERT_FALSE(ec);
  }
  // The producer and everything it holds are freed, and it is called no more.
  ASSERT_TRUE(WaitUntil([&] { return alive_.expired(); }));
  const size_t calls = calls_;
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(calls_, calls);
  EXPECT_TRUE(WaitUntil([&] { return InFlightIsZero(); }));
}

TEST_F(ServerStreamTest, AProducerThatThrowsCutsTheTransferShort) {
  auto& server = Start();
  {
    Client c(server.port());
    ASSERT_TRUE(c.Write(Get("/throws/5")));
    ASSERT_TRUE(c.ReadToEnd());
    std::string got = c.buffered();
    EXPECT_TRUE(got.starts_with("HTTP/1.1 200 OK\r\n"));
    EXPECT_NE(got.find("Transfer-Encoding: chunked"), std::string::npos);
    EXPECT_FALSE(got.ends_with("0\r\n\r\n")) << "a cut transfer must not look complete";
    EXPECT_FALSE(testing::TakeReply(got, false, /*eof=*/true));
  }
  EXPECT_EQ(calls_, 6u);
  // The server carries on.
  Client again(server.port());
  ASSERT_TRUE(again.Write(Get("/hello")));
  auto ok = again.Read();
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->body, "hello");
  EXPECT_TRUE(WaitUntil([&] { return InFlightIsZero(); }));
}

TEST_F(ServerStreamTest, AProducerThatThrowsAtOnceIsA500Problem) {
  Client c(Start().port());
  ASSERT_TRUE(c.Write(Get("/throws/0") + Get("/hello")));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_TRUE(IsProblem(*r, 500)) << r->body;
  auto next = c.Read();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->body, "hello");
}

TEST_F(ServerStreamTest, HeadGetsTheHeadersOnly) {
  Client c(Start().port());
  ASSERT_TRUE(c.Write("HEAD /stream/10/100 HTTP/1.1\r\nHost: t\r\n\r\n" + Get("/hello")));
  auto head = c.Read(/*head=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->Header("Transfer-Encoding"), "chunked");
  EXPECT_EQ(head->Header("Content-Length"), "<none>");
  auto next = c.Read();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->body, "hello");
  EXPECT_EQ(calls_, 0u);
}

TEST_F(ServerStreamTest, AnHttp10ClientGetsTheBodyUntilTheConnectionCloses) {
  Client c(Start().port());
  ASSERT_TRUE(c.Write("GET /stream/40/1000 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_TRUE(c.buffered().empty());
  EXPECT_EQ(r->Header("Transfer-Encoding"), "<none>");
  EXPECT_EQ(r->Header("Content-Length"), "<none>");
  EXPECT_EQ(r->Header("Connection"), "<none>");  // HTTP/1.0 closes by default
  EXPECT_EQ(r->body, Whole(40, 1000));
}

TEST_F(ServerStreamTest, TheConnectionServesMoreAfterAStream) {
  Client c(Start().port());
  for (int round = 0; round < 2; ++round) {
    ASSERT_TRUE(c.Write(Get("/stream/20/5000")));
    auto r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, Whole(20, 5000));
    ASSERT_TRUE(c.Write(Get("/hello")));
    auto next = c.Read();
    ASSERT_TRUE(next);
    EXPECT_EQ(next->body, "hello");
  }
}

TEST_F(ServerStreamTest, PipelinedRequestsWaitBehindAStream) {
  Client c(Start().port());
  ASSERT_TRUE(c.Write(Get("/slow/30") + Get("/hello") + Get("/stream/5/100")));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, Whole(30, 1000));
  auto hello = c.Read();
  ASSERT_TRUE(hello);
  EXPECT_EQ(hello->body, "hello");
  auto last = c.Read();
  ASSERT_TRUE(last);
  EXPECT_EQ(last->body, Whole(5, 100));
}

TEST_F(ServerStreamTest, GracefulStopLetsAStreamFinish) {
  auto& server = Start();
  Client c(server.port());
  ASSERT_TRUE(c.Write(Get("/slow/50")));  // about a second
  ASSERT_TRUE(WaitUntil([&] { return calls_ > 2; }));
  server.server().Stop();
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, Whole(50, 1000));
  EXPECT_TRUE(c.WaitClosed());
  EXPECT_TRUE(server.StopAndWait(15s));
}

TEST_F(ServerStreamTest, AStreamOutlastingTheGraceIsCut) {
  options_.shutdown_grace = 1s;
  auto& server = Start();
  Client c(server.port());
  ASSERT_TRUE(c.Write(Get("/slow/100000")));
  ASSERT_TRUE(WaitUntil([&] { return calls_ > 2; }));
  const auto start = std::chrono::steady_clock::now();
  server.server().Stop();
  EXPECT_TRUE(c.ReadToEnd());
  EXPECT_FALSE(c.buffered().ends_with("0\r\n\r\n"));
  EXPECT_TRUE(server.StopAndWait(15s));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 8s);
}

TEST_F(ServerStreamTest, AStreamOfKnownLengthGoesWithContentLengthAndNoChunks) {
  Client c(Start().port());
  ASSERT_TRUE(c.Write(Get("/sized/50") + Get("/hello")));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->Header("Transfer-Encoding"), "<none>");
  EXPECT_EQ(r->Header("Content-Length"), std::to_string(Whole(50, 1000).size()));
  EXPECT_EQ(r->body, Whole(50, 1000));
  auto next = c.Read();  // the connection goes on after it
  ASSERT_TRUE(next);
  EXPECT_EQ(next->body, "hello");
  // A producer whose bytes differ from the announced length has its connection cut.
  Client liar(server_->port());
  ASSERT_TRUE(liar.Write(Get("/liar/50")));
  EXPECT_FALSE(liar.Read());
}

TEST_F(ServerStreamTest, ARouteMayAcceptMoreThanTheServerLimit) {
  const std::string body(20 * 1024 * 1024, 'b');
  Client c(Start().port());
  ASSERT_TRUE(c.Write(Post("/import", body.size(), body)));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, std::to_string(body.size()));
  // Chunked too: the route's limit is what a chunked body counts down from.
  std::string chunked = "POST /import HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 20; ++i) chunked += "100000\r\n" + std::string(1024 * 1024, 'c') + "\r\n";
  chunked += "0\r\n\r\n";
  ASSERT_TRUE(c.Write(chunked));
  auto r2 = c.Read();
  ASSERT_TRUE(r2);
  EXPECT_EQ(r2->body, std::to_string(20 * 1024 * 1024));
}

TEST_F(ServerStreamTest, OtherRoutesKeepTheServerLimitAndRefuseBeforeTheBody) {
  auto& server = Start();
  // 20 MiB declared on a default route: 413 at once, the body never sent.
  {
    Client c(server.port());
    ASSERT_TRUE(c.Write(Post("/echo", 20 * 1024 * 1024)));
    auto r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_TRUE(IsProblem(*r, 413)) << r->body;
    EXPECT_NE(r->body.find("10485760 bytes"), std::string::npos) << r->body;
  }
  // Over the import route's own limit, the same.
  {
    Client c(server.port());
    ASSERT_TRUE(c.Write(Post("/import", 65 * 1024 * 1024)));
    auto r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_TRUE(IsProblem(*r, 413)) << r->body;
    EXPECT_NE(r->body.find("67108864 bytes"), std::string::npos) << r->body;
  }
  // A route below the server limit, chunked: refused as the body accumulates.
  {
    Client c(server.port());
    ASSERT_TRUE(
        c.Write("POST /tiny HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                "20\r\n0123456789abcdef0123456789abcdef\r\n0\r\n\r\n"));
    auto r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_TRUE(IsProblem(*r, 413)) << r->body;
    EXPECT_NE(r->body.find(" 16 bytes"), std::string::npos) << r->body;
  }
  // An unknown route keeps the server's limit, even with a larger one elsewhere.
  {
    Client c(server.port());
    ASSERT_TRUE(c.Write(Post("/nowhere", 20 * 1024 * 1024)));
    auto r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_TRUE(IsProblem(*r, 413)) << r->body;
  }
  // Within the limits, both still answer.
  Client c(server.port());
  ASSERT_TRUE(c.Write(Post("/echo", 3, "abc") + Post("/tiny", 16, std::string(16, 't'))));
  for (const char* size : {"3", "16"}) {
    auto r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, size);
  }
}

}  // namespace
}  // namespace ccrm::gateway
