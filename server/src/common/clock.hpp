// Time for services: an injectable clock and RFC 3339 formatting with milliseconds.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace ccrm {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::system_clock::time_point Now() const = 0;
  int64_t NowMillis() const;
};
using ClockPtr = std::shared_ptr<Clock>;

// The real wall clock.
ClockPtr SystemClock();

// "2026-11-26T12:59:31.123Z"
std::string FormatRfc3339Millis(std::chrono::system_clock::time_point t);
// Accepts RFC 3339 / ISO 8601 date-times with a Z or +hh:mm offset and optional fraction.
std::optional<std::chrono::system_clock::time_point> ParseRfc3339(std::string_view text);

}  // namespace ccrm
