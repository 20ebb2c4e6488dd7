// The outbound HTTP client against a loopback server that records what it received and
// answers what the test says.
#include "common/http_client.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <thread>

namespace ccrm {
namespace {

// Answers every connection with `reply` after reading one request (head and Content-Length
// body), which it keeps.
class RecordingServer {
 public:
  explicit RecordingServer(std::string reply) : reply_(std::move(reply)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(fd_, 8) != 0) {
      throw std::runtime_error("bind/listen failed");
    }
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Loop(); });
  }
  ~RecordingServer() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }
  std::string url(const std::string& path = "/") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  std::string received() {
    std::lock_guard lock(mutex_);
    return received_;
  }

 private:
  void Loop() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      const int client = ::accept(fd_, nullptr, nullptr);
      if (client < 0) continue;
      std::string request;
      char buffer[4096];
      size_t want = std::string::npos;
      while (want == std::string::npos || request.size() < want) {
        pollfd c{client, POLLIN, 0};
        if (::poll(&c, 1, 2000) <= 0) break;
        const ssize_t n = ::read(client, buffer, sizeof buffer);
        if (n <= 0) break;
        request.append(buffer, static_cast<size_t>(n));
        const size_t end = request.find("\r\n\r\n");
        if (want == std::string::npos && end != std::string::npos) {
          size_t length = 0;
          if (const size_t at = request.find("Content-Length: "); at != std::string::npos && at < end) {
            length = std::stoul(request.substr(at + 16));
          }
          want = end + 4 + length;
        }
      }
      {
        std::lock_guard lock(mutex_);
        received_ = request;
      }
      (void)!::write(client, reply_.data(), reply_.size());
      ::close(client);
    }
  }

  std::string reply_;
  int fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::string received_;
  std::thread thread_;
};

TEST(HttpClientTest, SendsMethodHeadersAndBodyAndReadsTheWholeReply) {
  RecordingServer server(
      "HTTP/1.1 201 Created\r\nETag: \"abc\"\r\nx-amz-request-id: r1\r\nContent-Length: 5\r\n"
      "Connection: close\r\n\r\nhello");
  const HttpClient client;
  const OutboundResponse reply = client.Send({.method = "PUT",
                                              .url = server.url("/bucket/key?x=1"),
                                              .headers = {{"X-Amz-Date", "20261207T120000Z"}},
                                              .body = "payload"});
  EXPECT_EQ(reply.status, 201);
  EXPECT_EQ(reply.body, "hello");
  EXPECT_EQ(reply.Header("etag"), "\"abc\"");
  EXPECT_EQ(reply.Header("X-AMZ-REQUEST-ID"), "r1");
  EXPECT_EQ(reply.Header("missing"), "");
  const std::string request = server.received();
  EXPECT_TRUE(request.starts_with("PUT /bucket/key?x=1 HTTP/1.1\r\n")) << request;
  EXPECT_NE(request.find("X-Amz-Date: 20261207T120000Z\r\n"), std::string::npos) << request;
  EXPECT_NE(request.find("Content-Length: 7\r\n"), std::string::npos) << request;
  EXPECT_EQ(request.find("Expect:"), std::string::npos) << request;
  EXPECT_TRUE(request.ends_with("\r\n\r\npayload")) << request;
}

TEST(HttpClientTest, AnErrorStatusIsAReplyNotAnException) {
  RecordingServer server("HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nNoSuchKey");
  const OutboundResponse reply = HttpClient().Send({.url = server.url()});
  EXPECT_EQ(reply.status, 404);
  EXPECT_EQ(reply.body, "NoSuchKey");
}

TEST(HttpClientTest, AReplyOverTheCapIsAnError) {
  RecordingServer server("HTTP/1.1 200 OK\r\nContent-Length: 2048\r\nConnection: close\r\n\r\n" +
                         std::string(2048, 'x'));
  const HttpClient client({.max_response_bytes = 1024});
  EXPECT_THROW(client.Send({.url = server.url()}), HttpClientError);
}

TEST(HttpClientTest, NoServerAndOtherSchemesAreErrors) {
  int port = 0;
  {
    RecordingServer gone("");
    port = std::stoi(gone.url().substr(17));
  }  // closed: nothing listens there now
  const HttpClient client({.connect_timeout = std::chrono::milliseconds(500)});
  EXPECT_THROW(client.Send({.url = "http://127.0.0.1:" + std::to_string(port) + "/"}),
               HttpClientError);
  EXPECT_THROW(client.Send({.url = "file:///etc/passwd"}), HttpClientError);
}

}  // namespace
}  // namespace ccrm
