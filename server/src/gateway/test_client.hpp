// Test-only: a raw HTTP/1.1 client over blocking sockets (no Beast, so a Beast misuse in the
// server cannot hide behind the same misuse in the client), plus a Server run on a thread.
#pragma once

#include <utility>  // Boost 1.74's awaitable.hpp needs it first

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "gateway/server.hpp"

namespace ccrm::gateway::testing {

struct Reply {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  size_t chunks = 0;  // data chunks of a chunked body

  std::string Header(std::string_view name) const {
    for (const auto& [n, v] : headers) {
      if (n.size() == name.size() && strncasecmp(n.data(), name.data(), n.size()) == 0) return v;
    }
    return "<none>";
  }
};

inline std::string Get(std::string_view target, std::string_view extra_headers = "") {
  return "GET " + std::string(target) + " HTTP/1.1\r\nHost: test\r\n" +
         std::string(extra_headers) + "\r\n";
}

// The chunked body starting at `pos` of `buffer`, decoded into `reply`; the end of the
// message, or npos while the final zero chunk has not arrived.
inline size_t DecodeChunked(const std::string& buffer, size_t pos, Reply& reply) {
  std::vector<std::pair<size_t, size_t>> pieces;  // located first, copied once complete
  for (;;) {
    const size_t eol = buffer.find("\r\n", pos);
    if (eol == std::string::npos) return std::string::npos;
    const std::string size_text = buffer.substr(pos, std::min(eol, buffer.find(';', pos)) - pos);
    const size_t size = std::stoul(size_text, nullptr, 16);
    pos = eol + 2;
    if (size == 0) {
      if (buffer.size() < pos + 2) return std::string::npos;
      if (buffer.compare(pos, 2, "\r\n") != 0) throw std::runtime_error("trailers unsupported");
      break;
    }
    if (buffer.size() < pos + size + 2) return std::string::npos;
    if (buffer.compare(pos + size, 2, "\r\n") != 0) throw std::runtime_error("bad chunk end");
    pieces.emplace_back(pos, size);
    pos += size + 2;
  }
  size_t total = 0;
  for (const auto& piece : pieces) total += piece.second;
  reply.body.reserve(total);
  for (const auto& [at, size] : pieces) reply.body.append(buffer, at, size);
  reply.chunks = pieces.size();
  return pos + 2;
}

// Parses one response from the front of `buffer` and removes it; nullopt when incomplete.
// A chunked body is decoded. A body with neither length nor chunking ends at the connection's
// end: `eof` says it has come.
inline std::optional<Reply> TakeReply(std::string& buffer, bool head, bool eof = false) {
  const size_t end = buffer.find("\r\n\r\n");
  if (end == std::string::npos) return std::nullopt;
  Reply reply;
  const std::string head_text = buffer.substr(0, end);
  size_t line_end = head_text.find("\r\n");
  const std::string status_line = head_text.substr(0, line_end);
  if (status_line.size() < 12 || !status_line.starts_with("HTTP/1.")) return std::nullopt;
  reply.status = std::stoi(status_line.substr(9, 3));
  size_t content_length = 0;
  bool has_length = false;
  bool chunked = false;
  while (line_end != std::string::npos) {
    const size_t start = line_end + 2;
    line_end = head_text.find("\r\n", start);
    const std::string line = head_text.substr(start, line_end - start);
    const size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    reply.headers.emplace_back(line.substr(0, colon), value);
    if (strcasecmp(line.substr(0, colon).c_str(), "Content-Length") == 0) {
      content_length = std::stoul(value);
      has_length = true;
    }
    if (strcasecmp(line.substr(0, colon).c_str(), "Transfer-Encoding") == 0) {
      chunked = strcasecmp(value.c_str(), "chunked") == 0;
    }
  }
  const bool no_body = head || reply.status == 204 || reply.status == 304;
  if (no_body) content_length = 0;
  if (!no_body && chunked) {
    const size_t message_end = DecodeChunked(buffer, end + 4, reply);
    if (message_end == std::string::npos) return std::nullopt;
    buffer.erase(0, message_end);
    return reply;
  }
  if (!no_body && !has_length) {
    if (!eof) return std::nullopt;
    content_length = buffer.size() - (end + 4);
  }
  if (buffer.size() < end + 4 + content_length) return std::nullopt;
  reply.body = buffer.substr(end + 4, content_length);
  buffer.erase(0, end + 4 + content_length);
  return reply;
}

class Client {
 public:
  // `receive_buffer`: SO_RCVBUF before connecting (0: the system's), to bound what the
  // kernel takes in for a reader that does not read.
  explicit Client(uint16_t port, std::chrono::seconds timeout = std::chrono::seconds(15),
                  int receive_buffer = 0)
      : socket_(io_) {
    if (receive_buffer > 0) {
      socket_.open(boost::asio::ip::tcp::v4());
      setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVBUF, &receive_buffer,
                 sizeof receive_buffer);
    }
    socket_.connect({boost::asio::ip::make_address("127.0.0.1"), port});
    timeval tv{static_cast<time_t>(timeout.count()), 0};
    setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(socket_.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  }

  bool Write(std::string_view bytes) {
    boost::system::error_code ec;
    boost::asio::write(socket_, boost::asio::buffer(bytes.data(), bytes.size()), ec);
    return !ec;
  }

  // One response; nullopt on timeout, EOF or reset before it is complete.
  std::optional<Reply> Read(bool head = false) {
    for (;;) {
      if (auto reply = TakeReply(buffer_, head)) return reply;
      boost::system::error_code ec;
      ReadSome(kReadSize, ec);
      if (ec == boost::asio::error::eof) return TakeReply(buffer_, head, /*eof=*/true);
      if (ec) return std::nullopt;
    }
  }

  // Up to `max` bytes into buffered(), as one read; how many came.
  size_t ReadSome(size_t max, boost::system::error_code& ec) {
    const size_t old = buffer_.size();
    buffer_.resize(old + max);
    const size_t n = socket_.read_some(boost::asio::buffer(buffer_.data() + old, max), ec);
    buffer_.resize(old + n);
    return n;
  }

  // Everything until the server closes (true) or the receive timeout (false), into buffered().
  bool ReadToEnd() {
    for (;;) {
      boost::system::error_code ec;
      ReadSome(kReadSize, ec);
      if (ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset) return true;
      if (ec) return false;
    }
  }

  // True when the server closes the connection (EOF or reset) before the receive timeout.
  bool WaitClosed() {
    for (;;) {
      char chunk[8192];
      boost::system::error_code ec;
      socket_.read_some(boost::asio::buffer(chunk), ec);
      if (ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset) return true;
      if (ec) return false;  // timed out
    }
  }

  const std::string& buffered() const { return buffer_; }
  int native_handle() { return socket_.native_handle(); }

 private:
  static constexpr size_t kReadSize = 64 * 1024;

  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
  std::string buffer_;
};

// A Server started on 127.0.0.1:0 and run on its own thread; stopped and joined at the end.
class RunningServer {
 public:
  RunningServer(ServerOptions options, std::shared_ptr<Dispatcher> dispatcher)
      : server_(std::move(options), std::move(dispatcher)) {
    server_.Start();
    done_ = std::async(std::launch::async, [this] { server_.Run(); });
  }
  ~RunningServer() {
    server_.Stop();
    done_.wait();
  }
  Server& server() { return server_; }
  uint16_t port() const { return server_.port(); }
  // Stop() and wait up to `timeout` for Run() to return.
  bool StopAndWait(std::chrono::seconds timeout) {
    server_.Stop();
    return done_.wait_for(timeout) == std::future_status::ready;
  }

 private:
  Server server_;
  std::future<void> done_;
};

}  // namespace ccrm::gateway::testing
