// Internal to the listener: a connection's one deadline, kept by a lazily re-armed timer.
#pragma once

#include <utility>  // Boost 1.74's awaitable.hpp needs it first

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

namespace ccrm::gateway {

// Every read and write of a connection runs under a deadline. Re-arming an Asio timer per
// operation (as beast::tcp_stream does) costs a timer-queue insertion and cancellation per
// request; here setting a deadline is a clock read and a store. The timer is armed at most
// `tick` ahead, so a new deadline (never shorter than `tick` on the request path) is always
// at or after the armed time and needs no re-arming; when the timer fires early it re-arms
// itself for what is due then. A busy connection thus wakes once per `tick`, and expiry is
// still exact.
class ConnectionDeadline {
 public:
  using Clock = std::chrono::steady_clock;
  using Timer = boost::asio::basic_waitable_timer<Clock, boost::asio::wait_traits<Clock>,
                                                  boost::asio::io_context::executor_type>;

  ConnectionDeadline(boost::asio::io_context& ctx, Clock::duration tick);

  // `on_expiry` runs on the io thread when a deadline passes; `owner` must own this object,
  // so that a timer callback queued before the owner died does nothing.
  void Bind(std::weak_ptr<void> owner, std::function<void()> on_expiry);
  // What the connection waits for when the deadline passes: a read (the client must send) or a
  // write (the client must take what we send; its owner may extend the deadline while the
  // client is slow but there).
  enum class Wait { kRead, kWrite };
  // Replaces the current deadline; clears expired().
  void Set(Clock::duration timeout, Wait wait = Wait::kRead);
  // Moves the deadline `timeout` from now, keeping wait() and set_at(): for an owner that, on
  // expiry, finds the client still there.
  void Extend(Clock::duration timeout);
  Wait wait() const { return wait_; }
  // When Set was last called (the last progress of a write).
  Clock::time_point set_at() const { return set_at_; }
  void Clear() { deadline_ = Clock::time_point::max(); }
  // The last deadline set passed before Clear() or Set() was called again.
  bool expired() const { return expired_; }
  // For the end of the connection: no callback after this.
  void Cancel();

 private:
  void Arm(Clock::time_point at);
  void OnTimer();

  Timer timer_;
  Clock::duration tick_;
  Clock::time_point deadline_ = Clock::time_point::max();
  Clock::time_point armed_ = Clock::time_point::max();  // max: no wait pending
  uint64_t generation_ = 0;  // a wait superseded by re-arming completes as a no-op
  bool expired_ = false;
  Wait wait_ = Wait::kRead;
  Clock::time_point set_at_{};
  bool cancelled_ = false;
  std::weak_ptr<void> owner_;
  std::function<void()> on_expiry_;
};

}  // namespace ccrm::gateway
