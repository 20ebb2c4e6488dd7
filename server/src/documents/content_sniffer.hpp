// What a file is, from its first bytes (libmagic), whatever its name or the type a client
// claimed: the documents trigger's type check.
#pragma once

#include <string>
#include <string_view>

namespace ccrm::documents {

// How many leading bytes the sniffer looks at (libmagic's own default window).
inline constexpr size_t kSniffBytes = 64 * 1024;

// The MIME type of `head` (the file's first bytes), e.g. "application/pdf", without
// parameters; "application/octet-stream" when nothing matches. Thread-safe (a libmagic handle
// per thread). Throws std::runtime_error when libmagic or its database cannot be loaded.
std::string SniffContentType(std::string_view head);

}  // namespace ccrm::documents
