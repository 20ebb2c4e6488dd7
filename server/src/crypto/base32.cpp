#include "crypto/base32.hpp"

#include <array>
#include <cstdint>

namespace ccrm::crypto {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

constexpr std::array<int8_t, 256> MakeReverse() {
  std::array<int8_t, 256> table{};
  for (auto& v : table) v = -1;
  for (int i = 0; i < 32; ++i) {
    const auto c = static_cast<uint8_t>(kAlphabet[i]);
    table[c] = static_cast<int8_t>(i);
    if (c >= 'A' && c <= 'Z') table[c - 'A' + 'a'] = static_cast<int8_t>(i);
  }
  return table;
}
constexpr auto kReverse = MakeReverse();

}  // namespace

std::string Base32Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 8 + 4) / 5);
  uint32_t buffer = 0;
  int bits = 0;
  for (const char c : bytes) {
    buffer = (buffer << 8) | static_cast<uint8_t>(c);
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += kAlphabet[(buffer >> bits) & 31];
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (5 - bits)) & 31];
  return out;
}

std::optional<std::string> Base32Decode(std::string_view text) {
  // Padding, when present, must complete the last 8-character block exactly.
  const size_t unpadded = text.find('=');
  if (unpadded != std::string_view::npos) {
    if (text.size() % 8 != 0) return std::nullopt;
    for (size_t i = unpadded; i < text.size(); ++i) {
      if (text[i] != '=') return std::nullopt;
    }
    text = text.substr(0, unpadded);
    if (text.size() % 8 == 0) return std::nullopt;  // a whole block of padding
  }
  // 1, 3 or 6 leftover characters cannot come from whole bytes.
  const size_t rest = text.size() % 8;
  if (rest == 1 || rest == 3 || rest == 6) return std::nullopt;

  std::string out;
  out.reserve(text.size() * 5 / 8);
  uint32_t buffer = 0;
  int bits = 0;
  for (const char c : text) {
    const int8_t v = kReverse[static_cast<uint8_t>(c)];
    if (v < 0) return std::nullopt;
    buffer = (buffer << 5) | static_cast<uint32_t>(v);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  if ((buffer & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

}  // namespace ccrm::crypto
