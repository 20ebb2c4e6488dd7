#include "gateway/send_queue.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>

namespace ccrm::gateway {
namespace {

// A loopback pair: what one side writes and the other does not read stays queued.
TEST(SendQueue, CountsWhatTheClientHasNotTaken) {
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  socklen_t length = sizeof address;
  ASSERT_EQ(getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length), 0);
  ASSERT_EQ(listen(listener, 1), 0);
  const int client = socket(AF_INET, SOCK_STREAM, 0);
  const int small = 4096;
  ASSERT_EQ(setsockopt(client, SOL_SOCKET, SO_RCVBUF, &small, sizeof small), 0);
  ASSERT_EQ(connect(client, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  const int server = accept(listener, nullptr, nullptr);
  ASSERT_GE(server, 0);
  EXPECT_EQ(ReadSendQueue(server).unacknowledged_bytes, 0u);

  const std::string data(256 * 1024, 'x');
  size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n = send(server, data.data() + sent, data.size() - sent, MSG_DONTWAIT);
    if (n <= 0) break;  // the buffers are full
    sent += static_cast<size_t>(n);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const SendQueue queued = ReadSendQueue(server);
  EXPECT_GT(queued.unacknowledged_bytes, 0u);
  EXPECT_LE(queued.unacknowledged_bytes, sent);
  EXPECT_LT(queued.since_last_ack, std::chrono::seconds(5));  // the client answers

  std::string sink(64 * 1024, '\0');
  for (size_t taken = 0; taken < sent;) {
    const ssize_t n = recv(client, sink.data(), sink.size(), 0);
    ASSERT_GT(n, 0);
    taken += static_cast<size_t>(n);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(ReadSendQueue(server).unacknowledged_bytes, 0u);
  EXPECT_EQ(ReadSendQueue(-1).unacknowledged_bytes, 0u);
  close(server);
  close(client);
  close(listener);
}

// A paused client answers window probes, but they space out to minutes apart: only an
// unanswered probe or retransmission, once the last acknowledgement is old, says it is gone.
TEST(SendQueue, APausedClientThatAnswersProbesIsStillTaking) {
  const std::chrono::milliseconds window(30'000);
  SendQueue paused{.unacknowledged_bytes = 4096, .since_last_ack = std::chrono::minutes(2)};
  EXPECT_TRUE(ClientStillTaking(paused, window));
  SendQueue gone = paused;
  gone.unanswered = true;
  EXPECT_FALSE(ClientStillTaking(gone, window));
  SendQueue recent = gone;
  recent.since_last_ack = std::chrono::seconds(1);
  EXPECT_TRUE(ClientStillTaking(recent, window));
  SendQueue drained = paused;
  drained.unacknowledged_bytes = 0;
  EXPECT_FALSE(ClientStillTaking(drained, window));
}

}  // namespace
}  // namespace ccrm::gateway
