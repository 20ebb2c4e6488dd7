// Request ids ("req_" + a ULID) made without a lock, for the one id every request gets.
#pragma once

#include <cstdint>
#include <string>

namespace ccrm::gateway {

// The same shape as common/ids' NewId("req"): a 48-bit millisecond time and 80 random bits,
// Crockford base32, lowercase. NewId orders ids process-wide under a mutex that every io
// thread would take per request; here each thread keeps its own monotonic state, so ids of one
// thread sort in creation order and ids of different threads sort by their millisecond. A
// thread draws fresh random bits (OpenSSL's per-thread generator) once per millisecond and
// increments them within it, as the ULID spec's monotonic mode does.
std::string NewRequestId();

// The same for an explicit time, so tests can check the encoding and the ordering.
std::string NewRequestId(int64_t unix_millis);

}  // namespace ccrm::gateway
