// minimal_beast_server PORT [IO_THREADS]: the smallest Boost.Beast HTTP/1.1 keep-alive server
// that answers GET /healthz as ccrm does. It is the yardstick of the gateway benchmark: what
// Beast itself costs on this machine, without routing, middleware, metrics or logging.
// clang-format off: must precede the Boost headers.
#include <utility>  // Boost 1.74's awaitable.hpp uses std::exchange without including it
// clang-format on

#include <algorithm>
#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

namespace {

constexpr const char* kBody = R"({"status":"ok"})";

// ccrm answers every request with these, so the yardstick writes the same bytes (the request
// id is a counter of the same length as ccrm's generated ones rather than a random one).
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

std::atomic<uint64_t> request_counter{0};

std::string NextRequestId() {
  char id[32];
  std::snprintf(id, sizeof id, "req_%022llu",
                static_cast<unsigned long long>(request_counter.fetch_add(1)));
  return id;
}

http::response<http::string_body> Answer(const http::request<http::string_body>& request) {
  http::response<http::string_body> response;
  response.version(request.version());
  response.keep_alive(request.keep_alive());
  if (request.method() == http::verb::get && request.target() == "/healthz") {
    response.result(http::status::ok);
    response.set(http::field::content_type, "application/json");
    response.body() = kBody;
  } else {
    response.result(http::status::not_found);
    response.set(http::field::content_type, "application/problem+json");
    response.body() = R"({"type":"about:blank","title":"Not Found","status":404})";
  }
  response.set(http::field::cache_control, "no-store");
  response.set("X-Content-Type-Options", "nosniff");
  response.set("X-Frame-Options", "DENY");
  response.set("Content-Security-Policy", kContentSecurityPolicy);
  response.set("Referrer-Policy", "no-referrer");
  response.set("X-Request-Id", NextRequestId());
  response.prepare_payload();
  return response;
}

asio::awaitable<void> Session(tcp::socket socket) {
  beast::flat_buffer buffer;
  try {
    for (;;) {
      http::request<http::string_body> request;
      co_await http::async_read(socket, buffer, request, asio::use_awaitable);
      auto response = Answer(request);
      co_await http::async_write(socket, response, asio::use_awaitable);
      if (!response.keep_alive()) break;
    }
  } catch (const boost::system::system_error&) {
    // The client went away (end of stream, reset): nothing to answer.
  }
  boost::system::error_code ignored;
  socket.shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> Listen(tcp::acceptor& acceptor) {
  for (;;) {
    tcp::socket socket = co_await acceptor.async_accept(asio::use_awaitable);
    socket.set_option(tcp::no_delay(true));
    asio::co_spawn(socket.get_executor(), Session(std::move(socket)), asio::detached);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: minimal_beast_server PORT [IO_THREADS]\n");
    return 2;
  }
  const auto port = static_cast<unsigned short>(std::atoi(argv[1]));
  const int threads = argc > 2 ? std::max(1, std::atoi(argv[2]))
                               : static_cast<int>(std::thread::hardware_concurrency());

  asio::io_context io(threads);
  tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), port});
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) { io.stop(); });
  asio::co_spawn(io, Listen(acceptor), asio::detached);

  std::printf("minimal_beast_server listening on http://127.0.0.1:%u\n",
              acceptor.local_endpoint().port());
  std::fflush(stdout);

  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([&] { io.run(); });
  io.run();
  for (auto& t : pool) t.join();
  return 0;
}
