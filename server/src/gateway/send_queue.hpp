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
  // The kernel's last window probe or retransmission is unanswered so far. A paused client
  // answers each probe at once, but the probes space out (up to two minutes apart), so the
  // time since the last acknowledgement alone would call it gone.
  bool unanswered = false;
};

// For a TCP socket (SIOCOUTQ and TCP_INFO); zeros when the kernel cannot say.
SendQueue ReadSendQueue(int fd);

// Bytes are waiting for the client and it is there: it acknowledged something within
// `ack_window`, or has answered every probe and retransmission so far (slow, perhaps paused).
inline bool ClientStillTaking(const SendQueue& queue, std::chrono::milliseconds ack_window) {
  return queue.unacknowledged_bytes > 0 &&
         (queue.since_last_ack <= ack_window || !queue.unanswered);
}

}  // namespace ccrm::gateway
