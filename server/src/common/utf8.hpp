// Text helpers shared by the password policy, the lead field checks and queries: strict UTF-8
// decoding (no overlong forms, surrogates or values past U+10FFFF) for anything that counts
// characters, and ASCII case folding.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ccrm {

// The code point starting at text[pos], advancing pos past it; nullopt (pos unchanged) when the
// bytes there are not well-formed UTF-8.
std::optional<char32_t> NextCodePoint(std::string_view text, size_t& pos);

// Every code point of `text`, or nullopt when it is not well-formed UTF-8.
std::optional<std::u32string> DecodeUtf8(std::string_view text);

// A-Z lowered; every other byte (UTF-8 sequences included) kept as it is.
std::string AsciiLower(std::string_view text);

}  // namespace ccrm
