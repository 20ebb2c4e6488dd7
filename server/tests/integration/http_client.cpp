// The raw HTTP/1.1 client of the harness, and the assertions on what it reads.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "common/json.hpp"
#include "harness.hpp"

namespace ccrm::testing {
namespace {

using Clock = std::chrono::steady_clock;

std::string Trim(std::string_view s) {
  const auto start = s.find_first_not_of(" \t");
  if (start == std::string_view::npos) return {};
  const auto end = s.find_last_not_of(" \t");
  return std::string(s.substr(start, end - start + 1));
}

}  // namespace

const std::string* HttpResponse::Header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (EqualsIgnoreCase(n, name)) return &v;
  }
  return nullptr;
}

std::string HttpResponse::HeaderOr(std::string_view name, std::string fallback) const {
  const auto* v = Header(name);
  return v ? *v : std::move(fallback);
}

std::string HttpResponse::Describe() const {
  std::string out = version + " " + std::to_string(status) + " " + reason + "\n";
  for (const auto& [n, v] : headers) out += n + ": " + v + "\n";
  out += "\n" + Tail(body, 2000);
  return out;
}

Connection::Connection(uint16_t port, Seconds connect_timeout) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd_ < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  const int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    if (errno != EINPROGRESS) {
      const std::string why = std::strerror(errno);
      ::close(fd_);
      throw std::runtime_error("connect to 127.0.0.1:" + std::to_string(port) + ": " + why);
    }
    pollfd p{fd_, POLLOUT, 0};
    const int ready = ::poll(&p, 1, RemainingMs(DeadlineAfter(connect_timeout)));
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &len);
    if (ready <= 0 || err != 0) {
      ::close(fd_);
      throw std::runtime_error("connect to 127.0.0.1:" + std::to_string(port) + ": " +
                               (ready <= 0 ? "timed out" : std::strerror(err)));
    }
  }
}

Connection::~Connection() {
  if (fd_ >= 0) ::close(fd_);
}

bool Connection::Write(std::string_view bytes, Seconds timeout) {
  const auto deadline = DeadlineAfter(timeout);
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n > 0) {
      bytes.remove_prefix(static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      pollfd p{fd_, POLLOUT, 0};
      if (::poll(&p, 1, RemainingMs(deadline)) <= 0) {
        error_ = "write timed out";
        return false;
      }
      continue;
    }
    error_ = std::string("write: ") + std::strerror(errno);
    return false;
  }
  return true;
}

void Connection::ShutdownWrite() { ::shutdown(fd_, SHUT_WR); }

bool Connection::Fill(Clock::time_point deadline) {
  if (eof_) {
    error_ = "connection closed by the server";
    return false;
  }
  while (true) {
    pollfd p{fd_, POLLIN, 0};
    const int ready = ::poll(&p, 1, RemainingMs(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) {
      error_ = "timed out waiting for the server";
      return false;
    }
    char chunk[65536];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n > 0) {
      buffer_.append(chunk, static_cast<size_t>(n));
      return true;
    }
    if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) continue;
    eof_ = true;
    error_ =
        n == 0 ? "connection closed by the server" : std::string("read: ") + std::strerror(errno);
    return false;
  }
}

std::optional<HttpResponse> Connection::ReadResponse(Seconds timeout, bool head_request) {
  const auto deadline = DeadlineAfter(timeout);
  while (true) {
    size_t header_end;
    while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (buffer_.size() > (1 << 20)) {
        error_ = "response headers larger than 1 MiB";
        return std::nullopt;
      }
      if (!Fill(deadline)) {
        if (!buffer_.empty())
          error_ +=
              " (after " + std::to_string(buffer_.size()) + " bytes of an incomplete response)";
        return std::nullopt;
      }
    }
    HttpResponse response;
    std::string_view head(buffer_.data(), header_end);
    size_t line_end = head.find("\r\n");
    const std::string_view status_line = head.substr(0, line_end);
    // "HTTP/1.1 200 OK": the reason phrase may be empty or hold spaces.
    const size_t sp1 = status_line.find(' ');
    if (sp1 == std::string_view::npos || status_line.substr(0, 5) != "HTTP/") {
      error_ = "malformed status line: " + std::string(status_line);
      return std::nullopt;
    }
    response.version = std::string(status_line.substr(0, sp1));
    const std::string_view rest = status_line.substr(sp1 + 1);
    const size_t sp2 = rest.find(' ');
    response.status = std::atoi(std::string(rest.substr(0, sp2)).c_str());
    if (sp2 != std::string_view::npos) response.reason = std::string(rest.substr(sp2 + 1));
    while (line_end != std::string_view::npos) {
      const size_t start = line_end + 2;
      line_end = head.find("\r\n", start);
      const std::string_view line = head.substr(
          start, line_end == std::string_view::npos ? std::string_view::npos : line_end - start);
      const size_t colon = line.find(':');
      if (colon == std::string_view::npos || colon == 0) {
        error_ = "malformed header line: " + std::string(line);
        return std::nullopt;
      }
      response.headers.emplace_back(std::string(line.substr(0, colon)),
                                    Trim(line.substr(colon + 1)));
    }
    size_t consumed = header_end + 4;

    // Interim responses (100 Continue) precede the real one.
    if (response.status >= 100 && response.status < 200) {
      buffer_.erase(0, consumed);
      continue;
    }
    const bool no_body = head_request || response.status == 204 || response.status == 304;
    const auto* te = response.Header("Transfer-Encoding");
    const auto* cl = response.Header("Content-Length");
    if (no_body) {
      // nothing
    } else if (te && te->find("chunked") != std::string::npos) {
      while (true) {
        size_t size_end;
        while ((size_end = buffer_.find("\r\n", consumed)) == std::string::npos) {
          if (!Fill(deadline)) return std::nullopt;
        }
        const size_t size = std::strtoul(buffer_.c_str() + consumed, nullptr, 16);
        consumed = size_end + 2;
        if (size == 0) {
          // Trailers, then an empty line.
          size_t trailer_end;
          while ((trailer_end = buffer_.find("\r\n", consumed)) == std::string::npos) {
            if (!Fill(deadline)) return std::nullopt;
          }
          while (trailer_end != consumed) {
            consumed = trailer_end + 2;
            while ((trailer_end = buffer_.find("\r\n", consumed)) == std::string::npos) {
              if (!Fill(deadline)) return std::nullopt;
            }
          }
          consumed += 2;
          break;
        }
        while (buffer_.size() < consumed + size + 2) {
          if (!Fill(deadline)) return std::nullopt;
        }
        response.body.append(buffer_, consumed, size);
        consumed += size + 2;
      }
    } else if (cl) {
      const size_t length = std::strtoull(cl->c_str(), nullptr, 10);
      while (buffer_.size() < consumed + length) {
        if (!Fill(deadline)) {
          error_ += " (body: " + std::to_string(buffer_.size() - consumed) + " of " +
                    std::to_string(length) + " bytes)";
          return std::nullopt;
        }
      }
      response.body = buffer_.substr(consumed, length);
      consumed += length;
    } else {
      while (Fill(deadline)) {
      }
      if (!eof_) return std::nullopt;  // timed out before the close that ends the body
      response.body = buffer_.substr(consumed);
      consumed = buffer_.size();
    }
    buffer_.erase(0, consumed);
    error_.clear();
    return response;
  }
}

bool Connection::WaitClosed(Seconds timeout) {
  const auto deadline = DeadlineAfter(timeout);
  while (!eof_) {
    if (!Fill(deadline) && !eof_) return false;
  }
  buffer_.clear();
  return true;
}

std::string BuildRequest(std::string_view method, std::string_view target,
                         const HeaderList& headers, std::string_view body) {
  std::string out;
  out.append(method).append(" ").append(target).append(" HTTP/1.1\r\n");
  bool has_host = false;
  bool has_length = false;
  for (const auto& [n, v] : headers) {
    has_host = has_host || EqualsIgnoreCase(n, "Host");
    has_length = has_length || EqualsIgnoreCase(n, "Content-Length") ||
                 EqualsIgnoreCase(n, "Transfer-Encoding");
  }
  if (!has_host) out += "Host: 127.0.0.1\r\n";
  for (const auto& [n, v] : headers) out += n + ": " + v + "\r\n";
  const bool expects_body = method == "POST" || method == "PUT" || method == "PATCH";
  if (!has_length && (!body.empty() || expects_body)) {
    out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  out += "\r\n";
  out.append(body);
  return out;
}

HttpResponse Send(uint16_t port, std::string_view raw_request, Seconds timeout) {
  Connection connection(port);
  // A server may answer (413, 431) and close before it has read everything we send; the
  // answer is what matters, so a failed write is not yet a failure.
  const bool wrote = connection.Write(raw_request, timeout);
  const bool head = raw_request.substr(0, 5) == "HEAD ";
  auto response = connection.ReadResponse(timeout, head);
  if (!response) {
    throw std::runtime_error("no complete response from 127.0.0.1:" + std::to_string(port) + ": " +
                             connection.error() +
                             (wrote ? "" : " (the request could not be written in full)"));
  }
  return *response;
}

HttpResponse Get(uint16_t port, std::string_view target, const HeaderList& headers) {
  return Send(port, BuildRequest("GET", target, headers));
}

HttpResponse Request(uint16_t port, std::string_view method, std::string_view target,
                     const HeaderList& headers, std::string_view body) {
  return Send(port, BuildRequest(method, target, headers, body));
}

::testing::AssertionResult IsProblem(const HttpResponse& response, int status) {
  auto failure = [&](const std::string& why) {
    return ::testing::AssertionFailure() << why << "\n--- response ---\n" << response.Describe();
  };
  if (response.status != status) {
    return failure("status " + std::to_string(response.status) + ", expected " +
                   std::to_string(status));
  }
  const std::string type = response.HeaderOr("Content-Type");
  if (type.rfind("application/problem+json", 0) != 0) {
    return failure("Content-Type is \"" + type + "\", expected application/problem+json");
  }
  const Json body = Json::parse(response.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return failure("the body is not a JSON object");
  for (const char* member : {"type", "title", "detail"}) {
    if (!body.contains(member) || !body[member].is_string()) {
      return failure(std::string("the problem has no string member \"") + member + "\"");
    }
  }
  if (!body.contains("status") || !body["status"].is_number_integer() ||
      body["status"].get<int>() != status) {
    return failure("the problem's status member does not equal " + std::to_string(status));
  }
  return ::testing::AssertionSuccess();
}

bool IsValidRequestId(std::string_view id) {
  return !id.empty() && id.size() <= 128 && std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
  });
}

bool ListContains(std::string_view list, std::string_view token) {
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string_view::npos) comma = list.size();
    if (EqualsIgnoreCase(Trim(list.substr(start, comma - start)), token)) return true;
    start = comma + 1;
  }
  return false;
}

}  // namespace ccrm::testing
