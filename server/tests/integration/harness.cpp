#include "harness.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace ccrm::testing {
namespace {
using Clock = std::chrono::steady_clock;
}  // namespace

std::chrono::steady_clock::time_point DeadlineAfter(Seconds timeout) {
  return std::chrono::steady_clock::now() +
         std::chrono::duration_cast<std::chrono::steady_clock::duration>(timeout);
}

int RemainingMs(std::chrono::steady_clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  return static_cast<int>(std::clamp<int64_t>(left.count(), 0, 1 << 30));
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string Tail(const std::string& text, size_t max) {
  return text.size() <= max ? text : "..." + text.substr(text.size() - max);
}

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
  std::vector<std::string> argv = {
      RequiredEnvPath("CCRM_BINARY"), "serve", "--listen", "127.0.0.1:0", "--data-dir", data_dir_};
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
  if (!child_) return;
  // Stopped as an operator stops it (before TempDir removes the directory it writes into): it
  // must then exit 0, and LeakSanitizer, which reports at exit, gets its say under
  // `make test-sanitize`. A test that killed the server itself has had its answer already.
  if (child_->Running()) {
    child_->Signal(SIGTERM);
    const auto status = child_->WaitExit(Seconds(30));
    if (!status) {
      ADD_FAILURE() << "the server did not exit within 30 s of SIGTERM";
      child_->Kill9();
    } else if (*status != 0) {
      const std::string err = child_->Stderr();
      ADD_FAILURE() << "the server exited " << *status << " after SIGTERM; stderr ends:\n"
                    << err.substr(err.size() > 4000 ? err.size() - 4000 : 0);
    }
  }
  const std::string err = child_->Stderr();
  for (const char* report : {"ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                             "WARNING: ThreadSanitizer"}) {
    if (const size_t at = err.find(report); at != std::string::npos) {
      ADD_FAILURE() << "the server's stderr holds a sanitizer report:\n" << err.substr(at, 4000);
      break;
    }
  }
}

}  // namespace ccrm::testing
