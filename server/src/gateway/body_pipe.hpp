// Internal to the listener: a streamed request body handed from the connection's io thread
// (the producer) to its handler on the transfer pool (the consumer), bounded so that a fast
// client cannot fill memory ahead of a slow handler.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "common/problem.hpp"
#include "gateway/http_types.hpp"

namespace ccrm::gateway {

class BodyPipe final : public BodyReader {
 public:
  // `capacity`: bytes held before the producer must wait (Full()); `wake`: called on the
  // consumer's thread whenever a waiting producer may go on (room again, or nobody reads any
  // more). It must not block (the listener posts to the io thread).
  BodyPipe(size_t capacity, std::function<void()> wake);

  // Consumer (the handler): blocks until bytes, the end or a failure.
  bool Read(std::string& chunk) override;
  // The handler returned: whatever still comes is not wanted (the producer stops reading).
  void Abandon();

  // Producer (the io thread); none of these blocks. Push takes `bytes` (leaving it empty, its
  // buffer possibly swapped for one the consumer is done with).
  void Push(std::string& bytes);
  void Finish();                 // the whole body was pushed
  void Fail(Problem problem);    // the body cannot be had whole: Read throws it
  bool Full() const;
  bool abandoned() const;
  bool ended() const;            // Finish or Fail was called

 private:
  const size_t capacity_;
  const std::function<void()> wake_;
  mutable std::mutex mutex_;
  std::condition_variable readable_;
  std::string pending_;
  std::string spare_;  // the consumer's last buffer, for the producer to fill next
  std::optional<Problem> failure_;
  bool finished_ = false;
  bool abandoned_ = false;
};

}  // namespace ccrm::gateway
