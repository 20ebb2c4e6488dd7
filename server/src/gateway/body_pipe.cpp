#include "gateway/body_pipe.hpp"

#include <utility>

namespace ccrm::gateway {

BodyPipe::BodyPipe(size_t capacity, std::function<void()> wake)
    : capacity_(capacity), wake_(std::move(wake)) {}

bool BodyPipe::Read(std::string& chunk) {
  chunk.clear();
  bool was_full = false;
  {
    std::unique_lock lock(mutex_);
    readable_.wait(lock, [&] { return !pending_.empty() || finished_ || failure_; });
    if (!pending_.empty()) {
      was_full = pending_.size() >= capacity_;
      // The caller's old buffer goes back to the producer: in a steady upload the same two
      // buffers go round and nothing is allocated.
      spare_.swap(chunk);
      chunk.swap(pending_);
    } else if (failure_) {
      throw ProblemException(*failure_);
    } else {
      return false;
    }
  }
  if (was_full) wake_();
  return true;
}

void BodyPipe::Abandon() {
  {
    std::lock_guard lock(mutex_);
    if (abandoned_) return;
    abandoned_ = true;
    pending_.clear();
    pending_.shrink_to_fit();
  }
  wake_();
}

void BodyPipe::Push(std::string& bytes) {
  if (bytes.empty()) return;
  {
    std::lock_guard lock(mutex_);
    if (abandoned_ || finished_ || failure_) {
      bytes.clear();
      return;
    }
    if (pending_.empty()) {
      pending_.swap(bytes);
      bytes.swap(spare_);
    } else {
      pending_.append(bytes);
    }
  }
  bytes.clear();
  readable_.notify_one();
}

void BodyPipe::Finish() {
  {
    std::lock_guard lock(mutex_);
    if (failure_) return;
    finished_ = true;
  }
  readable_.notify_all();
}

void BodyPipe::Fail(Problem problem) {
  {
    std::lock_guard lock(mutex_);
    if (finished_ || failure_) return;
    failure_ = std::move(problem);
  }
  readable_.notify_all();
}

bool BodyPipe::Full() const {
  std::lock_guard lock(mutex_);
  return pending_.size() >= capacity_;
}

bool BodyPipe::abandoned() const {
  std::lock_guard lock(mutex_);
  return abandoned_;
}

bool BodyPipe::ended() const {
  std::lock_guard lock(mutex_);
  return finished_ || failure_.has_value();
}

}  // namespace ccrm::gateway
