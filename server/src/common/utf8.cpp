#include "common/utf8.hpp"

#include <cstdint>

namespace ccrm {

std::optional<char32_t> NextCodePoint(std::string_view text, size_t& pos) {
  if (pos >= text.size()) return std::nullopt;
  const auto b0 = static_cast<uint8_t>(text[pos]);
  size_t length = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if (b0 < 0x80) {
    length = 1, cp = b0;
  } else if ((b0 & 0xe0) == 0xc0) {
    length = 2, cp = b0 & 0x1f, min = 0x80;
  } else if ((b0 & 0xf0) == 0xe0) {
    length = 3, cp = b0 & 0x0f, min = 0x800;
  } else if ((b0 & 0xf8) == 0xf0) {
    length = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return std::nullopt;
  }
  if (pos + length > text.size()) return std::nullopt;
  for (size_t k = 1; k < length; ++k) {
    const auto b = static_cast<uint8_t>(text[pos + k]);
    if ((b & 0xc0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (b & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return std::nullopt;
  pos += length;
  return cp;
}

std::optional<std::u32string> DecodeUtf8(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) {
    const auto cp = NextCodePoint(text, pos);
    if (!cp) return std::nullopt;
    out += *cp;
  }
  return out;
}

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace ccrm
