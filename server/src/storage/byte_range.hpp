// One byte range of an object (HTTP's Range: bytes=..., RFC 9110 §14.1.2), as S3 takes it.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace ccrm::storage {

struct ByteRange {
  enum class Kind { kFromTo, kFrom, kSuffix };
  Kind kind = Kind::kFrom;
  uint64_t a = 0;  // first byte (kFromTo, kFrom) or the suffix length (kSuffix)
  uint64_t b = 0;  // last byte, inclusive (kFromTo)

  static ByteRange FromTo(uint64_t first, uint64_t last) { return {Kind::kFromTo, first, last}; }
  static ByteRange From(uint64_t first) { return {Kind::kFrom, first, 0}; }
  static ByteRange Suffix(uint64_t length) { return {Kind::kSuffix, length, 0}; }

  // The value of a Range header with exactly one well-formed byte range; nullopt for anything
  // else (another unit, several ranges, bad syntax), which a server ignores (RFC 9110 §14.2)
  // and answers the whole object, as S3 does.
  static std::optional<ByteRange> Parse(std::string_view header);

  struct Span {
    uint64_t first = 0;
    uint64_t length = 0;
  };
  // The bytes it selects of an object of `size`, a last byte past the end clipped to it;
  // nullopt when unsatisfiable (starts at or past the end, an empty suffix): 416.
  std::optional<Span> Resolve(uint64_t size) const;
};

}  // namespace ccrm::storage
