#include "gateway/send_queue.hpp"

#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

namespace ccrm::gateway {

SendQueue ReadSendQueue(int fd) {
  SendQueue queue;
  int queued = 0;
  if (ioctl(fd, SIOCOUTQ, &queued) == 0 && queued > 0) {
    queue.unacknowledged_bytes = static_cast<size_t>(queued);
  }
  tcp_info info{};
  socklen_t size = sizeof info;
  if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &size) == 0) {
    queue.since_last_ack = std::chrono::milliseconds(info.tcpi_last_ack_recv);
    queue.unanswered = info.tcpi_probes > 0 || info.tcpi_retransmits > 0;
  }
  return queue;
}

}  // namespace ccrm::gateway
