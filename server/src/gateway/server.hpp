// The HTTP/1.1 (and HTTPS) listener: sockets in, Dispatcher calls, replies out; graceful stop.
#pragma once

#include <cstdint>
#include <memory>

#include "gateway/dispatcher.hpp"
#include "gateway/server_options.hpp"

namespace ccrm::gateway {

// Beast over Asio with C++20 coroutines. `io_threads` io_contexts with one thread each; every
// connection lives on one of them. Handlers of routes with `offload` run on a pool of
// `worker_threads`, the others on the connection's io thread.
class Server {
 public:
  Server(ServerOptions options, std::shared_ptr<Dispatcher> dispatcher);
  ~Server();  // stops (hard) if still running; call Stop() and let Run() return first
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Loads the TLS files (when set), binds and listens. Throws std::runtime_error with a clear
  // message ("cannot listen on 127.0.0.1:8080: Address already in use", "tls.cert: ...").
  void Start();
  // The bound port (the real one when options.port was 0); valid after Start().
  uint16_t port() const;
  bool tls() const;
  // Serves until stopped; the calling thread is one of the io threads. Calls Start() if
  // needed. With options.handle_signals, SIGINT/SIGTERM call Stop() (a second one: at once).
  void Run();
  // Graceful, from any thread, idempotent: stops accepting, lets requests under way finish and
  // be written (with Connection: close), closes idle connections, and after shutdown_grace
  // closes whatever is left. Run() returns once every connection is gone and every offloaded
  // handler has returned.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ccrm::gateway
