// Runs a function every `interval` on a thread of its own until destroyed (audit digests).
// The destructor wakes the thread at once, runs the function one last time if asked to, and
// joins it, so whatever the function uses must outlive this object.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <stop_token>
#include <thread>

namespace ccrm {

class PeriodicTask {
 public:
  PeriodicTask(std::chrono::milliseconds interval, std::function<void()> run,
               bool run_at_stop = false)
      : interval_(interval), run_(std::move(run)), run_at_stop_(run_at_stop),
        thread_([this](std::stop_token stop) { Loop(stop); }) {}
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;
  ~PeriodicTask() {
    thread_.request_stop();
    thread_.join();
  }

 private:
  void Loop(std::stop_token stop) {
    std::mutex mutex;
    std::condition_variable_any wake;
    for (;;) {
      {
        std::unique_lock lock(mutex);
        wake.wait_for(lock, stop, interval_, [] { return false; });  // until stop or timeout
      }
      if (stop.stop_requested()) break;
      run_();
    }
    if (run_at_stop_) run_();
  }

  const std::chrono::milliseconds interval_;
  const std::function<void()> run_;
  const bool run_at_stop_;
  std::jthread thread_;  // last: started after the members it reads
};

}  // namespace ccrm
