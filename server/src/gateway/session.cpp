#include "gateway/session.hpp"

#include <utility>  // Boost 1.74's awaitable.hpp needs it first

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <strings.h>

#include <array>
#include <deque>
#include <type_traits>
#include <vector>

#include "gateway/wire.hpp"

namespace ccrm::gateway {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using SteadyClock = std::chrono::steady_clock;

constexpr size_t kReadChunk = 16 * 1024;
// After a reply that ends the connection while the client may still be sending (an error
// reply, unread pipelined bytes), its input is read and dropped for a while: closing with
// unread bytes makes the kernel send a reset, which can destroy the reply (a 413 or 431 above
// all) before the client has read it. A clean end closes at once, as nginx does.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr size_t kLingerBytes = 1024 * 1024;
constexpr auto kTlsShutdownTime = std::chrono::seconds(1);
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

auto Token(error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

// One request and, once there is one, its reply; replies leave in the order requests came.
struct Exchange {
  Request request;
  const Route* route = nullptr;
  std::optional<Response> response;
  SteadyClock::time_point start;
  unsigned version = 11;
  bool keep_alive = true;
  bool head = false;
  bool safe = true;
  bool started = false;
  bool close_after = false;  // a transport error: nothing after it can be trusted
};
using ExchangePtr = std::shared_ptr<Exchange>;

template <class Stream>
Stream MakeStream(tcp::socket&& socket, asio::ssl::context* tls) {
  if constexpr (std::is_same_v<Stream, TlsStream>) {
    return Stream(std::move(socket), *tls);
  } else {
    (void)tls;
    return Stream(std::move(socket));
  }
}

template <class Stream>
class Session final : public SessionBase, public std::enable_shared_from_this<Session<Stream>> {
 public:
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

  Session(tcp::socket socket, asio::ssl::context* tls, IoWorker& worker, ServerShared& shared,
          bool reject, std::string remote_ip)
      : stream_(MakeStream<Stream>(std::move(socket), tls)),
        worker_(worker),
        shared_(shared),
        options_(shared.options),
        read_timer_(worker.ctx),
        signal_(worker.ctx),
        reject_(reject),
        remote_ip_(std::move(remote_ip)) {
    signal_.expires_at(asio::steady_timer::time_point::max());
  }

  ~Session() override {
    if (!unregistered_) {
      worker_.sessions.erase(this);
      shared_.connections.fetch_sub(1);
    }
  }

  static asio::awaitable<void> Run(std::shared_ptr<Session> self) {
    try {
      co_await self->Serve();
    } catch (const std::exception&) {
      // Nothing to answer on a connection whose coroutine failed; closing it is the cleanup.
    }
    self->Cleanup();
  }

  void Shutdown() override {
    shutdown_ = true;
    if (idle_) {
      error_code ec;
      Lowest().socket().cancel(ec);
    }
  }

  void Abort() override {
    aborted_ = true;
    Lowest().close();
    read_timer_.cancel();
    signal_.cancel();
  }

 private:
  beast::tcp_stream& Lowest() { return beast::get_lowest_layer(stream_); }

  asio::awaitable<void> Serve() {
    worker_.sessions.insert(this);
    if constexpr (kTls) {
      error_code ec;
      Lowest().expires_after(options_.header_timeout);
      co_await stream_.async_handshake(asio::ssl::stream_base::server, Token(ec));
      Lowest().expires_never();
      if (ec) co_return;
      handshake_done_ = true;
    }
    bool first = true;
    bool reading_closed = false;  // peer EOF, Connection: close, a transport error
    for (;;) {
      if (aborted_) co_return;
      if (CanReadNext(reading_closed)) {
        ExchangePtr ex = co_await ReadExchange(first);
        first = false;
        if (!ex) {
          reading_closed = true;
          continue;
        }
        queue_.push_back(ex);
        if (ex->close_after || !ex->keep_alive) reading_closed = true;
        if (!ex->response && CanStart(*ex)) Start(ex);
        continue;
      }
      if (queue_.empty()) break;
      ExchangePtr ex = queue_.front();
      if (!ex->response && !ex->started) Start(ex);
      while (!ex->response && !aborted_) co_await WaitSignal();
      if (aborted_) co_return;
      const bool last = ex->close_after || !ex->keep_alive ||
                        (queue_.size() == 1 && (reading_closed || shutdown_));
      if (!co_await Write(*ex, !last)) co_return;
      queue_.pop_front();
      if (last) {
        co_await Close(/*linger=*/ex->close_after || UnreadInput());
        co_return;
      }
    }
    co_await Close(/*linger=*/false);
  }

  // The next request is read when nothing is pending, or, ahead of pending replies, when the
  // client has already sent more (pipelining) and every pending request is safe to overlap.
  bool CanReadNext(bool reading_closed) {
    if (reading_closed || shutdown_ || aborted_) return false;
    if (queue_.empty()) return true;
    if (queue_.size() >= options_.max_pipelined) return false;
    for (const ExchangePtr& e : queue_) {
      if (!e->safe && !e->response) return false;
    }
    if (buffer_.size() > 0) return true;
    // Bytes in the kernel are request bytes; with TLS they might be a record with no request
    // in it, and waiting on it would hold back the pending replies.
    return !kTls && UnreadInput();
  }

  bool UnreadInput() {
    if (buffer_.size() > 0) return true;
    error_code ec;
    const size_t n = Lowest().socket().available(ec);
    return !ec && n > 0;
  }

  // A request that changes state runs only once every request before it has its reply.
  bool CanStart(const Exchange& ex) const {
    if (ex.safe) return true;
    for (const ExchangePtr& e : queue_) {
      if (e.get() == &ex) return true;
      if (!e->response) return false;
    }
    return true;
  }

  void Start(const ExchangePtr& ex) {
    ex->started = true;
    if (!ex->route->options.offload) {
      Complete(*ex, shared_.dispatcher->Invoke(*ex->route, ex->request));
      return;
    }
    // The work guard keeps this io_context running until the reply is back on it.
    asio::post(*shared_.pool, [self = this->shared_from_this(), ex,
                               guard = asio::make_work_guard(worker_.ctx)]() mutable {
      Response response = self->shared_.dispatcher->Invoke(*ex->route, ex->request);
      auto& ctx = self->worker_.ctx;
      asio::post(ctx, [self = std::move(self), ex = std::move(ex), guard = std::move(guard),
                       response = std::move(response)]() mutable {
        self->Complete(*ex, std::move(response));
        self->signal_.cancel();
      });
    });
  }

  void Complete(Exchange& ex, Response response) {
    ex.response = std::move(response);
    shared_.dispatcher->Finish(ex.request, *ex.response, ex.start, ex.route);
  }

  asio::awaitable<void> WaitSignal() {
    error_code ec;
    co_await signal_.async_wait(Token(ec));
  }

  asio::awaitable<ExchangePtr> ReadExchange(bool first) {
    error_code ec;
    if (buffer_.size() == 0) {
      // Waiting for a request to begin: a timeout here closes silently, and so does Stop().
      idle_ = queue_.empty();
      if (idle_ && shared_.stopping.load()) co_return nullptr;
      Lowest().expires_after(first ? options_.header_timeout : options_.idle_timeout);
      const size_t n = co_await stream_.async_read_some(buffer_.prepare(kReadChunk), Token(ec));
      idle_ = false;
      if (ec) co_return nullptr;
      Lowest().expires_never();
      buffer_.commit(n);
    }

    auto ex = std::make_shared<Exchange>();
    ex->start = SteadyClock::now();
    ex->request.remote_ip = remote_ip_;
    ex->request.secure = kTls;
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(
        std::min<size_t>(options_.max_header_bytes, UINT32_MAX)));
    parser_->body_limit(options_.max_body_bytes);

    ArmReadTimer(options_.header_timeout);
    co_await http::async_read_header(stream_, buffer_, *parser_, Token(ec));
    bool timed_out = DisarmReadTimer();
    if (ec) co_return Failed(ex, ec, timed_out, false);
    if (reject_) {
      co_return Failed(ex, {}, false, false);
    }

    if (!parser_->is_done()) {
      const auto& head = parser_->get();
      const auto expect = head[http::field::expect];
      if (queue_.empty() && head.version() >= 11 && expect.size() == 12 &&
          strncasecmp(expect.data(), "100-continue", 12) == 0) {
        Lowest().expires_after(options_.write_timeout);
        co_await asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                                   Token(ec));
        Lowest().expires_never();
        if (ec) co_return nullptr;
      }
      ArmReadTimer(options_.body_timeout);
      co_await http::async_read(stream_, buffer_, *parser_, Token(ec));
      timed_out = DisarmReadTimer();
      if (ec) co_return Failed(ex, ec, timed_out, true);
    }

    BeastRequest message = parser_->release();
    ex->version = message.version();
    ex->keep_alive = message.keep_alive();
    std::optional<Problem> bad_target = FromBeast(std::move(message), ex->request);
    ex->head = ex->request.method == "HEAD";
    ex->safe = IsSafeMethod(ex->request.method);
    if (bad_target) {
      ex->response = shared_.dispatcher->Reject(ex->request, *bad_target, ex->start);
      co_return ex;
    }
    Dispatcher::Prepared prepared = shared_.dispatcher->Prepare(ex->request);
    ex->route = prepared.route;
    if (prepared.response) Complete(*ex, std::move(*prepared.response));
    co_return ex;
  }

  // The problem reply for a read that failed (or for any request when over the connection
  // cap); null when there is nobody left to answer.
  ExchangePtr Failed(const ExchangePtr& ex, const error_code& ec, bool timed_out,
                     bool reading_body) {
    std::optional<Problem> problem;
    if (reject_ && !ec) {
      problem = Problem{.status = 503, .title = "Service Unavailable",
                        .detail = "The server has too many open connections; retry shortly."};
    } else {
      problem = ReadErrorProblem(ec, timed_out, reading_body, options_);
    }
    if (!problem) return nullptr;
    if (parser_->is_header_done()) {
      ex->request.method = std::string(parser_->get().method_string());
      ex->version = parser_->get().version();
      ex->head = ex->request.method == "HEAD";
    }
    ex->close_after = true;
    ex->keep_alive = false;
    ex->response = shared_.dispatcher->Reject(ex->request, *problem, ex->start);
    return ex;
  }

  // Header and body timeouts cancel the read instead of closing the socket (as a tcp_stream
  // expiry would), so that a 408 can still be written.
  void ArmReadTimer(std::chrono::seconds timeout) {
    timed_out_ = false;
    const uint64_t generation = ++timer_generation_;
    read_timer_.expires_after(timeout);
    read_timer_.async_wait([weak = this->weak_from_this(), generation](const error_code& ec) {
      auto self = weak.lock();
      if (ec || !self || generation != self->timer_generation_) return;
      self->timed_out_ = true;
      error_code ignored;
      self->Lowest().socket().cancel(ignored);
    });
  }

  bool DisarmReadTimer() {
    ++timer_generation_;
    read_timer_.cancel();
    return timed_out_;
  }

  asio::awaitable<bool> Write(Exchange& ex, bool keep_alive) {
    BeastResponse response = ToBeast(std::move(*ex.response), ex.version, keep_alive, ex.head);
    error_code ec;
    Lowest().expires_after(options_.write_timeout);
    co_await http::async_write(stream_, response, Token(ec));
    if (!ec) Lowest().expires_never();
    co_return !ec;
  }

  asio::awaitable<void> Close(bool linger) {
    error_code ec;
    if constexpr (kTls) {
      if (handshake_done_ && !aborted_ && Lowest().socket().is_open()) {
        Lowest().expires_after(kTlsShutdownTime);
        co_await stream_.async_shutdown(Token(ec));
      }
    }
    auto& socket = Lowest().socket();
    if (!socket.is_open()) co_return;
    socket.shutdown(tcp::socket::shutdown_send, ec);
    if (linger && !aborted_) {
      Lowest().expires_after(kLingerTime);
      std::array<char, 4096> sink;
      for (size_t drained = 0; drained < kLingerBytes;) {
        const size_t n = co_await Lowest().async_read_some(asio::buffer(sink), Token(ec));
        if (ec) break;
        drained += n;
      }
    }
    Lowest().close();
  }

  void Cleanup() {
    // Requests read but never started are no longer in flight.
    for (const ExchangePtr& e : queue_) {
      if (!e->response && !e->started) shared_.dispatcher->metrics().AddInFlight(-1);
    }
    queue_.clear();
    Lowest().close();
    read_timer_.cancel();
    worker_.sessions.erase(this);
    unregistered_ = true;
    const size_t left = shared_.connections.fetch_sub(1) - 1;
    if (left == 0 && shared_.stopping.load() && shared_.on_drained) shared_.on_drained();
  }

  Stream stream_;
  IoWorker& worker_;
  ServerShared& shared_;
  const ServerOptions& options_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  asio::steady_timer read_timer_;
  asio::steady_timer signal_;  // never expires; cancelled to wake Serve() when a reply is ready
  std::deque<ExchangePtr> queue_;
  uint64_t timer_generation_ = 0;
  bool timed_out_ = false;
  bool idle_ = false;
  bool shutdown_ = false;
  bool aborted_ = false;
  bool handshake_done_ = false;
  bool unregistered_ = false;
  const bool reject_;
  const std::string remote_ip_;
};

std::string ClientAddress(const tcp::socket& socket) {
  error_code ec;
  const auto endpoint = socket.remote_endpoint(ec);
  if (ec) return {};
  auto address = endpoint.address();
  // A dual-stack listener sees IPv4 clients as ::ffff:a.b.c.d; log and throttle them as IPv4.
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()).to_string();
  }
  return address.to_string();
}

}  // namespace

void StartSession(tcp::socket socket, IoWorker& worker, ServerShared& shared,
                  asio::ssl::context* tls, bool reject) {
  error_code ec;
  socket.set_option(tcp::no_delay(true), ec);
  std::string ip = ClientAddress(socket);
  if (tls) {
    auto session = std::make_shared<Session<TlsStream>>(std::move(socket), tls, worker, shared,
                                                        reject, std::move(ip));
    asio::co_spawn(worker.ctx, Session<TlsStream>::Run(std::move(session)), asio::detached);
  } else {
    auto session = std::make_shared<Session<PlainStream>>(std::move(socket), nullptr, worker,
                                                          shared, reject, std::move(ip));
    asio::co_spawn(worker.ctx, Session<PlainStream>::Run(std::move(session)), asio::detached);
  }
}

}  // namespace ccrm::gateway
