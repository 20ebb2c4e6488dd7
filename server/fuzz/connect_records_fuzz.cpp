// Amazon Connect's deliveries as the ingestion routes read them: a body split into JSON values
// (one, an array, newline-delimited, concatenated), each read as a contact trace record, as an
// EventBridge contact event, as a contact flow's lookup event, as a Contact Lens analysis file
// and as an S3 event notification (recordings and analyses by Connect's key layout).
// Invariants: any body is read or refused with a ProblemException (400), never another
// exception or a crash; what is read names its contact; a customer number read is E.164; every
// time read is RFC 3339 and parses back; a recording read has a bucket and a key.
#include <cstdint>
#include <string>
#include <string_view>

#include "calls/connect_records.hpp"
#include "calls/contact_lens.hpp"
#include "common/clock.hpp"
#include "common/problem.hpp"
#include "fuzz_check.hpp"

namespace {

void CheckTime(const std::optional<std::string>& time) {
  if (time) FUZZ_CHECK(ccrm::ParseRfc3339(*time).has_value(), "a time read parses back");
}

void CheckUpdate(const ccrm::calls::ContactUpdate& update) {
  FUZZ_CHECK(!update.contact_id.empty() && update.contact_id.size() <= 128,
             "an update names its contact");
  if (update.customer_number) {
    FUZZ_CHECK(update.customer_number->size() >= 2 && (*update.customer_number)[0] == '+',
               "a customer number is E.164");
  }
  for (const auto* time : {&update.started_at, &update.connected_at, &update.ended_at}) {
    CheckTime(*time);
  }
  if (update.from_ctr) FUZZ_CHECK(ccrm::ParseRfc3339(update.last_update).has_value(), "a CTR's time parses");
  if (update.recording) {
    FUZZ_CHECK(!update.recording->value("bucket", "").empty() &&
                   !update.recording->value("key", "").empty(),
               "a recording has a bucket and a key");
  }
  if (update.direction) {
    FUZZ_CHECK(*update.direction == "inbound" || *update.direction == "outbound",
               "a direction is inbound or outbound");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 16384) return 0;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  std::vector<ccrm::Json> values;
  try {
    values = ccrm::calls::SplitJsonValues(body);
  } catch (const ccrm::ProblemException& e) {
    FUZZ_CHECK(e.problem().status == 400, "a body that does not split is a 400");
    return 0;
  }
  for (const ccrm::Json& value : values) {
    try {
      if (auto update = ccrm::calls::ParseContactTraceRecord(value, "", "US")) CheckUpdate(*update);
    } catch (const ccrm::ProblemException& e) {
      FUZZ_CHECK(e.problem().status == 400, "a bad record is a 400");
    }
    try {
      if (auto update = ccrm::calls::ParseContactEvent(value, "")) CheckUpdate(*update);
    } catch (const ccrm::ProblemException& e) {
      FUZZ_CHECK(e.problem().status == 400, "a bad event is a 400");
    }
    if (auto update = ccrm::calls::ContactOfFlowEvent(value, "US")) {  // never throws
      CheckUpdate(*update);
      FUZZ_CHECK(update->customer_number.has_value(), "a flow's contact has the caller's number");
    }
    try {
      const ccrm::Json transcript = ccrm::calls::ParseContactLensAnalysis(value, "k", false);
      const ccrm::Json summary = ccrm::calls::AnalysisSummary(transcript);
      FUZZ_CHECK(summary["turns"] == transcript["turns"].size(), "the summary counts the turns");
      for (const ccrm::Json& turn : transcript["turns"]) {
        FUZZ_CHECK(turn["content"].is_string() && turn["beginMs"].is_number_integer() &&
                       turn["beginMs"].get<int64_t>() >= 0,
                   "a turn has its content and a non-negative offset");
      }
      FUZZ_CHECK(!ccrm::calls::AnalysisSupersedes(summary, summary), "an analysis does not supersede itself");
    } catch (const ccrm::ProblemException& e) {
      FUZZ_CHECK(e.problem().status == 400, "a bad analysis is a 400");
    }
    try {
      for (const auto& object : ccrm::calls::ParseS3Notification(value)) {
        if (auto analysis = ccrm::calls::AnalysisOfKey(object.key)) {
          FUZZ_CHECK(object.key.find(analysis->contact_id) != std::string::npos,
                     "an analysis's contact comes from its key");
        }
        if (auto contact = ccrm::calls::ContactOfRecordingKey(object.key)) {
          FUZZ_CHECK(!contact->empty() && object.key.find(*contact) != std::string::npos,
                     "a recording's contact comes from its key");
          CheckUpdate(ccrm::calls::RecordingUpdate(*contact, object));
        }
      }
    } catch (const ccrm::ProblemException& e) {
      FUZZ_CHECK(e.problem().status == 400, "a bad notification is a 400");
    }
  }
  return 0;
}
