// Internal to the listener: what the kernel still holds of a connection's replies.
#pragma once

#include <chrono>
#include <cstddef>

namespace ccrm::gateway {

struct SendQueue {
  size_t unacknowledged_bytes = 0;  // written by us, not yet acknowledged by the client
  // Since the client last acknowledged anything, window probes included: a client that reads
  // nothing for a while but is still there keeps answering the kernel's probes.
  std::chrono::milliseconds since_last_ack{0};
};

// For a TCP socket (SIOCOUTQ and TCP_INFO); zeros when the kernel cannot say.
SendQueue ReadSendQueue(int fd);

// Bytes are waiting for the client and it acknowledged something (data or a window probe)
// within `ack_window`: slow, perhaps paused, but there.
inline bool ClientStillTaking(const SendQueue& queue, std::chrono::milliseconds ack_window) {
  return queue.unacknowledged_bytes > 0 && queue.since_last_ack <= ack_window;
}

}  // namespace ccrm::gateway
