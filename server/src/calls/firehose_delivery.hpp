// Kinesis Data Firehose's HTTP endpoint delivery: how contact trace records reach ccrm from a
// Connect instance's data stream. A request is `{requestId, timestamp, records: [{data}]}`,
// each record's data base64; the reply is `{requestId, timestamp}` (plus `errorMessage` when it
// is not a success) with the same request id, and only 200 counts as delivered.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.hpp"

namespace ccrm::calls {

inline constexpr const char* kFirehoseRequestIdHeader = "X-Amz-Firehose-Request-Id";
inline constexpr size_t kFirehoseMaxRecords = 10'000;
inline constexpr size_t kFirehoseMaxBodyBytes = 64 * 1024 * 1024;

struct FirehoseRequest {
  std::string request_id;
  int64_t timestamp = 0;             // ms since the epoch, as Firehose stamped it
  std::vector<std::string> records;  // each record's data, decoded
};

// The body of a delivery, read whole: ProblemException 400 naming the member at fault
// (`requestId`, `records[3].data`, …) for anything else, so nothing of it is applied.
FirehoseRequest ParseFirehoseRequest(std::string_view body);

// The reply Firehose reads: `{requestId, timestamp}`, and `errorMessage` when not empty.
std::string FirehoseReplyBody(std::string_view request_id, int64_t now_ms,
                              std::string_view error_message = {});

}  // namespace ccrm::calls
