// Internal to the listener: what the Server shares with its connection sessions.
#pragma once

#include <utility>  // Boost 1.74's awaitable.hpp needs it first

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <thread>
#include <unordered_set>

#include "gateway/dispatcher.hpp"
#include "gateway/server_options.hpp"

namespace ccrm::gateway {

// Connections use the io_context's own executor type rather than the type-erased
// any_io_executor: every asynchronous operation copies and destroys its handler's executor a
// few times, and for any_io_executor each of those is an indirect call.
using IoExecutor = boost::asio::io_context::executor_type;
using Socket = boost::asio::basic_stream_socket<boost::asio::ip::tcp, IoExecutor>;

// A connection as the Server sees it at shutdown. Both calls run on the session's io thread.
class SessionBase {
 public:
  virtual ~SessionBase() = default;
  // Graceful: an idle connection closes now; a busy one after its replies are written.
  virtual void Shutdown() = 0;
  // Hard: the socket closes now, whatever is under way.
  virtual void Abort() = 0;
};

// State every session reads; owned by the Server, which outlives its sessions.
struct ServerShared {
  ServerOptions options;
  std::shared_ptr<Dispatcher> dispatcher;
  boost::asio::thread_pool* pool = nullptr;
  boost::asio::thread_pool* heavy_pool = nullptr;  // routes with RouteOptions::heavy
  boost::asio::thread_pool* bulk_pool = nullptr;   // routes with RouteOptions::bulk
  boost::asio::thread_pool* write_pool = nullptr;  // other routes' writes (not GET or HEAD)
  boost::asio::thread_pool* transfer_pool = nullptr;  // routes with RouteOptions::stream_body

  // The pool an offloaded handler of `route` runs on (stream_body routes have their own path).
  boost::asio::thread_pool& PoolFor(const Route& route, std::string_view method) const {
    if (route.options.heavy) return *heavy_pool;
    if (route.options.bulk) return *bulk_pool;
    if (method != "GET" && method != "HEAD") return *write_pool;
    return *pool;
  }
  std::atomic<int> transfers{0};  // stream_body handlers running or about to
  std::atomic<bool> stopping{false};
  std::atomic<size_t> connections{0};
  // Called on an io thread when stopping and the last connection has ended.
  std::function<void()> on_drained;
};

// One io_context run by one thread: a connection lives on exactly one, so its coroutine, its
// timers and the completions of its offloaded handlers never race and need no strand.
struct IoWorker {
  std::unordered_set<SessionBase*> sessions;  // declared before ctx: outlives the sessions
  boost::asio::io_context ctx{1};
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guard;
  std::thread thread;
};

}  // namespace ccrm::gateway
