// Internal to the listener: the body of a streamed reply, each chunk pulled from the producer
// on the worker pool only once the one before it was written (back-pressure).
#pragma once

#include <utility>  // Boost 1.74's awaitable.hpp needs it first

#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <array>
#include <charconv>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "gateway/connection_deadline.hpp"
#include "gateway/exchange.hpp"
#include "gateway/io_worker.hpp"

namespace ccrm::gateway {

// Runs `pull` on `pool` and resumes the awaiting coroutine on its io thread with the result.
// The pending completion keeps the io_context running, as an offloaded handler does.
template <class Pull>
boost::asio::awaitable<Dispatcher::StreamStep, IoExecutor> OnPool(boost::asio::thread_pool& pool,
                                                                  Pull pull) {
  namespace asio = boost::asio;
  const asio::use_awaitable_t<IoExecutor> token;
  return asio::async_initiate<const asio::use_awaitable_t<IoExecutor>&,
                              void(Dispatcher::StreamStep)>(
      [&pool](auto handler, Pull pull) {
        auto work = asio::make_work_guard(asio::get_associated_executor(handler));
        asio::post(pool, [handler = std::move(handler), pull = std::move(pull),
                          work = std::move(work)]() mutable {
          const Dispatcher::StreamStep step = pull();
          auto io = work.get_executor();
          asio::post(io, [handler = std::move(handler), step]() mutable { handler(step); });
        });
      },
      token, std::move(pull));
}

// Sends what follows a streamed reply's head: the first chunk (in response.body already),
// then one chunk per producer call, each written before the next is asked for, and the final
// zero chunk. write_timeout bounds the time without progress (the client taking no byte), not
// the time a chunk takes: a slow but steady reader gets the whole export. Any failure (the
// producer threw, the client is gone or took nothing for write_timeout, the server aborted the
// connection) ends Run() false, the caller closes the connection, and the client sees a
// transfer without its end. The destructor records the stream (status, bytes), logs why a cut
// stream was cut, and drops the producer.
template <class Stream>
class StreamWriter {
 public:
  template <class T>
  using Task = boost::asio::awaitable<T, IoExecutor>;

  StreamWriter(Stream& stream, ConnectionDeadline& deadline, ServerShared& shared, ExchangePtr ex,
               const bool& aborted)
      : stream_(stream),
        deadline_(deadline),
        shared_(shared),
        ex_(std::move(ex)),
        aborted_(aborted) {}
  StreamWriter(const StreamWriter&) = delete;
  StreamWriter& operator=(const StreamWriter&) = delete;

  ~StreamWriter() {
    Response& response = *ex_->response;
    if (!complete_) {
      // The client saw a transfer without its end; the log says why (no trailer could reach a
      // client that stopped reading).
      spdlog::warn("stream {} {} (request {}) cut after {} bytes: {}", ex_->request.method,
                   ex_->route ? ex_->route->pattern : ex_->request.path, ex_->request.request_id,
                   bytes_, cut_reason_);
    }
    shared_.dispatcher->EndStream(ex_->request, response.status, bytes_, ex_->start, ex_->route);
    response.stream = nullptr;
    std::string().swap(response.body);
  }

  Task<bool> Run() {
    Response& response = *ex_->response;
    const bool chunked = ex_->version >= 11 && !response.stream_length;
    auto& pool = ex_->route ? shared_.PoolFor(*ex_->route, ex_->request.method) : *shared_.pool;
    bool more = true;
    for (bool first = true;; first = false) {
      if (!first) {
        const Dispatcher::StreamStep step =
            co_await OnPool(pool, [dispatcher = shared_.dispatcher.get(), ex = ex_.get()] {
              return dispatcher->Pull(ex->request, *ex->response);
            });
        if (step == Dispatcher::StreamStep::kFailed || aborted_) {
          cut_reason_ = aborted_ ? "the server stopped" : "the producer failed";
          co_return false;
        }
        more = step == Dispatcher::StreamStep::kMore;
      }
      if (response.stream_length &&
          (bytes_ + response.body.size() > *response.stream_length ||
           (!more && bytes_ + response.body.size() != *response.stream_length))) {
        // The head promised another length: the client must not take what follows for the
        // next reply, nor a short body for a whole one.
        cut_reason_ = "the producer's bytes differ from the length announced";
        co_return false;
      }
      // An empty chunk would read as the end: skipped, unless it is the end.
      if (!response.body.empty() || !more) {
        if (!co_await Write(response.body, chunked, !more)) co_return false;
        bytes_ += response.body.size();
      }
      if (!more) {
        complete_ = true;
        co_return true;
      }
    }
  }

 private:
  Task<bool> Write(std::string_view data, bool chunked, bool last) {
    namespace asio = boost::asio;
    static constexpr std::string_view kEnd = "\r\n";
    static constexpr std::string_view kEndAndLast = "\r\n0\r\n\r\n";
    std::array<char, 20> size_line;
    std::array<asio::const_buffer, 3> buffers;
    size_t count = 0;
    if (!chunked) {
      buffers[count++] = asio::buffer(data.data(), data.size());
    } else if (data.empty()) {
      buffers[count++] = asio::buffer(kEndAndLast.data() + 2, kEndAndLast.size() - 2);
    } else {
      const auto [end, ec] =
          std::to_chars(size_line.data(), size_line.data() + 16, data.size(), 16);
      (void)ec;
      end[0] = '\r';
      end[1] = '\n';
      buffers[count++] = asio::buffer(size_line.data(), end + 2 - size_line.data());
      buffers[count++] = asio::buffer(data.data(), data.size());
      const std::string_view tail = last ? kEndAndLast : kEnd;
      buffers[count++] = asio::buffer(tail.data(), tail.size());
    }
    boost::system::error_code ec;
    std::span<asio::const_buffer> pending(buffers.data(), count);
    while (!pending.empty()) {
      // Re-armed on every bit of progress: a slow client is not a dead one.
      deadline_.Set(shared_.options.write_timeout, ConnectionDeadline::Wait::kWrite);
      size_t written = co_await stream_.async_write_some(
          pending, asio::redirect_error(asio::use_awaitable_t<IoExecutor>{}, ec));
      if (ec || aborted_) {
        const bool timed_out = deadline_.expired();
        deadline_.Clear();
        cut_reason_ = aborted_    ? "the server stopped"
                      : timed_out ? std::string("the client stopped taking it (no byte and no "
                                                "answer to the kernel's probes in time)")
                                  : "the client went away (" + ec.message() + ")";
        co_return false;
      }
      while (!pending.empty() && written >= pending.front().size()) {
        written -= pending.front().size();
        pending = pending.subspan(1);
      }
      if (!pending.empty()) pending.front() += written;
    }
    deadline_.Clear();
    co_return true;
  }

  Stream& stream_;
  ConnectionDeadline& deadline_;
  ServerShared& shared_;
  ExchangePtr ex_;
  const bool& aborted_;
  size_t bytes_ = 0;
  bool complete_ = false;
  std::string cut_reason_ = "the connection ended";
};

}  // namespace ccrm::gateway
