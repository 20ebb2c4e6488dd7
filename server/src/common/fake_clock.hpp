// A clock tests set and advance by hand (thread-safe), for code that takes a ClockPtr.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

#include "common/clock.hpp"

namespace ccrm::testing {

class FakeClock final : public Clock {
 public:
  explicit FakeClock(std::chrono::system_clock::time_point start = {}) : millis_(ToMillis(start)) {}
  std::chrono::system_clock::time_point Now() const override {
    return std::chrono::system_clock::time_point(std::chrono::milliseconds(millis_.load()));
  }
  void Set(std::chrono::system_clock::time_point t) { millis_ = ToMillis(t); }
  void Advance(std::chrono::milliseconds d) { millis_ += d.count(); }

 private:
  static int64_t ToMillis(std::chrono::system_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  }
  std::atomic<int64_t> millis_;
};

}  // namespace ccrm::testing
