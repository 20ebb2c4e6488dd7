// Internal to the listener: one accepted connection, served by a coroutine on its io thread.
#pragma once

#include <boost/asio/ssl/context.hpp>

#include "gateway/io_worker.hpp"

namespace ccrm::gateway {

// Takes over `socket` (whose executor is worker.ctx's) and serves it until it closes.
// `tls`: null for plain HTTP. `reject`: the connection cap is exceeded; the first request is
// answered 503 and the connection closed.
void StartSession(Socket socket, IoWorker& worker, ServerShared& shared,
                  boost::asio::ssl::context* tls, bool reject);

}  // namespace ccrm::gateway
