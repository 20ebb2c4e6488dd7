#include "gateway/server.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <csignal>
#include <cstdio>
#include <stdexcept>
#include <utility>  // Boost 1.74's awaitable.hpp needs it first
#include <vector>

#include "common/usable_cpus.hpp"
#include "gateway/io_worker.hpp"
#include "gateway/session.hpp"
#include "gateway/tls_context.hpp"

namespace ccrm::gateway {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;

// Over the cap, a connection is still read and answered 503 so the client learns why; past
// this many more, it is closed unanswered, so a flood cannot exhaust file descriptors.
constexpr size_t kRejectSlack = 64;

void RunContext(asio::io_context& ctx) {
  for (;;) {
    try {
      ctx.run();
      return;
    } catch (const std::exception& e) {
      // A handler let an exception escape; the other connections keep being served.
      std::fprintf(stderr, "gateway: io thread caught: %s\n", e.what());
    }
  }
}

// A dual-stack listener sees IPv4 clients as ::ffff:a.b.c.d; requests report them as IPv4.
std::string ClientAddress(const Socket& socket) {
  error_code ec;
  const auto endpoint = socket.remote_endpoint(ec);
  if (ec) return {};
  auto address = endpoint.address();
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()).to_string();
  }
  return address.to_string();
}

}  // namespace

struct Server::Impl {
  // Destroyed in reverse: the pool is joined first, then everything on ctx0 goes before the
  // io_contexts, and `shared` (which sessions reference) outlives them all.
  ServerShared shared;
  std::unique_ptr<asio::ssl::context> tls;
  std::vector<std::unique_ptr<IoWorker>> workers;
  std::optional<tcp::acceptor> acceptor;
  std::optional<asio::signal_set> signals;
  std::optional<asio::steady_timer> grace_timer;
  std::unique_ptr<asio::thread_pool> pool;
  std::unique_ptr<asio::thread_pool> heavy_pool;
  std::unique_ptr<asio::thread_pool> bulk_pool;
  std::unique_ptr<asio::thread_pool> write_pool;
  std::unique_ptr<asio::thread_pool> transfer_pool;
  uint16_t port = 0;
  bool started = false;
  bool stop_finished = false;  // on ctx0 only
  std::atomic<bool> hard_stopped{false};
  std::atomic<bool> stop_posted{false};

  asio::io_context& Main() { return workers.front()->ctx; }

  asio::awaitable<void> AcceptLoop() {
    size_t next = 0;
    for (;;) {
      IoWorker& worker = *workers[next++ % workers.size()];
      error_code ec;
      Socket socket = co_await acceptor->async_accept(
          worker.ctx.get_executor(), asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        if (!acceptor->is_open() || shared.stopping) co_return;
        // Out of descriptors or buffers: back off instead of spinning on the error.
        asio::steady_timer pause(Main(), std::chrono::milliseconds(50));
        co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        continue;
      }
      if (shared.stopping) {
        socket.close(ec);
        continue;
      }
      const size_t open = shared.connections.fetch_add(1) + 1;
      if (open > shared.options.max_connections + kRejectSlack) {
        shared.connections.fetch_sub(1);
        socket.close(ec);
        continue;
      }
      std::string ip = ClientAddress(socket);
      StartSession(std::move(socket), std::move(ip), worker, shared, tls.get(),
                   open > shared.options.max_connections);
    }
  }

  // On ctx0. Lets every io_context run dry, so Run() returns.
  void FinishStop() {
    if (stop_finished) return;
    stop_finished = true;
    if (grace_timer) grace_timer->cancel();
    if (signals) {
      error_code ec;
      signals->cancel(ec);
    }
    for (auto& worker : workers) worker->guard.reset();
  }

  // On ctx0, after the grace period: close what is left and stop the loops.
  void HardStop() {
    hard_stopped = true;
    FinishStop();
    for (auto& worker : workers) {
      asio::post(worker->ctx, [w = worker.get()] {
        const std::vector<SessionBase*> sessions(w->sessions.begin(), w->sessions.end());
        for (SessionBase* s : sessions) s->Abort();
        w->ctx.stop();
      });
    }
  }

  void WaitForSignal() {
    signals->async_wait([this](const error_code& ec, int) {
      if (ec) return;
      if (!stop_posted) {
        StopGracefully();
        WaitForSignal();  // a second signal means: now
      } else {
        HardStop();
      }
    });
  }

  void StopGracefully() {
    shared.stopping = true;
    if (started) PostStop();
  }

  // Once, after Start(): a Stop() that came before it is carried out when Run() begins.
  void PostStop() {
    if (stop_posted.exchange(true)) return;
    asio::post(Main(), [this] {
      error_code ec;
      acceptor->close(ec);
      if (stop_finished) return;
      if (shared.connections.load() == 0) {
        FinishStop();
        return;
      }
      grace_timer->expires_after(shared.options.shutdown_grace);
      grace_timer->async_wait([this](const error_code& e) {
        if (!e) HardStop();
      });
    });
    for (auto& worker : workers) {
      asio::post(worker->ctx, [w = worker.get()] {
        const std::vector<SessionBase*> sessions(w->sessions.begin(), w->sessions.end());
        for (SessionBase* s : sessions) s->Shutdown();
      });
    }
  }
};

Server::Server(ServerOptions options, std::shared_ptr<Dispatcher> dispatcher)
    : impl_(std::make_unique<Impl>()) {
  if (!dispatcher) throw std::invalid_argument("Server needs a dispatcher");
  const int cpus = UsableCpus();
  if (options.io_threads <= 0) options.io_threads = cpus;
  if (options.worker_threads <= 0) options.worker_threads = 2 * cpus;
  if (options.heavy_threads <= 0) options.heavy_threads = cpus;
  if (options.write_threads <= 0) options.write_threads = std::max(8, 4 * cpus);
  options.transfer_threads = std::max(1, options.transfer_threads);
  options.bulk_threads = std::max(1, options.bulk_threads);
  options.max_pipelined = std::max<size_t>(1, options.max_pipelined);
  impl_->shared.options = std::move(options);
  impl_->shared.dispatcher = std::move(dispatcher);
  for (int i = 0; i < impl_->shared.options.io_threads; ++i) {
    auto worker = std::make_unique<IoWorker>();
    worker->guard.emplace(worker->ctx.get_executor());
    impl_->workers.push_back(std::move(worker));
  }
  impl_->pool = std::make_unique<asio::thread_pool>(impl_->shared.options.worker_threads);
  impl_->shared.pool = impl_->pool.get();
  impl_->heavy_pool = std::make_unique<asio::thread_pool>(impl_->shared.options.heavy_threads);
  impl_->shared.heavy_pool = impl_->heavy_pool.get();
  impl_->bulk_pool = std::make_unique<asio::thread_pool>(impl_->shared.options.bulk_threads);
  impl_->shared.bulk_pool = impl_->bulk_pool.get();
  impl_->write_pool = std::make_unique<asio::thread_pool>(impl_->shared.options.write_threads);
  impl_->shared.write_pool = impl_->write_pool.get();
  impl_->transfer_pool =
      std::make_unique<asio::thread_pool>(impl_->shared.options.transfer_threads);
  impl_->shared.transfer_pool = impl_->transfer_pool.get();
  impl_->grace_timer.emplace(impl_->Main());
  Impl* impl = impl_.get();
  impl_->shared.on_drained = [impl] { asio::post(impl->Main(), [impl] { impl->FinishStop(); }); };
}

Server::~Server() {
  if (!impl_) return;
  for (auto& worker : impl_->workers) worker->ctx.stop();
  for (auto& worker : impl_->workers) {
    if (worker->thread.joinable()) worker->thread.join();
  }
  for (auto* pool : {impl_->pool.get(), impl_->heavy_pool.get(), impl_->bulk_pool.get(),
                     impl_->write_pool.get(), impl_->transfer_pool.get()}) {
    pool->stop();
    pool->join();
  }
}

void Server::Start() {
  Impl& impl = *impl_;
  if (impl.started) throw std::logic_error("Server::Start called twice");
  const ServerOptions& o = impl.shared.options;
  if (!o.tls_cert_file.empty() || !o.tls_key_file.empty()) {
    impl.tls = MakeTlsContext(o.tls_cert_file, o.tls_key_file);
  }
  const std::string where = o.host + ":" + std::to_string(o.port);
  error_code ec;
  tcp::endpoint endpoint;
  const auto address = asio::ip::make_address(o.host, ec);
  if (!ec) {
    endpoint = tcp::endpoint(address, o.port);
  } else {
    tcp::resolver resolver(impl.Main());
    const auto results = resolver.resolve(o.host, std::to_string(o.port), ec);
    if (ec || results.empty()) {
      throw std::runtime_error("cannot listen on " + where + ": cannot resolve the host: " +
                               (ec ? ec.message() : std::string("no address")));
    }
    endpoint = results.begin()->endpoint();
  }
  auto fail = [&](const error_code& e) {
    throw std::runtime_error("cannot listen on " + where + ": " + e.message());
  };
  impl.acceptor.emplace(impl.Main());
  impl.acceptor->open(endpoint.protocol(), ec);
  if (ec) fail(ec);
  impl.acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  impl.acceptor->bind(endpoint, ec);
  if (ec) fail(ec);
  impl.acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) fail(ec);
  impl.port = impl.acceptor->local_endpoint(ec).port();
  impl.started = true;
  asio::co_spawn(impl.Main(), impl.AcceptLoop(), asio::detached);
}

uint16_t Server::port() const { return impl_->port; }

bool Server::tls() const { return impl_->tls != nullptr; }

void Server::Run() {
  Impl& impl = *impl_;
  if (!impl.started) Start();
  if (impl.shared.stopping) impl.PostStop();
  if (impl.shared.options.handle_signals) {
    impl.signals.emplace(impl.Main(), SIGINT, SIGTERM);
    impl.WaitForSignal();
  }
  for (size_t i = 1; i < impl.workers.size(); ++i) {
    IoWorker* worker = impl.workers[i].get();
    worker->thread = std::thread([worker] { RunContext(worker->ctx); });
  }
  RunContext(impl.Main());
  for (size_t i = 1; i < impl.workers.size(); ++i) impl.workers[i]->thread.join();
  // Handlers still running hold a reply nobody will read after a hard stop; they cannot be
  // interrupted, only waited for. Queued ones are dropped then.
  for (auto* pool : {impl.pool.get(), impl.heavy_pool.get(), impl.bulk_pool.get(),
                     impl.write_pool.get(), impl.transfer_pool.get()}) {
    if (impl.hard_stopped) pool->stop();
    pool->join();
  }
}

void Server::Stop() { impl_->StopGracefully(); }

}  // namespace ccrm::gateway
