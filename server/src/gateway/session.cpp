#include "gateway/session.hpp"

#include <strings.h>

#include <algorithm>
#include <array>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/read_size.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <deque>
#include <type_traits>
#include <utility>  // Boost 1.74's awaitable.hpp needs it first

#include "gateway/body_pipe.hpp"
#include "gateway/connection_deadline.hpp"
#include "gateway/exchange.hpp"
#include "gateway/request_parser.hpp"
#include "gateway/send_queue.hpp"
#include "gateway/stream_writer.hpp"
#include "gateway/wire.hpp"

namespace ccrm::gateway {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using SteadyClock = std::chrono::steady_clock;

template <class T>
using Task = asio::awaitable<T, IoExecutor>;
using Signal = asio::basic_waitable_timer<SteadyClock, asio::wait_traits<SteadyClock>, IoExecutor>;

constexpr size_t kReadChunk = 16 * 1024;
constexpr size_t kMaxReadChunk = 64 * 1024;  // what Beast's own read loop asks for at most
// After a reply that ends the connection while the client may still be sending (an error
// reply, unread pipelined bytes), its input is read and dropped for a while: closing with
// unread bytes makes the kernel send a reset, which can destroy the reply (a 413 or 431 above
// all) before the client has read it. A clean end closes at once, as nginx does.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr size_t kLingerBytes = 1024 * 1024;
constexpr auto kTlsShutdownTime = std::chrono::seconds(1);
// The longest a living client may take no byte of a reply (a write, or the end of one the
// kernel still holds when the connection closes).
constexpr auto kMaxStall = std::chrono::minutes(10);
constexpr int kMaxServedFromBuffer = 16;
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
// A streamed request body read ahead of its handler at most this far (then the socket is left
// unread and TCP's window slows the client down).
constexpr size_t kBodyPipeCapacity = 1024 * 1024;

using PlainStream = Socket;
using TlsStream = beast::ssl_stream<Socket>;

auto Token(error_code& ec) { return asio::redirect_error(asio::use_awaitable_t<IoExecutor>{}, ec); }

template <class Stream>
Stream MakeStream(Socket&& socket, asio::ssl::context* tls) {
  if constexpr (std::is_same_v<Stream, TlsStream>) {
    return Stream(std::move(socket), *tls);
  } else {
    (void)tls;
    return Stream(std::move(socket));
  }
}

std::chrono::seconds ShortestTimeout(const ServerOptions& o) {
  return std::min({o.header_timeout, o.body_timeout, o.idle_timeout, o.write_timeout});
}

template <class Stream>
class Session final : public SessionBase, public std::enable_shared_from_this<Session<Stream>> {
 public:
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

  Session(Socket socket, asio::ssl::context* tls, IoWorker& worker, ServerShared& shared,
          bool reject, std::string remote_ip)
      : stream_(MakeStream<Stream>(std::move(socket), tls)),
        worker_(worker),
        shared_(shared),
        options_(shared.options),
        deadline_(worker.ctx, ShortestTimeout(shared.options)),
        signal_(worker.ctx.get_executor()),
        reject_(reject),
        remote_ip_(std::move(remote_ip)) {
    signal_.expires_at(SteadyClock::time_point::max());
  }

  ~Session() override {
    CutTransfer();
    if (!unregistered_) {
      worker_.sessions.erase(this);
      shared_.connections.fetch_sub(1);
    }
  }

  static Task<void> Run(std::shared_ptr<Session> self) {
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
      Lowest().cancel(ec);
    }
  }

  void Abort() override {
    aborted_ = true;
    CutTransfer();
    error_code ec;
    Lowest().close(ec);
    deadline_.Cancel();
    signal_.cancel();
  }

 private:
  enum class WriteResult { kDone, kPending, kFailed };

  Socket& Lowest() { return beast::get_lowest_layer(stream_); }

  Task<void> Serve() {
    worker_.sessions.insert(this);
    // A deadline cancels the operation under way instead of closing the socket, so that a
    // 408 can still be written after a slow request head or body.
    deadline_.Bind(this->weak_from_this(), [this] {
      // A write waits as long as the client is there: it may read ahead and then pause (curl
      // --limit-rate does, for minutes after a burst), and the kernel's window probes it
      // answers say it is alive. Only a client that answers nothing for write_timeout, or takes
      // no byte for kMaxStall, is cut.
      if (deadline_.wait() == ConnectionDeadline::Wait::kWrite &&
          ClientStillTaking(ReadSendQueue(Lowest().native_handle()), options_.write_timeout) &&
          SteadyClock::now() - deadline_.set_at() < kMaxStall) {
        deadline_.Extend(options_.write_timeout);
        return;
      }
      error_code ec;
      Lowest().cancel(ec);
    });
    if constexpr (kTls) {
      error_code ec;
      deadline_.Set(options_.header_timeout);
      co_await stream_.async_handshake(asio::ssl::stream_base::server, Token(ec));
      deadline_.Clear();
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
        if (!ex->response && !ex->started && CanStart(*ex)) Start(ex);
        continue;
      }
      if (queue_.empty()) break;
      ExchangePtr ex = queue_.front();
      if (!ex->response && !ex->started) Start(ex);
      while (!ex->response && !aborted_) co_await WaitSignal();
      if (aborted_) co_return;
      // An HTTP/1.0 client learns where a streamed body ends from the connection's end.
      const bool streaming = ex->response->stream && !ex->head;
      const bool last = ex->close_after || !ex->keep_alive || (streaming && ex->version < 11) ||
                        (queue_.size() == 1 && (reading_closed || shutdown_));
      const WriteResult written = WriteNow(*ex, !last);
      if (streaming) {
        if (!co_await WriteStream(ex, written)) co_return;
      } else {
        if (written == WriteResult::kFailed) co_return;
        if (written == WriteResult::kPending && !co_await WriteRest()) co_return;
      }
      queue_.pop_front();
      if (last) {
        co_await Close(/*linger=*/ex->close_after || UnreadInput());
        co_return;
      }
    }
    co_await Close(/*linger=*/false);
  }

  // The next request is read when nothing is pending, or, ahead of pending replies, when a
  // handler is still running, the client has already sent more (pipelining) and every
  // pending request is safe to overlap. Replies that are ready go out first.
  bool CanReadNext(bool reading_closed) {
    if (reading_closed || shutdown_ || aborted_) return false;
    if (queue_.empty()) return true;
    if (queue_.size() >= options_.max_pipelined) return false;
    bool running = false;
    for (const ExchangePtr& e : queue_) {
      if (e->response) continue;
      if (!e->safe) return false;
      running = true;
    }
    if (!running) return false;
    if (buffer_.size() > 0) return true;
    // Bytes in the kernel are request bytes; with TLS they might be a record with no request
    // in it, and waiting on it would hold back the pending replies.
    return !kTls && UnreadInput();
  }

  bool UnreadInput() {
    if (buffer_.size() > 0) return true;
    error_code ec;
    const size_t n = Lowest().available(ec);
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
    if (ex->body_pipe) {
      RunOnPool(*shared_.transfer_pool, ex, [](Session& self, Exchange& e) {
        return self.shared_.dispatcher->Invoke(*e.route, e.request, e.authorized);
      });
      return;
    }
    if (!ex->route->options.stream_body &&
        shared_.dispatcher->CanRunInline(*ex->route, ex->request)) {
      Response response = shared_.dispatcher->Invoke(*ex->route, ex->request, ex->authorized);
      if (response.stream && !ex->head) {
        // A stream from an inline route: its producer, too, runs on the pool, never here.
        RunOnPool(*shared_.pool, ex, [r = std::move(response)](Session&, Exchange&) mutable {
          return std::move(r);
        });
        return;
      }
      Complete(*ex, std::move(response));
      return;
    }
    auto& pool = shared_.PoolFor(*ex->route, ex->request.method);
    RunOnPool(pool, ex, [](Session& self, Exchange& e) {
      return self.shared_.dispatcher->Invoke(*e.route, e.request, e.authorized);
    });
  }

  // `make` (the handler) runs on `pool`, and a stream's first chunk is made there too.
  template <class Make>
  void RunOnPool(asio::thread_pool& pool, const ExchangePtr& ex, Make make) {
    // The work guard keeps this io_context running until the reply is back on it.
    asio::post(pool, [self = this->shared_from_this(), ex, make = std::move(make),
                      guard = asio::make_work_guard(worker_.ctx)]() mutable {
      Response response = make(*self, *ex);
      if (ex->body_pipe) {
        // Whatever of the body the handler left is not read; its transfer slot is free.
        ex->body_pipe->Abandon();
        self->shared_.transfers.fetch_sub(1);
      }
      if (response.stream && !ex->head) {
        self->shared_.dispatcher->StartStream(ex->request, response);
      }
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
    if (unregistered_) EndUnsentStream(ex);  // the connection went while the handler ran
  }

  // A streamed reply that will never be written still ends, for the metrics and the log.
  void EndUnsentStream(Exchange& ex) {
    if (!ex.response || !ex.response->stream || ex.head) return;
    shared_.dispatcher->EndStream(ex.request, ex.response->status, 0, ex.start, ex.route);
    ex.response->stream = nullptr;
  }

  // The head is in out_, `head` says how much of it went; the writer sends the body.
  Task<bool> WriteStream(const ExchangePtr& ex, WriteResult head) {
    StreamWriter<Stream> writer(stream_, deadline_, shared_, ex, aborted_);
    if (head == WriteResult::kFailed) co_return false;
    if (head == WriteResult::kPending && !co_await WriteRest()) co_return false;
    co_return co_await writer.Run();
  }

  Task<void> WaitSignal() {
    error_code ec;
    co_await signal_.async_wait(Token(ec));
  }

  // Feeds what is buffered to the parser. need_more: read, then call again.
  error_code Parse(bool whole_message) {
    error_code ec;
    for (;;) {
      if (whole_message ? parser_->is_done() : parser_->is_header_done()) return {};
      if (buffer_.size() == 0) return http::error::need_more;
      const size_t used = parser_->put(buffer_.data(), ec);
      buffer_.consume(used);
      if (ec) return ec;  // need_more included
      if (used == 0) return http::error::need_more;
    }
  }

  // Reads until the parser has the head (or the whole message), as Beast's async_read_header
  // and async_read do: a clean EOF before any byte is end_of_stream, within a message
  // partial_message.
  Task<error_code> ReadMore(bool whole_message) {
    error_code ec;
    for (;;) {
      const size_t size = beast::read_size(buffer_, kMaxReadChunk);
      const size_t n = co_await stream_.async_read_some(buffer_.prepare(size), Token(ec));
      buffer_.commit(n);
      if (ec == asio::error::eof) {
        if (!parser_->got_some()) co_return http::error::end_of_stream;
        ec = {};
        parser_->put_eof(ec);
        co_return ec;
      }
      if (ec) co_return ec;
      ec = Parse(whole_message);
      if (ec != http::error::need_more) co_return ec;
    }
  }

  Task<ExchangePtr> ReadExchange(bool first) {
    error_code ec;
    if (buffer_.size() > 0 && ++served_from_buffer_ >= kMaxServedFromBuffer) {
      // Pipelined requests already buffered are served without suspending; now and then
      // the other connections of this thread get their turn.
      served_from_buffer_ = 0;
      co_await asio::post(worker_.ctx.get_executor(), asio::use_awaitable_t<IoExecutor>{});
    }
    if (buffer_.size() == 0) {
      served_from_buffer_ = 0;
      // Waiting for a request to begin: a timeout here closes silently, and so does Stop().
      idle_ = queue_.empty();
      if (idle_ && shared_.stopping.load()) co_return nullptr;
      deadline_.Set(first ? options_.header_timeout : options_.idle_timeout);
      const size_t n = co_await stream_.async_read_some(buffer_.prepare(kReadChunk), Token(ec));
      deadline_.Clear();
      idle_ = false;
      if (ec) co_return nullptr;
      buffer_.commit(n);
    }

    auto ex = std::make_shared<Exchange>();
    ex->start = SteadyClock::now();
    ex->request.remote_ip = remote_ip_;
    ex->request.secure = kTls;
    parser_.emplace(ex->request);
    parser_->header_limit(
        static_cast<std::uint32_t>(std::min<size_t>(options_.max_header_bytes, UINT32_MAX)));
    // The largest any route takes; narrowed to the request's route once its head is read.
    parser_->body_limit(
        std::max(options_.max_body_bytes, shared_.dispatcher->router().LargestBodyLimit()));
    parser_->eager(false);

    // Usually the whole head is in the first read: no deadline, no further coroutine.
    bool timed_out = false;
    ec = Parse(false);
    if (ec == http::error::need_more) {
      deadline_.Set(options_.header_timeout);
      ec = co_await ReadMore(false);
      timed_out = deadline_.expired();
      deadline_.Clear();
    }
    if (ec) co_return Failed(ex, ec, timed_out, false);
    if (reject_) co_return Failed(ex, {}, false, false);

    if (!parser_->is_done()) {
      // Before any of the body is read, and before 100 Continue invites it.
      const size_t limit = RouteBodyLimit(ex->request);
      const auto declared = parser_->content_length();
      if (declared && *declared > limit) {
        co_return Failed(ex, http::error::body_limit, false, false);
      }
      parser_->body_limit(limit);  // a chunked body counts down from it
      // Who is calling is known from the head: a request the route would refuse (no route,
      // throttled, no or bad credentials, not allowed) is answered now and its body never read.
      if (co_await GateBeforeBody(ex)) co_return ex;
      const bool streamed = ex->route->options.stream_body;
      if (streamed && !co_await ReserveTransfer(ex)) co_return ex;
      const std::string* expect = ex->request.headers.Find("Expect");
      if (queue_.empty() && parser_->version() >= 11 && expect && expect->size() == 12 &&
          strncasecmp(expect->data(), "100-continue", 12) == 0) {
        deadline_.Set(options_.write_timeout, ConnectionDeadline::Wait::kWrite);
        co_await asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                                   Token(ec));
        deadline_.Clear();
        if (ec) {
          if (streamed) shared_.transfers.fetch_sub(1);
          co_return nullptr;
        }
      }
      if (streamed) co_return co_await StreamBody(ex);
      deadline_.Set(options_.body_timeout);
      parser_->eager(true);
      ec = Parse(true);
      if (ec == http::error::need_more) ec = co_await ReadMore(true);
      timed_out = deadline_.expired();
      deadline_.Clear();
      if (ec) co_return Failed(ex, ec, timed_out, true);
    }

    ex->version = parser_->version();
    ex->keep_alive = parser_->keep_alive();
    parser_.reset();
    ex->head = ex->request.method == "HEAD";
    ex->safe = IsSafeMethod(ex->request.method);
    if (!ex->prepared) PrepareExchange(*ex);
    co_return ex;
  }

  // Target, routing, per-IP throttling; the exchange has its reply when they answered.
  void PrepareExchange(Exchange& ex) {
    ex.prepared = true;
    if (std::optional<Problem> bad_target = ParseTarget(ex.request)) {
      ex.response = shared_.dispatcher->Reject(ex.request, *bad_target, ex.start);
      return;
    }
    Dispatcher::Prepared prepared = shared_.dispatcher->Prepare(ex.request);
    ex.route = prepared.route;
    if (prepared.response) Complete(ex, std::move(*prepared.response));
  }

  // For a request with a body, on its head: prepares it and runs the authorizer (from memory
  // on this thread when it can, otherwise on the pool while this connection waits). True when
  // the exchange got its reply instead; the body stays unread, so the connection then closes.
  Task<bool> GateBeforeBody(const ExchangePtr& ex) {
    ex->version = parser_->version();
    ex->head = ex->request.method == "HEAD";
    ex->safe = IsSafeMethod(ex->request.method);
    PrepareExchange(*ex);
    if (!ex->response && ex->route->options.access.kind != Access::Kind::kPublic) {
      std::optional<Response> refused;
      if (shared_.dispatcher->CanAuthorizeInline(*ex->route, ex->request)) {
        refused = shared_.dispatcher->Authorize(*ex->route, ex->request);
      } else {
        refused = co_await AuthorizeOnPool(ex);
        if (aborted_) co_return true;
      }
      if (refused) Complete(*ex, std::move(*refused));
    }
    ex->authorized = !ex->response;
    if (!ex->response) co_return false;
    parser_.reset();
    ex->close_after = true;
    ex->keep_alive = false;
    co_return true;
  }

  // For a stream_body route, on its head: its handler will start before its body is read, so
  // every request before it must have its reply first (it changes state, see CanStart), and a
  // transfer thread must be free. False when the exchange got a 503 instead (the body stays
  // unread and the connection closes after the reply).
  Task<bool> ReserveTransfer(const ExchangePtr& ex) {
    auto answered = [this] {
      return std::all_of(queue_.begin(), queue_.end(),
                         [](const ExchangePtr& e) { return e->response.has_value(); });
    };
    while (!answered() && !aborted_) co_await WaitSignal();
    if (!aborted_ && shared_.transfers.fetch_add(1) < options_.transfer_threads) co_return true;
    if (!aborted_) shared_.transfers.fetch_sub(1);
    Response busy = Response::WithProblem(
        Problem{.status = 503,
                .title = "Service Unavailable",
                .detail = fmt::format("All {} upload slots are busy; retry shortly.",
                                      options_.transfer_threads)});
    busy.headers.Set("Retry-After", "1");
    Complete(*ex, std::move(busy));
    parser_.reset();
    ex->close_after = true;
    ex->keep_alive = false;
    co_return false;
  }

  // Starts the handler of a stream_body route and feeds it the body as it arrives, never more
  // than kBodyPipeCapacity ahead of it. body_timeout bounds a stall, not the whole body. Ends
  // when the body is whole, the handler returned early (the rest stays unread and the
  // connection closes after the reply), or the read failed (the handler's next Read throws
  // the 400, 408 or 413 that says why).
  Task<ExchangePtr> StreamBody(const ExchangePtr& ex) {
    ex->version = parser_->version();
    ex->keep_alive = parser_->keep_alive();
    std::weak_ptr<Session> weak = this->weak_from_this();
    auto executor = worker_.ctx.get_executor();
    auto pipe = std::make_shared<BodyPipe>(kBodyPipeCapacity, [weak, executor] {
      asio::post(executor, [weak] {
        if (auto self = weak.lock()) self->signal_.cancel();
      });
    });
    ex->body_pipe = pipe;
    ex->request.body_stream = pipe;
    pumping_ = pipe;
    Start(ex);

    std::string chunk;
    parser_->StreamBodyTo(&chunk);
    parser_->eager(true);
    error_code ec;
    bool timed_out = false;
    for (;;) {
      ec = Parse(true);
      pipe->Push(chunk);
      if (parser_->is_done() || (ec && ec != http::error::need_more)) break;
      while (pipe->Full() && !pipe->abandoned() && !aborted_) co_await WaitSignal();
      if (pipe->abandoned() || aborted_) break;
      deadline_.Set(options_.body_timeout);
      const size_t size = beast::read_size(buffer_, kMaxReadChunk);
      const size_t n = co_await stream_.async_read_some(buffer_.prepare(size), Token(ec));
      timed_out = deadline_.expired();
      deadline_.Clear();
      buffer_.commit(n);
      if (ec == asio::error::eof) ec = http::error::partial_message;
      if (ec) break;
    }
    pumping_.reset();
    if (parser_->is_done()) {
      pipe->Finish();
    } else {
      if (!pipe->abandoned()) pipe->Fail(StreamedBodyProblem(ec, timed_out, ex->request));
      ex->close_after = true;
      ex->keep_alive = false;
    }
    parser_.reset();
    ex->head = false;
    ex->safe = IsSafeMethod(ex->request.method);
    co_return ex;
  }

  Problem StreamedBodyProblem(const error_code& ec, bool timed_out, Request& request) const {
    if (timed_out) {
      return Problem{.status = 408,
                     .title = "Request Timeout",
                     .detail = fmt::format("The request body stalled: no byte for {} s.",
                                           options_.body_timeout.count())};
    }
    if (const char* fault = parser_->framing_fault()) return Problem::BadRequest(fault);
    if (std::optional<Problem> problem =
            ReadErrorProblem(ec, false, true, options_, RouteBodyLimit(request))) {
      return *problem;
    }
    return Problem::BadRequest("The request body ended before it was complete.");
  }

  // A handler waiting for more of a body that will not come (the connection is going) gets
  // the failure instead of waiting for ever.
  void CutTransfer() {
    if (!pumping_) return;
    pumping_->Fail(Problem::BadRequest("The connection closed before the body was complete."));
    pumping_.reset();
  }

  Task<std::optional<Response>> AuthorizeOnPool(const ExchangePtr& ex) {
    auto result = std::make_shared<std::optional<std::optional<Response>>>();
    asio::post(*shared_.pool, [self = this->shared_from_this(), ex, result,
                               guard = asio::make_work_guard(worker_.ctx)]() mutable {
      std::optional<Response> refused = self->shared_.dispatcher->Authorize(*ex->route, ex->request);
      auto& ctx = self->worker_.ctx;
      asio::post(ctx, [self = std::move(self), result = std::move(result),
                       guard = std::move(guard), refused = std::move(refused)]() mutable {
        *result = std::move(refused);
        self->signal_.cancel();
      });
    });
    while (!*result && !aborted_) co_await WaitSignal();
    if (!*result) co_return std::nullopt;
    co_return std::move(**result);
  }

  size_t RouteBodyLimit(Request& request) const {
    return BodyLimitFor(shared_.dispatcher->router(), request, options_.max_body_bytes);
  }

  // The problem reply for a read that failed (or for any request when over the connection
  // cap); null when there is nobody left to answer.
  ExchangePtr Failed(const ExchangePtr& ex, const error_code& ec, bool timed_out,
                     bool reading_body) {
    std::optional<Problem> problem;
    if (reject_ && !ec) {
      problem = Problem{.status = 503,
                        .title = "Service Unavailable",
                        .detail = "The server has too many open connections; retry shortly."};
    } else if (const char* fault = parser_->framing_fault()) {
      problem = Problem::BadRequest(fault);
    } else {
      problem = ReadErrorProblem(
          ec, timed_out, reading_body, options_,
          ec == http::error::body_limit ? RouteBodyLimit(ex->request) : options_.max_body_bytes);
    }
    if (!problem) return nullptr;
    // Only the method of a request that failed is trusted (for the metrics label and HEAD);
    // its headers, id included, are not taken from a message that broke.
    Request rejected;
    rejected.remote_ip = remote_ip_;
    rejected.secure = kTls;
    if (parser_->is_header_done()) {
      rejected.method = std::move(ex->request.method);
      ex->version = parser_->version();
      ex->head = rejected.method == "HEAD";
      // A body over the route's limit is no broken message: its head read whole, so the route
      // it was for may answer the 413 in its own shape (RouteOptions::reshape_error).
      if (ec == http::error::body_limit) {
        rejected.path = std::move(ex->request.path);
        rejected.headers = std::move(ex->request.headers);
      }
    }
    parser_.reset();
    ex->request = std::move(rejected);
    ex->close_after = true;
    ex->keep_alive = false;
    ex->response = shared_.dispatcher->Reject(ex->request, *problem, ex->start, ex->prepared);
    return ex;
  }

  // Serializes the reply into the session's one buffer and, on a plain socket, writes it at
  // once: the kernel almost always takes a small reply whole, which saves an asynchronous
  // write and a trip through the scheduler.
  WriteResult WriteNow(Exchange& ex, bool keep_alive) {
    out_.clear();
    SerializeResponse(*ex.response, ex.version, keep_alive, ex.head, out_);
    written_ = 0;
    if constexpr (!kTls) {
      error_code ec;
      written_ = Lowest().write_some(asio::buffer(out_), ec);
      if (!ec && written_ == out_.size()) return WriteResult::kDone;
      if (ec && ec != asio::error::would_block && ec != asio::error::try_again) {
        return WriteResult::kFailed;
      }
    }
    return WriteResult::kPending;
  }

  Task<bool> WriteRest() {
    error_code ec;
    deadline_.Set(options_.write_timeout, ConnectionDeadline::Wait::kWrite);
    co_await asio::async_write(
        stream_, asio::buffer(out_.data() + written_, out_.size() - written_), Token(ec));
    deadline_.Clear();
    co_return !ec;
  }

  Task<void> Close(bool linger) {
    error_code ec;
    if constexpr (kTls) {
      if (handshake_done_ && !aborted_ && Lowest().is_open()) {
        deadline_.Set(kTlsShutdownTime);
        co_await stream_.async_shutdown(Token(ec));
        deadline_.Clear();
      }
    }
    Socket& socket = Lowest();
    if (!socket.is_open()) co_return;
    socket.shutdown(tcp::socket::shutdown_send, ec);
    co_await DrainSendQueue(socket);
    if (linger && !aborted_) {
      deadline_.Set(kLingerTime);
      std::array<char, 4096> sink;
      for (size_t drained = 0; drained < kLingerBytes;) {
        const size_t n = co_await socket.async_read_some(asio::buffer(sink), Token(ec));
        if (ec) break;
        drained += n;
      }
      deadline_.Clear();
    }
    socket.close(ec);
  }

  // close() with bytes still queued hands them to an orphaned socket, and the kernel aborts an
  // orphan whose client shows a zero window for a minute or two (tcp_orphan_retries): a reader
  // that read ahead and then paused (curl --limit-rate does) lost the end of an export the
  // server had written whole, with a reset. So the socket stays open while the client is still
  // there (ClientStillTaking), for at most kMaxStall; polled with a backoff up to 1 s, as this
  // is the rare slow-reader case.
  Task<void> DrainSendQueue(Socket& socket) {
    ConnectionDeadline::Timer timer(worker_.ctx);
    const auto started = SteadyClock::now();
    auto pause = std::chrono::milliseconds(5);
    for (;;) {
      const SendQueue queue = ReadSendQueue(socket.native_handle());
      if (queue.unacknowledged_bytes == 0 || aborted_) co_return;
      if (!ClientStillTaking(queue, options_.write_timeout) ||
          SteadyClock::now() - started > kMaxStall) {
        spdlog::warn("connection from {} closed with {} bytes its client had not taken",
                     remote_ip_, queue.unacknowledged_bytes);
        co_return;
      }
      error_code ec;
      timer.expires_after(pause);
      co_await timer.async_wait(Token(ec));
      pause = std::min<std::chrono::milliseconds>(pause * 2, std::chrono::seconds(1));
    }
  }

  void Cleanup() {
    CutTransfer();
    // Requests read but never started are no longer in flight.
    for (const ExchangePtr& e : queue_) {
      if (!e->response && !e->started) shared_.dispatcher->metrics().AddInFlight(-1);
      EndUnsentStream(*e);
    }
    queue_.clear();
    error_code ec;
    Lowest().close(ec);
    deadline_.Cancel();
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
  std::optional<RequestParser> parser_;
  std::shared_ptr<BodyPipe> pumping_;  // the streamed body being read, if any
  ConnectionDeadline deadline_;
  Signal signal_;  // never expires; cancelled to wake Serve() when a reply is ready
  std::deque<ExchangePtr> queue_;
  std::string out_;  // the reply being written; reused, so it stops allocating
  size_t written_ = 0;
  int served_from_buffer_ = 0;
  bool idle_ = false;
  bool shutdown_ = false;
  bool aborted_ = false;
  bool handshake_done_ = false;
  bool unregistered_ = false;
  const bool reject_;
  const std::string remote_ip_;
};

}  // namespace

void StartSession(Socket socket, std::string ip, IoWorker& worker, ServerShared& shared,
                  asio::ssl::context* tls, bool reject) {
  error_code ec;
  socket.set_option(tcp::no_delay(true), ec);
  if (tls) {
    auto session = std::make_shared<Session<TlsStream>>(std::move(socket), tls, worker, shared,
                                                        reject, std::move(ip));
    asio::co_spawn(worker.ctx, Session<TlsStream>::Run(std::move(session)), asio::detached);
  } else {
    // Replies are first written synchronously (WriteNow), which must not block.
    socket.non_blocking(true, ec);
    auto session = std::make_shared<Session<PlainStream>>(std::move(socket), nullptr, worker,
                                                          shared, reject, std::move(ip));
    asio::co_spawn(worker.ctx, Session<PlainStream>::Run(std::move(session)), asio::detached);
  }
}

}  // namespace ccrm::gateway
