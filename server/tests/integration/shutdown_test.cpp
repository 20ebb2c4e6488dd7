// Graceful shutdown on SIGTERM: requests already under way finish, nothing is cut off half-way,
// and the process exits 0.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "harness.hpp"

namespace ccrm::testing {
namespace {

TEST(ShutdownTest, RequestInFlightAtSigtermStillGetsItsReply) {
  ServerProcess server;
  Connection connection(server.port());
  ASSERT_TRUE(
      connection.Write("POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                       "Content-Length: 10\r\n\r\n12345"));
  // Let the server read the headers, so the request is truly in flight when the signal lands.
  SleepFor(Seconds(0.5));
  server.Signal(SIGTERM);
  SleepFor(Seconds(0.5));
  ASSERT_TRUE(connection.Write("67890")) << connection.error();

  const auto response = connection.ReadResponse(Seconds(15));
  ASSERT_TRUE(response) << connection.error() << "\nstderr:\n" << server.Stderr();
  EXPECT_TRUE(IsProblem(*response, 405));

  const auto status = server.WaitExit(Seconds(15));
  ASSERT_TRUE(status.has_value()) << "still running 15 s after SIGTERM";
  EXPECT_EQ(*status, 0) << "stderr:\n" << server.Stderr();
}

TEST(ShutdownTest, IdleServerExitsZeroOnSigtermAndSigint) {
  for (const int signal : {SIGTERM, SIGINT}) {
    ServerProcess server;
    ASSERT_EQ(Get(server.port(), "/healthz").status, 200);
    server.Signal(signal);
    const auto status = server.WaitExit(Seconds(15));
    ASSERT_TRUE(status.has_value()) << "still running 15 s after signal " << signal;
    EXPECT_EQ(*status, 0) << "signal " << signal << "; stderr:\n" << server.Stderr();
  }
}

TEST(ShutdownTest, KeepAliveClientsUnderLoadSeeNoTruncatedReply) {
  constexpr int kClients = 20;
  ServerProcess server(ServerProcess::Options{.env = {{"CCRM_THROTTLE_ENABLED", "false"}}});

  std::atomic<bool> stop{false};
  std::atomic<int> ok{0};
  std::atomic<int> closed_between_requests{0};  // EOF/reset before any byte of a reply
  std::atomic<int> reconnects{0};
  std::mutex mutex;
  std::vector<std::string> failures;  // truncated, malformed, non-200 or hung replies
  auto fail = [&](std::string what) {
    std::lock_guard lock(mutex);
    failures.push_back(std::move(what));
  };
  const std::string request = BuildRequest("GET", "/readyz");

  auto client = [&](int index) {
    while (!stop) {
      std::unique_ptr<Connection> connection;
      try {
        connection = std::make_unique<Connection>(server.port(), Seconds(5));
      } catch (const std::exception&) {
        return;  // refused: the listener is closed, which is what shutdown should do
      }
      ++reconnects;
      while (!stop) {
        if (!connection->Write(request)) break;  // not fully written: nothing was promised
        auto response = connection->ReadResponse(Seconds(20));
        if (!response) {
          if (!connection->buffered().empty()) {
            fail("client " + std::to_string(index) + ": truncated reply (" +
                 std::to_string(connection->buffered().size()) + " bytes): " + connection->error());
          } else if (connection->error().find("timed out") != std::string::npos) {
            fail("client " + std::to_string(index) + ": no reply within 20 s");
          } else {
            ++closed_between_requests;
          }
          break;
        }
        if (response->status != 200) {
          fail("client " + std::to_string(index) + ": " + response->Describe());
          break;
        }
        ++ok;
        if (ListContains(response->HeaderOr("Connection"), "close")) {
          if (!connection->WaitClosed(Seconds(10))) {
            fail("client " + std::to_string(index) + ": Connection: close but not closed");
          }
          break;
        }
      }
    }
  };

  std::vector<std::thread> threads;
  // Joins on every way out of the test, a failed ASSERT included: a joinable std::thread
  // destroyed would abort the whole test binary.
  struct Joiner {
    std::atomic<bool>& stop;
    std::vector<std::thread>& threads;
    ~Joiner() {
      stop = true;
      for (auto& t : threads) {
        if (t.joinable()) t.join();
      }
    }
  } joiner{stop, threads};
  for (int i = 0; i < kClients; ++i) threads.emplace_back(client, i);
  // Real load first: every client has had time to get going.
  ASSERT_TRUE(WaitFor([&] { return ok.load() >= kClients * 20; }, Seconds(30)))
      << "only " << ok.load() << " replies before SIGTERM";
  const int ok_before = ok.load();
  server.Signal(SIGTERM);
  const auto status = server.WaitExit(Seconds(15));
  stop = true;
  for (auto& t : threads) t.join();

  ASSERT_TRUE(status.has_value()) << "still running 15 s after SIGTERM under load";
  EXPECT_EQ(*status, 0) << "stderr:\n" << server.Stderr();
  EXPECT_TRUE(failures.empty()) << failures.size() << " bad replies, first: " << failures.front();
  std::cout << "[ shutdown ] " << ok_before << " replies before SIGTERM, " << ok.load()
            << " in all; " << closed_between_requests.load()
            << " connections closed between requests; " << reconnects.load()
            << " connections opened\n";
}

}  // namespace
}  // namespace ccrm::testing
