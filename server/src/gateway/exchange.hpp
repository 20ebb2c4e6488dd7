// Internal to the listener: one request of a connection and, once there is one, its reply.
#pragma once

#include <chrono>
#include <memory>
#include <optional>

#include "gateway/body_pipe.hpp"
#include "gateway/http_types.hpp"
#include "gateway/router.hpp"

namespace ccrm::gateway {

// Replies leave in the order requests came; a connection keeps a queue of these.
struct Exchange {
  Request request;
  const Route* route = nullptr;
  std::optional<Response> response;
  std::chrono::steady_clock::time_point start;
  unsigned version = 11;
  bool keep_alive = true;
  bool head = false;
  bool safe = true;
  bool started = false;
  bool close_after = false;  // a transport error, or a body left unread: nothing after it
  bool prepared = false;     // Dispatcher::Prepare ran on the head, before the body
  bool authorized = false;   // the hooks and the access check passed on the head
  // A stream_body route's body on its way to the handler, which runs while it is read; holds
  // one of ServerShared::transfers until the handler returns.
  std::shared_ptr<BodyPipe> body_pipe;
};
// Shared: an offloaded handler holds its exchange even if the connection goes first.
using ExchangePtr = std::shared_ptr<Exchange>;

}  // namespace ccrm::gateway
