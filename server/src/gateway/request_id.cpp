#include "gateway/request_id.hpp"

#include <openssl/rand.h>

#include <array>
#include <chrono>
#include <cstring>
#include <stdexcept>

namespace ccrm::gateway {
namespace {

constexpr char kAlphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";
constexpr std::string_view kPrefix = "req_";
constexpr size_t kUlidChars = 26;

// The 128-bit ULID as two words: 48 bits of time and the top 16 random bits in `hi`.
struct ThreadState {
  int64_t last_millis = -1;
  uint64_t hi = 0;
  uint64_t lo = 0;
};

// Random bytes drawn from OpenSSL in blocks: one RAND_bytes call costs about as much for 250
// bytes as for 10 (its DRBG re-keys per call), and a busy thread starts a new millisecond
// every few dozen requests.
class RandomPool {
 public:
  void Take(unsigned char* out, size_t n) {
    if (used_ + n > block_.size()) {
      if (RAND_bytes(block_.data(), static_cast<int>(block_.size())) != 1) {
        throw std::runtime_error("RAND_bytes failed");
      }
      used_ = 0;
    }
    std::memcpy(out, block_.data() + used_, n);
    std::memset(block_.data() + used_, 0, n);  // handed out once
    used_ += n;
  }

 private:
  std::array<unsigned char, 250> block_{};
  size_t used_ = block_.size();
};

void DrawRandom(ThreadState& s, int64_t millis) {
  thread_local RandomPool pool;
  std::array<unsigned char, 10> random{};
  pool.Take(random.data(), random.size());
  random[0] &= 0x7f;  // leave room to increment without overflowing into the time
  s.hi = static_cast<uint64_t>(millis) << 16 | uint64_t{random[0]} << 8 | random[1];
  s.lo = 0;
  for (size_t i = 2; i < random.size(); ++i) s.lo = s.lo << 8 | random[i];
}

std::string Encode(uint64_t hi, uint64_t lo) {
  std::string id(kPrefix.size() + kUlidChars, '0');
  id.replace(0, kPrefix.size(), kPrefix);
  // Least significant character first: 26 characters of 5 bits are 130 bits, so the first
  // character carries the top 3 bits.
  for (size_t i = 0; i < kUlidChars; ++i) {
    id[id.size() - 1 - i] = kAlphabet[lo & 31];
    lo = lo >> 5 | hi << 59;
    hi >>= 5;
  }
  return id;
}

}  // namespace

std::string NewRequestId(int64_t unix_millis) {
  thread_local ThreadState state;
  if (unix_millis > state.last_millis) {
    state.last_millis = unix_millis;
    DrawRandom(state, unix_millis);
  } else if (++state.lo == 0) {  // the same millisecond (or the clock stepped back)
    ++state.hi;
  }
  return Encode(state.hi, state.lo);
}

std::string NewRequestId() {
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  return NewRequestId(now);
}

}  // namespace ccrm::gateway
