// Internal to the listener: one accepted connection, served by a coroutine on its io thread.
#pragma once

#include <boost/asio/ssl/context.hpp>

#include <string>

#include "gateway/io_worker.hpp"

namespace ccrm::gateway {

// Takes over `socket` (whose executor is worker.ctx's) and serves it until it closes.
// `remote_ip`: the peer's address as requests report it. `tls`: null for plain HTTP.
// `reject`: the connection cap is exceeded; the first request is answered 503 and the
// connection closed.
void StartSession(Socket socket, std::string remote_ip, IoWorker& worker, ServerShared& shared,
                  boost::asio::ssl::context* tls, bool reject);

}  // namespace ccrm::gateway
