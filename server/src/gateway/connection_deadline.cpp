#include "gateway/connection_deadline.hpp"

#include <algorithm>

namespace ccrm::gateway {

ConnectionDeadline::ConnectionDeadline(boost::asio::io_context& ctx, Clock::duration tick)
    : timer_(ctx.get_executor()), tick_(std::max<Clock::duration>(tick, std::chrono::seconds(1))) {}

void ConnectionDeadline::Bind(std::weak_ptr<void> owner, std::function<void()> on_expiry) {
  owner_ = std::move(owner);
  on_expiry_ = std::move(on_expiry);
}

void ConnectionDeadline::Set(Clock::duration timeout, Wait wait) {
  wait_ = wait;
  set_at_ = Clock::now();
  Extend(timeout);
}

void ConnectionDeadline::Extend(Clock::duration timeout) {
  expired_ = false;
  if (cancelled_) return;
  const Clock::time_point now = Clock::now();
  deadline_ = now + timeout;
  // Shorter than the tick (linger, TLS shutdown): only then is the armed wait too late.
  if (deadline_ < armed_) Arm(std::min(deadline_, now + tick_));
}

void ConnectionDeadline::Cancel() {
  cancelled_ = true;
  deadline_ = Clock::time_point::max();
  ++generation_;
  timer_.cancel();
}

void ConnectionDeadline::Arm(Clock::time_point at) {
  armed_ = at;
  const uint64_t generation = ++generation_;
  timer_.expires_at(at);  // cancels a pending wait, whose completion the generation ignores
  timer_.async_wait([this, owner = owner_, generation](const boost::system::error_code&) {
    const auto alive = owner.lock();
    if (!alive || generation != generation_) return;
    OnTimer();
  });
}

void ConnectionDeadline::OnTimer() {
  armed_ = Clock::time_point::max();
  if (cancelled_ || deadline_ == Clock::time_point::max()) return;  // re-armed by the next Set
  const Clock::time_point now = Clock::now();
  if (deadline_ > now) {
    Arm(std::min(deadline_, now + tick_));
    return;
  }
  deadline_ = Clock::time_point::max();
  expired_ = true;
  if (on_expiry_) on_expiry_();
}

}  // namespace ccrm::gateway
