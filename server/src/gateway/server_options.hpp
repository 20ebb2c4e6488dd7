// Settings of the HTTP(S) listener: address, threads, limits, timeouts, TLS files.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace ccrm::gateway {

struct ServerOptions {
  std::string host = "127.0.0.1";  // an IPv4/IPv6 literal or a name resolved once at Start
  uint16_t port = 8080;            // 0 picks a free port; Server::port() tells which
  int io_threads = 0;              // 0: one per usable CPU (UsableCpus)
  // Run offloaded handlers (storage). 0: two per usable CPU. Handlers are mostly CPU-bound
  // reads: more threads than that only time-slice a core between requests, which on one core
  // tripled search's p99 (8 threads: 25-35 ms; 2: 8-10 ms); two per CPU still lets a write
  // waiting on its commit leave the CPU to another request.
  int worker_threads = 0;
  // Run handlers of routes marked `heavy` (argon2id sign-ins): a flood of sign-ins queues
  // behind itself here instead of in front of every other route. 0: one per core.
  int heavy_threads = 0;
  // Run handlers of routes marked `bulk` (machine deliveries that come in floods, each waiting
  // on a durable write: the contact center's events and records): they queue among themselves
  // here, so a flood never holds the workers users' requests and the contact flow's lookup need.
  // Writes serialize on the store anyway, so a few threads take what one store can commit.
  int bulk_threads = 2;
  // Run offloaded handlers of writes (methods other than GET and HEAD). 0: four per usable CPU,
  // at least 8. A write spends most of its time waiting for its commit, and writes waiting
  // together share one commit (group commit): more of them in flight than there are CPUs keeps
  // that working, without handing the CPU-bound reads of `worker_threads` a core's time-slices.
  int write_threads = 0;
  // Run handlers of routes that read their body as it arrives (RouteOptions::stream_body:
  // uploads), each for as long as its client sends; also how many may run at once (beyond:
  // 503 with Retry-After), so slow uploads never hold the workers the API needs.
  int transfer_threads = 8;
  size_t max_body_bytes = 10 * 1024 * 1024;  // API Gateway's payload limit; beyond: 413
  size_t max_header_bytes = 16 * 1024;       // request line + headers; beyond: 431
  std::chrono::seconds header_timeout{10};   // first byte to end of headers; then 408
  std::chrono::seconds body_timeout{30};     // the whole body (streamed: a stall); then 408
  std::chrono::seconds idle_timeout{60};     // keep-alive wait for the next request; silent close
  std::chrono::seconds write_timeout{30};    // a client answering nothing while a reply waits; close
  std::chrono::seconds shutdown_grace{20};   // Stop() waits this long for requests in flight
  size_t max_connections = 10000;            // beyond: 503 problem, then close
  size_t max_pipelined = 16;                 // requests read ahead of their replies
  std::string tls_cert_file;                 // PEM chain; with tls_key_file: HTTPS only
  std::string tls_key_file;
  bool handle_signals = false;               // Run() turns SIGINT/SIGTERM into Stop()
};

}  // namespace ccrm::gateway
