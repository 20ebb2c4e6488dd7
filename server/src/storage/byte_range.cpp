#include "storage/byte_range.hpp"

#include <charconv>

#include "common/ascii.hpp"

namespace ccrm::storage {
namespace {

std::optional<uint64_t> Number(std::string_view text) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<ByteRange> ByteRange::Parse(std::string_view header) {
  header = TrimAscii(header);
  constexpr std::string_view kUnit = "bytes=";
  if (header.size() <= kUnit.size() || !IEquals(header.substr(0, kUnit.size()), kUnit)) {
    return std::nullopt;
  }
  const std::string_view spec = TrimAscii(header.substr(kUnit.size()));
  if (spec.find(',') != std::string_view::npos) return std::nullopt;
  const size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  const std::string_view left = TrimAscii(spec.substr(0, dash));
  const std::string_view right = TrimAscii(spec.substr(dash + 1));
  if (left.empty()) {
    const auto length = Number(right);
    if (!length) return std::nullopt;
    return Suffix(*length);
  }
  const auto first = Number(left);
  if (!first) return std::nullopt;
  if (right.empty()) return From(*first);
  const auto last = Number(right);
  if (!last || *last < *first) return std::nullopt;
  return FromTo(*first, *last);
}

std::optional<ByteRange::Span> ByteRange::Resolve(uint64_t size) const {
  switch (kind) {
    case Kind::kSuffix:
      if (a == 0 || size == 0) return std::nullopt;
      return Span{size - std::min(a, size), std::min(a, size)};
    case Kind::kFrom:
      if (a >= size) return std::nullopt;
      return Span{a, size - a};
    case Kind::kFromTo:
      if (a >= size) return std::nullopt;
      return Span{a, std::min(b, size - 1) - a + 1};
  }
  return std::nullopt;
}

}  // namespace ccrm::storage
