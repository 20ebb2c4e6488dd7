#include "harness.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "common/json.hpp"

extern char** environ;

namespace ccrm::testing {
namespace {

using Clock = std::chrono::steady_clock;

int RemainingMs(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<int>(std::clamp<int64_t>(left.count(), 0, 1 << 30));
}

Clock::time_point DeadlineAfter(Seconds timeout) {
  return Clock::now() + std::chrono::duration_cast<Clock::duration>(timeout);
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string Trim(std::string_view s) {
  const auto start = s.find_first_not_of(" \t");
  if (start == std::string_view::npos) return {};
  const auto end = s.find_last_not_of(" \t");
  return std::string(s.substr(start, end - start + 1));
}

std::string Tail(const std::string& text, size_t max) {
  return text.size() <= max ? text : "..." + text.substr(text.size() - max);
}

}  // namespace

void SleepFor(Seconds duration) {
  std::this_thread::sleep_for(std::chrono::duration_cast<std::chrono::microseconds>(duration));
}

std::string RequiredEnvPath(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    throw std::runtime_error(std::string(name) +
                             " is not set: run these tests through ctest, or set it by hand "
                             "(e.g. CCRM_BINARY=build/ccrm)");
  }
  return value;
}

// ---------------------------------------------------------------------------------------------

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/ccrm-it-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("mkdtemp(" + pattern + "): " + std::strerror(errno));
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  if (std::getenv("CCRM_KEEP_TEST_DIRS") != nullptr) return;
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void WriteFile(const std::string& path, std::string_view content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  if (!out) throw std::runtime_error("cannot write " + path);
}

// ---------------------------------------------------------------------------------------------

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const Environment& env,
                           std::string stdout_path, std::string stderr_path)
    : stdout_path_(std::move(stdout_path)), stderr_path_(std::move(stderr_path)) {
  if (argv.empty()) throw std::invalid_argument("ChildProcess: empty argv");
  // Everything the child needs is prepared before fork: between fork and exec only
  // async-signal-safe calls are allowed (the test process may have threads).
  std::vector<std::string> env_strings;
  for (char** e = environ; e && *e; ++e) {
    if (std::strncmp(*e, "CCRM_", 5) == 0) continue;
    env_strings.emplace_back(*e);
  }
  for (const auto& [name, value] : env) env_strings.push_back(name + "=" + value);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = argv;
  std::vector<char*> argp;
  for (auto& s : args) argp.push_back(s.data());
  argp.push_back(nullptr);
  const pid_t parent = getpid();

  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (pid_ == 0) {
    // A crashed or killed test must not leave servers behind holding ports and temp dirs.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    const int in = open("/dev/null", O_RDONLY);
    const int out = open(stdout_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
    const int err = open(stderr_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
    if (in < 0 || out < 0 || err < 0) _exit(126);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    // Sockets and files the test holds open must not leak into the server: an inherited client
    // socket would keep a connection open that the test believes closed.
    close_range(3, ~0U, 0);
    execve(argp[0], argp.data(), envp.data());
    const char msg[] = "execve failed\n";
    [[maybe_unused]] auto n = write(2, msg, sizeof msg - 1);
    _exit(127);
  }
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !exit_status_) {
    ::kill(pid_, SIGKILL);
    Reap(true);
  }
}

bool ChildProcess::Reap(bool block) {
  if (exit_status_) return true;
  int status = 0;
  pid_t r;
  do {
    r = waitpid(pid_, &status, block ? 0 : WNOHANG);
  } while (r < 0 && errno == EINTR);
  if (r != pid_) return false;
  if (WIFEXITED(status)) {
    exit_status_ = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    killed_by_signal_ = true;
    exit_status_ = 128 + WTERMSIG(status);
  } else {
    return false;
  }
  return true;
}

bool ChildProcess::Running() { return !Reap(false); }

void ChildProcess::Signal(int signal) {
  if (!exit_status_) ::kill(pid_, signal);
}

void ChildProcess::Kill9() {
  if (exit_status_) return;
  ::kill(pid_, SIGKILL);
  Reap(true);
}

std::optional<int> ChildProcess::WaitExit(Seconds timeout) {
  const auto deadline = DeadlineAfter(timeout);
  while (!Reap(false)) {
    if (Clock::now() >= deadline) return std::nullopt;
    SleepFor(Seconds(0.01));
  }
  return exit_status_;
}

CommandResult RunCommand(const std::vector<std::string>& argv, const Environment& env,
                         Seconds timeout) {
  TempDir temp;
  CommandResult result;
  {
    ChildProcess child(argv, env, temp.path() + "/stdout", temp.path() + "/stderr");
    const auto status = child.WaitExit(timeout);
    if (!status) child.Kill9();
    result.exit_status = status.value_or(-1);
    result.out = child.Stdout();
    result.err = child.Stderr();
  }
  return result;
}

// ---------------------------------------------------------------------------------------------

ServerProcess::ServerProcess(Options options) {
  data_dir_ = options.data_dir;
  if (data_dir_.empty()) {
    data_dir_ = temp_.path() + "/data";
    std::filesystem::create_directories(data_dir_);
  }
  std::vector<std::string> argv = {RequiredEnvPath("CCRM_BINARY"), "serve", "--listen",
                                   "127.0.0.1:0", "--data-dir", data_dir_};
  argv.insert(argv.end(), options.extra_args.begin(), options.extra_args.end());
  child_ = std::make_unique<ChildProcess>(argv, options.env, temp_.path() + "/stdout.log",
                                          temp_.path() + "/stderr.log");

  static constexpr std::string_view kPrefix = "ccrm listening on http://127.0.0.1:";
  const auto deadline = DeadlineAfter(options.start_timeout);
  while (true) {
    const std::string out = child_->Stdout();
    if (const auto at = out.find(kPrefix); at != std::string::npos) {
      const auto eol = out.find('\n', at);
      if (eol != std::string::npos) {
        const std::string digits = out.substr(at + kPrefix.size(), eol - at - kPrefix.size());
        const int port = std::atoi(digits.c_str());
        if (port <= 0 || port > 65535) {
          throw std::runtime_error("cannot read the port from the line: " +
                                   out.substr(at, eol - at));
        }
        port_ = static_cast<uint16_t>(port);
        return;
      }
    }
    if (!child_->Running()) {
      throw std::runtime_error("ccrm serve exited with status " +
                               std::to_string(child_->WaitExit(Seconds(0)).value_or(-1)) +
                               " before listening; stderr:\n" + Tail(child_->Stderr(), 4000) +
                               "\nstdout:\n" + Tail(out, 2000));
    }
    if (Clock::now() >= deadline) {
      child_->Kill9();
      throw std::runtime_error("ccrm serve printed no listening line within " +
                               std::to_string(options.start_timeout.count()) + " s; stderr:\n" +
                               Tail(child_->Stderr(), 4000) + "\nstdout:\n" + Tail(out, 2000));
    }
    SleepFor(Seconds(0.02));
  }
}

ServerProcess::~ServerProcess() {
  // Kill before TempDir removes the directory the server is writing into.
  if (child_) child_->Kill9();
}

// ---------------------------------------------------------------------------------------------

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
    error_ = n == 0 ? "connection closed by the server"
                    : std::string("read: ") + std::strerror(errno);
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
        if (!buffer_.empty()) error_ += " (after " + std::to_string(buffer_.size()) +
                                        " bytes of an incomplete response)";
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
      const std::string_view line = head.substr(start, line_end == std::string_view::npos
                                                           ? std::string_view::npos
                                                           : line_end - start);
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
    throw std::runtime_error("no complete response from 127.0.0.1:" + std::to_string(port) +
                             ": " + connection.error() +
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

// ---------------------------------------------------------------------------------------------

namespace {

bool IsNameStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':'; }
bool IsNameChar(char c) { return IsNameStart(c) || std::isdigit(static_cast<unsigned char>(c)); }

std::optional<double> ParseValue(std::string_view text) {
  if (text == "+Inf" || text == "Inf") return HUGE_VAL;
  if (text == "-Inf") return -HUGE_VAL;
  if (text == "NaN") return std::nan("");
  if (text.empty()) return std::nullopt;
  const std::string s(text);
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return std::nullopt;
  return v;
}

std::optional<MetricSample> ParseSampleLine(std::string_view line) {
  MetricSample sample;
  size_t i = 0;
  if (line.empty() || !IsNameStart(line[0])) return std::nullopt;
  while (i < line.size() && IsNameChar(line[i])) ++i;
  sample.name = std::string(line.substr(0, i));
  if (i < line.size() && line[i] == '{') {
    ++i;
    while (true) {
      if (i < line.size() && line[i] == '}') {
        ++i;
        break;
      }
      const size_t name_start = i;
      if (i >= line.size() || !(std::isalpha(static_cast<unsigned char>(line[i])) || line[i] == '_')) {
        return std::nullopt;
      }
      while (i < line.size() && (std::isalnum(static_cast<unsigned char>(line[i])) || line[i] == '_')) ++i;
      const std::string label(line.substr(name_start, i - name_start));
      if (i + 1 >= line.size() || line[i] != '=' || line[i + 1] != '"') return std::nullopt;
      i += 2;
      std::string value;
      while (true) {
        if (i >= line.size()) return std::nullopt;
        const char c = line[i++];
        if (c == '"') break;
        if (c == '\\') {
          if (i >= line.size()) return std::nullopt;
          const char e = line[i++];
          if (e == 'n') {
            value += '\n';
          } else if (e == '\\' || e == '"') {
            value += e;
          } else {
            return std::nullopt;
          }
        } else {
          value += c;
        }
      }
      if (!sample.labels.emplace(label, value).second) return std::nullopt;  // duplicate label
      if (i < line.size() && line[i] == ',') ++i;
      else if (i >= line.size() || line[i] != '}') return std::nullopt;
    }
  }
  if (i >= line.size() || line[i] != ' ') return std::nullopt;
  while (i < line.size() && line[i] == ' ') ++i;
  std::string_view rest = line.substr(i);
  const size_t space = rest.find(' ');
  const auto value = ParseValue(rest.substr(0, space));
  if (!value) return std::nullopt;
  if (space != std::string_view::npos) {
    // An optional integer timestamp in milliseconds.
    const std::string_view ts = rest.substr(space + 1);
    if (ts.empty() || !std::all_of(ts.begin(), ts.end(), [](char c) {
          return std::isdigit(static_cast<unsigned char>(c)) || c == '-';
        })) {
      return std::nullopt;
    }
  }
  sample.value = *value;
  return sample;
}

}  // namespace

std::optional<std::vector<MetricSample>> ParseMetrics(std::string_view text,
                                                      std::string* bad_line) {
  std::vector<MetricSample> samples;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (line.empty() || line[0] == '#') continue;
    auto sample = ParseSampleLine(line);
    if (!sample) {
      if (bad_line) *bad_line = std::string(line);
      return std::nullopt;
    }
    samples.push_back(std::move(*sample));
  }
  return samples;
}

double SumMetric(const std::vector<MetricSample>& samples, std::string_view name,
                 const std::map<std::string, std::string>& labels) {
  double sum = 0;
  for (const auto& s : samples) {
    if (s.name != name) continue;
    const bool match = std::all_of(labels.begin(), labels.end(), [&](const auto& kv) {
      const auto it = s.labels.find(kv.first);
      return it != s.labels.end() && it->second == kv.second;
    });
    if (match) sum += s.value;
  }
  return sum;
}

}  // namespace ccrm::testing
