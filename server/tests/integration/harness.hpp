// Integration-test harness: starts the real ccrm binary as a child process and talks raw
// HTTP/1.1 to it over loopback TCP, with a timeout on every wait so no test can hang.
#pragma once

#include <gtest/gtest.h>
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ccrm::testing {

using Seconds = std::chrono::duration<double>;
using Environment = std::map<std::string, std::string>;

// Small utilities the harness files share; tests may use them too.
std::chrono::steady_clock::time_point DeadlineAfter(Seconds timeout);
int RemainingMs(std::chrono::steady_clock::time_point deadline);  // >= 0, for poll(2)
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
std::string Tail(const std::string& text, size_t max);  // the last `max` chars, marked "..."

// The path named by an environment variable that ctest sets (CCRM_BINARY, CCRM_STORE_WRITER);
// throws with a hint when it is missing, because the tests mean nothing without it.
std::string RequiredEnvPath(const char* name);

// A fresh directory under $TMPDIR, removed (recursively) on destruction unless
// CCRM_KEEP_TEST_DIRS is set, which helps when a failure needs its logs and database.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Reads a whole file; empty when it does not exist.
std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, std::string_view content);

// One child process with stdout and stderr captured to files. Its environment is ours without
// any CCRM_* variable (so the developer's shell cannot leak settings into a test) plus `env`.
class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& argv, const Environment& env,
               std::string stdout_path, std::string stderr_path);
  ~ChildProcess();  // SIGKILLs and reaps the child if it is still running
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  bool Running();
  void Signal(int signal);
  void Kill9();
  // The exit status once the child has ended (128 + N when killed by signal N), or nullopt
  // when it is still running after `timeout`.
  std::optional<int> WaitExit(Seconds timeout);
  // True when the child ended by a signal rather than exit(); valid once WaitExit returned.
  bool KilledBySignal() const { return killed_by_signal_; }
  std::string Stdout() const { return ReadFile(stdout_path_); }
  std::string Stderr() const { return ReadFile(stderr_path_); }

 private:
  bool Reap(bool block);

  pid_t pid_ = -1;
  std::optional<int> exit_status_;
  bool killed_by_signal_ = false;
  std::string stdout_path_;
  std::string stderr_path_;
};

struct CommandResult {
  int exit_status = -1;  // 128 + N when killed by signal N; -1 when it timed out
  std::string out;
  std::string err;
};

// Runs a command to completion (killing it after `timeout`) and returns what it printed.
CommandResult RunCommand(const std::vector<std::string>& argv, const Environment& env = {},
                         Seconds timeout = Seconds(30));

// `ccrm serve --listen 127.0.0.1:0 --data-dir D` plus extras; the constructor returns once the
// server has printed its listening line, or throws (with the captured stderr) after 20 s or
// when the process dies first.
class ServerProcess {
 public:
  struct Options {
    std::vector<std::string> extra_args;
    Environment env;
    // Empty: a fresh directory that lives as long as this object. Otherwise used as is (and
    // never removed), so a test can restart a server on the data another one left behind.
    std::string data_dir;
    Seconds start_timeout = Seconds(20);
  };

  ServerProcess() : ServerProcess(Options{}) {}
  explicit ServerProcess(Options options);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  uint16_t port() const { return port_; }
  const std::string& data_dir() const { return data_dir_; }
  pid_t pid() const { return child_->pid(); }
  void Signal(int signal) { child_->Signal(signal); }
  std::optional<int> WaitExit(Seconds timeout) { return child_->WaitExit(timeout); }
  void Kill9() { child_->Kill9(); }
  bool Running() { return child_->Running(); }
  std::string Stdout() const { return child_->Stdout(); }
  std::string Stderr() const { return child_->Stderr(); }

 private:
  TempDir temp_;
  std::string data_dir_;
  uint16_t port_ = 0;
  std::unique_ptr<ChildProcess> child_;
};

// ---------------------------------------------------------------------------------------------
// HTTP/1.1 over raw TCP. Deliberately independent of Beast, so a bug in how the server uses
// Beast cannot be hidden by the same bug in the client.

struct HttpResponse {
  int status = 0;
  std::string reason;
  std::string version;                                       // "HTTP/1.1"
  std::vector<std::pair<std::string, std::string>> headers;  // in order received
  std::string body;

  // First header of that name (case-insensitive), or nullptr.
  const std::string* Header(std::string_view name) const;
  bool HasHeader(std::string_view name) const { return Header(name) != nullptr; }
  // Header value or "" when absent, for terse assertions.
  std::string HeaderOr(std::string_view name, std::string fallback = "") const;
  // Status line and headers, for failure messages.
  std::string Describe() const;
};

// A client connection that writes arbitrary bytes and reads responses one after another;
// bytes that belong to the next (pipelined) response stay buffered for the next read.
class Connection {
 public:
  explicit Connection(uint16_t port, Seconds connect_timeout = Seconds(10));
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // False when the peer has gone (EPIPE/ECONNRESET) or the write timed out.
  bool Write(std::string_view bytes, Seconds timeout = Seconds(10));
  // One complete response, or nullopt (see error()) on timeout, EOF or a malformed response.
  // `head_request`: the response to HEAD has headers only.
  std::optional<HttpResponse> ReadResponse(Seconds timeout = Seconds(15),
                                           bool head_request = false);
  // True when the peer closes (EOF or reset) within `timeout`; unread data is discarded.
  bool WaitClosed(Seconds timeout = Seconds(15));
  // Half-closes our side, as a client does that has nothing more to send.
  void ShutdownWrite();
  // Bytes received and not yet consumed by a ReadResponse.
  const std::string& buffered() const { return buffer_; }
  const std::string& error() const { return error_; }
  int fd() const { return fd_; }

 private:
  // Appends what arrives within the deadline; false on timeout, EOF or error (sets error_).
  bool Fill(std::chrono::steady_clock::time_point deadline);

  int fd_ = -1;
  bool eof_ = false;
  std::string buffer_;
  std::string error_;
};

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// Builds a request: adds Host and, for a body, Content-Length; `headers` come verbatim.
std::string BuildRequest(std::string_view method, std::string_view target,
                         const HeaderList& headers = {}, std::string_view body = {});

// Sends raw bytes on a fresh connection and reads one response; throws when none arrives.
HttpResponse Send(uint16_t port, std::string_view raw_request, Seconds timeout = Seconds(15));
HttpResponse Get(uint16_t port, std::string_view target, const HeaderList& headers = {});
HttpResponse Request(uint16_t port, std::string_view method, std::string_view target,
                     const HeaderList& headers = {}, std::string_view body = {});

// Checks an RFC 9457 reply: the status, Content-Type application/problem+json, and a JSON body
// with string type/title/detail and a numeric status equal to the HTTP status.
::testing::AssertionResult IsProblem(const HttpResponse& response, int status);

// X-Request-Id's shape: 1..128 of [A-Za-z0-9._-].
bool IsValidRequestId(std::string_view id);

// True when the comma-separated header value lists `token` (case-insensitive).
bool ListContains(std::string_view list, std::string_view token);

// ---------------------------------------------------------------------------------------------
// Prometheus text exposition.

struct MetricSample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

// Parses every non-comment, non-blank line as `name{labels} value`; on a line that does not
// parse, returns nullopt and puts the line in `bad_line`.
std::optional<std::vector<MetricSample>> ParseMetrics(std::string_view text,
                                                      std::string* bad_line = nullptr);

// Sum of the samples named `name` whose labels include every pair of `labels`.
double SumMetric(const std::vector<MetricSample>& samples, std::string_view name,
                 const std::map<std::string, std::string>& labels = {});

void SleepFor(Seconds duration);

// Polls `condition` every 20 ms until it holds or `timeout` passes.
template <typename F>
bool WaitFor(F&& condition, Seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    SleepFor(Seconds(0.02));
  }
}

}  // namespace ccrm::testing
