#include "common/ids.hpp"

#include <openssl/rand.h>

#include <array>
#include <chrono>
#include <mutex>
#include <stdexcept>

namespace ccrm {
namespace {

constexpr char kAlphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";

struct MonotonicState {
  std::mutex mu;
  int64_t last_millis = -1;
  std::array<uint8_t, 10> last_random{};
};

MonotonicState& State() {
  static MonotonicState state;
  return state;
}

// 128 bits -> 26 base32 characters.
std::string Encode(const std::array<uint8_t, 16>& bytes) {
  // 128 bits -> 26 base32 characters, most significant first; the first character carries
  // only the top 3 bits (130 bits of output, two leading zero bits).
  std::string out(26, '0');
  for (int i = 0; i < 26; ++i) {
    const int bit = i * 5 - 2;  // position of this character's first bit in the 128-bit value
    int value = 0;
    for (int b = 0; b < 5; ++b) {
      const int pos = bit + b;
      value <<= 1;
      if (pos >= 0) value |= (bytes[pos / 8] >> (7 - pos % 8)) & 1;
    }
    out[i] = kAlphabet[value];
  }
  return out;
}

std::string Encode(int64_t millis, const std::array<uint8_t, 10>& random) {
  std::array<uint8_t, 16> bytes{};
  for (int i = 0; i < 6; ++i) bytes[i] = static_cast<uint8_t>(millis >> (8 * (5 - i)));
  for (int i = 0; i < 10; ++i) bytes[6 + i] = random[i];
  return Encode(bytes);
}

std::array<uint8_t, 10> RandomPart() {
  std::array<uint8_t, 10> random{};
  if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1) {
    throw std::runtime_error("RAND_bytes failed");
  }
  random[0] &= 0x7f;  // leave room to increment without overflowing into the time
  return random;
}

// Within one millisecond the random part is incremented instead of drawn anew, so ids of one
// process sort in creation order (the ULID spec's monotonic mode).
std::string MonotonicUlid(int64_t unix_millis) {
  auto& state = State();
  std::array<uint8_t, 10> random{};
  {
    std::lock_guard lock(state.mu);
    if (unix_millis <= state.last_millis) {
      unix_millis = state.last_millis;
      random = state.last_random;
      for (int i = 9; i >= 0; --i) {  // increment the 80-bit random part
        if (++random[i] != 0) break;
      }
    } else {
      random = RandomPart();
    }
    state.last_millis = unix_millis;
    state.last_random = random;
  }
  return Encode(unix_millis, random);
}

}  // namespace

std::string NewUlid(int64_t unix_millis) { return Encode(unix_millis, RandomPart()); }

std::string NewId(std::string_view prefix) {
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  std::string id;
  id.reserve(prefix.size() + 27);
  id.append(prefix).append("_").append(MonotonicUlid(now));
  return id;
}

std::string DerivedId(std::string_view prefix, std::string_view seed) {
  if (seed.size() < 16) throw std::invalid_argument("DerivedId: the seed needs 16 bytes");
  std::array<uint8_t, 16> bytes{};
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(seed[i]);
  std::string id;
  id.reserve(prefix.size() + 27);
  id.append(prefix).append("_").append(Encode(bytes));
  return id;
}

bool IsValidId(std::string_view id, std::string_view prefix) {
  if (id.size() != prefix.size() + 27) return false;
  if (id.substr(0, prefix.size()) != prefix || id[prefix.size()] != '_') return false;
  const auto ulid = id.substr(prefix.size() + 1);
  if (ulid[0] > '7') return false;
  // Every request naming a record checks its id: a table, not a scan of the alphabet per char.
  static const auto kInAlphabet = [] {
    std::array<bool, 256> table{};
    for (const char* a = kAlphabet; *a; ++a) table[static_cast<unsigned char>(*a)] = true;
    return table;
  }();
  for (char c : ulid) {
    if (!kInAlphabet[static_cast<unsigned char>(c)]) return false;
  }
  return true;
}

}  // namespace ccrm
