// Gzip (RFC 1952) bodies from outside: Kinesis Data Firehose may compress what it delivers
// (`Content-Encoding: gzip`). Decompression is bounded, so a few kilobytes that inflate to
// gigabytes are refused before they are held.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ccrm {

enum class GunzipError { kNone, kTooLarge, kCorrupt };

// The bytes `compressed` (one or more gzip members, as `cat a.gz b.gz` makes) inflates to, or
// nullopt with `error` set: kTooLarge past `max_bytes`, kCorrupt for anything that is not gzip
// or ends early.
std::optional<std::string> Gunzip(std::string_view compressed, size_t max_bytes, GunzipError& error);

// For tests and peers of ours: `bytes` as one gzip member.
std::string Gzip(std::string_view bytes);

}  // namespace ccrm
