// The access log: one JSON line per request on stdout, and never a secret in it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "gateway/http_types.hpp"

namespace spdlog {
class logger;
}  // namespace spdlog

namespace ccrm::gateway {

// Only an allow-list of fields is written: method, route template (not the path, which may
// carry a phone number), status, sizes, timing, ids, client address and a truncated
// User-Agent. The query string, Authorization, Cookie, X-Api-Key and bodies never are.
class AccessLog {
 public:
  static constexpr size_t kMaxUserAgent = 200;
  static constexpr std::chrono::milliseconds kFlushInterval{500};

  // Writes through `logger`, whose pattern should be just "%v" (tests pass an ostream one).
  explicit AccessLog(std::shared_ptr<spdlog::logger> logger);
  ~AccessLog();
  // A stdout logger whose lines go into stdio's buffer under a mutex (a memcpy per request)
  // and reach the file every kFlushInterval or when the buffer fills. Not spdlog's async
  // logger: waking its worker thread for every line cost more than the line itself.
  static std::shared_ptr<AccessLog> ToStdout();

  void LogRequest(const Request& request, int status, size_t bytes,
                  std::chrono::microseconds duration) const;
  // A handler failure behind a 500: what the client never sees, with the request id that
  // links it to the client's report.
  void LogHandlerError(const Request& request, std::string_view what) const;

  // The request line as LogRequest writes it, for tests.
  static std::string FormatRequest(const Request& request, int status, size_t bytes,
                                   std::chrono::microseconds duration);

 private:
  std::shared_ptr<spdlog::logger> logger_;
  // ToStdout's lines are written without a flush each (a write(2) per request costs more than
  // the rest of a small request); this flushes them every kFlushInterval and at the end.
  std::mutex flush_mutex_;
  std::condition_variable_any flush_wake_;
  std::jthread flusher_;  // last: stopped before the logger goes
};

}  // namespace ccrm::gateway
