// Kinesis Data Firehose deliveries as POST /integrations/connect/ctr reads them: a body that may
// be gzip (inflated, bounded), read as {requestId, timestamp, records: [{data: base64}]}, each
// record's data split into CTRs. Invariants: any bytes are read or refused with a 400 (a bomb
// is kTooLarge, never held), never another exception or a crash; a delivery read has its
// request id and every record decoded; the reply is JSON with that id.
#include <cstdint>
#include <string>
#include <string_view>

#include "calls/connect_records.hpp"
#include "calls/firehose_delivery.hpp"
#include "common/gzip.hpp"
#include "common/problem.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 65536) return 0;
  std::string_view body(reinterpret_cast<const char*>(data), size);
  ccrm::GunzipError error = ccrm::GunzipError::kNone;
  constexpr size_t kLimit = 1 << 20;
  const std::optional<std::string> inflated = ccrm::Gunzip(body, kLimit, error);
  if (inflated) {
    FUZZ_CHECK(inflated->size() <= kLimit && error == ccrm::GunzipError::kNone, "inflation is bounded");
    body = *inflated;
  } else {
    FUZZ_CHECK(error != ccrm::GunzipError::kNone, "a refusal says why");
  }
  ccrm::calls::FirehoseRequest delivery;
  try {
    delivery = ccrm::calls::ParseFirehoseRequest(body);
  } catch (const ccrm::ProblemException& e) {
    FUZZ_CHECK(e.problem().status == 400, "a bad delivery is a 400");
    return 0;
  }
  FUZZ_CHECK(!delivery.request_id.empty(), "a delivery has its request id");
  FUZZ_CHECK(delivery.records.size() <= ccrm::calls::kFirehoseMaxRecords, "records are bounded");
  const ccrm::Json reply = ccrm::Json::parse(ccrm::calls::FirehoseReplyBody(delivery.request_id, 1, "x"));
  FUZZ_CHECK(reply["timestamp"] == 1 && reply["errorMessage"] == "x", "the reply is Firehose's shape");
  for (const std::string& record : delivery.records) {
    try {
      for (const ccrm::Json& ctr : ccrm::calls::SplitJsonValues(record)) {
        if (auto update = ccrm::calls::ParseContactTraceRecord(ctr, "", "US")) {
          FUZZ_CHECK(!update->contact_id.empty(), "a CTR names its contact");
        }
      }
    } catch (const ccrm::ProblemException& e) {
      FUZZ_CHECK(e.problem().status == 400, "a bad record is a 400");
    }
  }
  return 0;
}
