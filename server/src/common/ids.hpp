// Opaque, URL-safe, time-sortable ids with a type prefix: lead_01JD3..., usr_01JD3...
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ccrm {

// "<prefix>_" followed by a 26-character ULID (48-bit millisecond time, 80 random bits,
// Crockford base32, lowercase). Ids made in the same millisecond by one process still sort
// in creation order: the random part is incremented, as the ULID spec's monotonic mode does.
std::string NewId(std::string_view prefix);

// The 26-character ULID alone, for an explicit time (tests, imports).
std::string NewUlid(int64_t unix_millis);

// "<prefix>_" followed by 26 characters shaped like a ULID, made from the first 16 bytes of
// `seed` (a digest): the same seed always gives the same id, so two processes naming one outside
// identity agree without asking each other. Its "time" part means nothing. Throws
// std::invalid_argument for a seed shorter than 16 bytes.
std::string DerivedId(std::string_view prefix, std::string_view seed);

// True when `id` is "<prefix>_" plus a well-formed ULID.
bool IsValidId(std::string_view id, std::string_view prefix);

}  // namespace ccrm
