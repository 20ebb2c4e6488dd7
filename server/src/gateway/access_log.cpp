#include "gateway/access_log.hpp"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>

#include "common/clock.hpp"

namespace ccrm::gateway {
namespace {

constexpr size_t kMaxMethod = 16;
constexpr size_t kMaxError = 500;

// Printable ASCII without quote or backslash: the usual case, copied as it is.
bool NeedsNoEscape(std::string_view value) {
  for (const char c : value) {
    if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') return false;
  }
  return true;
}

void AppendString(std::string& out, std::string_view key, std::string_view value) {
  out += ",\"";
  out += key;
  out += "\":";
  if (NeedsNoEscape(value)) {
    out += '"';
    out += value;
    out += '"';
    return;
  }
  // nlohmann escapes quotes and control characters; replace makes invalid UTF-8 harmless.
  out += Json(value).dump(-1, ' ', false, Json::error_handler_t::replace);
}

void AppendNumber(std::string& out, std::string_view key, int64_t value) {
  out += ",\"";
  out += key;
  out += "\":";
  out += std::to_string(value);
}

std::string Start(std::string_view level, std::string_view msg) {
  std::string out;
  out.reserve(384);
  out += "{\"ts\":\"";
  out += FormatRfc3339Millis(std::chrono::system_clock::now());
  out += '"';
  AppendString(out, "level", level);
  AppendString(out, "msg", msg);
  return out;
}

std::string_view Truncate(std::string_view s, size_t n) { return s.substr(0, n); }

}  // namespace

AccessLog::AccessLog(std::shared_ptr<spdlog::logger> logger) : logger_(std::move(logger)) {}

AccessLog::~AccessLog() {
  if (flusher_.joinable()) {
    flusher_.request_stop();
    flush_wake_.notify_all();
    flusher_.join();
  }
  if (logger_) logger_->flush();
}

namespace {

// stdout through stdio's buffer, flushed when asked (spdlog's stdout sink flushes every line).
// base_sink's mutex orders the lines of all threads and their flushes.
class BufferedStdoutSink final : public spdlog::sinks::base_sink<std::mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    std::fwrite(formatted.data(), 1, formatted.size(), stdout);
  }
  void flush_() override { std::fflush(stdout); }
};

}  // namespace

std::shared_ptr<AccessLog> AccessLog::ToStdout() {
  auto logger = std::make_shared<spdlog::logger>("access", std::make_shared<BufferedStdoutSink>());
  logger->set_pattern("%v");
  logger->set_level(spdlog::level::info);
  auto log = std::make_shared<AccessLog>(std::move(logger));
  AccessLog* raw = log.get();
  log->flusher_ = std::jthread([raw](std::stop_token stop) {
    while (!stop.stop_requested()) {
      std::unique_lock lock(raw->flush_mutex_);
      raw->flush_wake_.wait_for(lock, stop, kFlushInterval, [] { return false; });
      raw->logger_->flush();
    }
  });
  return log;
}

std::string AccessLog::FormatRequest(const Request& request, int status, size_t bytes,
                                     std::chrono::microseconds duration) {
  std::string out = Start(status >= 500 ? "error" : "info", "request");
  AppendString(out, "method", Truncate(request.method, kMaxMethod));
  AppendString(out, "route", request.route.empty() ? "unmatched" : request.route);
  AppendNumber(out, "status", status);
  AppendNumber(out, "bytes", static_cast<int64_t>(bytes));
  AppendNumber(out, "us", duration.count());
  AppendString(out, "requestId", request.request_id);
  if (request.principal.authenticated()) {
    AppendString(out, "principal", request.principal.id);
  } else {
    out += ",\"principal\":null";
  }
  AppendString(out, "ip", request.remote_ip);
  if (const std::string* ua = request.Header("User-Agent")) {
    AppendString(out, "userAgent", Truncate(*ua, kMaxUserAgent));
  }
  out += '}';
  return out;
}

void AccessLog::LogRequest(const Request& request, int status, size_t bytes,
                           std::chrono::microseconds duration) const {
  if (!logger_) return;
  logger_->log(status >= 500 ? spdlog::level::err : spdlog::level::info,
               spdlog::string_view_t(FormatRequest(request, status, bytes, duration)));
}

void AccessLog::LogHandlerError(const Request& request, std::string_view what) const {
  if (!logger_) return;
  std::string out = Start("error", "handler failed");
  AppendString(out, "method", Truncate(request.method, kMaxMethod));
  AppendString(out, "route", request.route.empty() ? "unmatched" : request.route);
  AppendString(out, "requestId", request.request_id);
  AppendString(out, "error", Truncate(what, kMaxError));
  out += '}';
  logger_->log(spdlog::level::err, spdlog::string_view_t(out));
}

}  // namespace ccrm::gateway
