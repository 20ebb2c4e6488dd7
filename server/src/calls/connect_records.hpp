// Amazon Connect's contact events (EventBridge) and contact trace records (CTRs), read into one
// neutral shape: what a delivery says about a contact. Keys are read case-insensitively (AWS's
// own samples differ in case); unknown members are ignored; missing optional ones tolerated.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.hpp"

namespace ccrm::calls {

struct ContactUpdate {
  std::string contact_id;
  bool from_ctr = false;
  std::string last_update;  // a CTR's LastUpdateTimestamp (RFC 3339 UTC ms); events: empty
  std::optional<std::string> direction;        // inbound | outbound
  std::optional<std::string> customer_number;  // E.164
  std::optional<std::string> started_at;       // RFC 3339 UTC ms
  bool started_at_is_event_time = false;       // no initiation time: the envelope's time stands in
  std::optional<std::string> connected_at;
  std::optional<std::string> ended_at;
  std::optional<std::string> agent;  // the agent's username (CTRs) or ARN (events)
  std::optional<std::string> queue;
  std::optional<std::string> disconnect_reason;
  std::optional<Json> attributes;  // string -> string
  std::optional<Json> recording;   // {status, location, bucket, key}
  std::optional<Json> analysis;    // a Contact Lens transcript (ParseContactLensAnalysis)
  std::optional<std::string> initial_contact_id;
  std::optional<std::string> previous_contact_id;
  std::optional<std::string> next_contact_id;
};

// The member `key` of `object`, matched ignoring ASCII case; nullptr when absent or null.
const Json* MemberCi(const Json& object, std::string_view key);

// One EventBridge contact event. nullopt for an event ccrm ignores (another event type, another
// channel than VOICE); ProblemException 400 naming what is wrong for one that is not an Amazon
// Connect contact event or lacks its contact id.
std::optional<ContactUpdate> ParseContactEvent(const Json& event, std::string_view path);

// One CTR; ProblemException 400 naming what is wrong (`path` prefixes the field names).
// nullopt for a contact on another channel than VOICE.
std::optional<ContactUpdate> ParseContactTraceRecord(const Json& record, std::string_view path,
                                                     std::string_view default_region);

// What a contact flow's lookup event (`Name: ContactFlowEvent`) says of its contact: the contact
// id and the caller's number (E.164), and the direction; nullopt when it names no contact id or
// no number. Never throws: a flow's lookup must answer whatever it is sent.
std::optional<ContactUpdate> ContactOfFlowEvent(const Json& event, std::string_view default_region);

// An object created in a bucket, as an S3 event notification (or the embedded store's trigger)
// reports it.
struct CreatedObject {
  std::string bucket;
  std::string key;  // decoded
  int64_t size = 0;
};

// The objects an S3 event notification reports created (`Records[]` with an `ObjectCreated:*`
// eventName; keys form-URL-decoded as S3 sends them). The s3:TestEvent and other event names
// yield none. ProblemException 400 naming what is wrong for what is not a notification.
std::vector<CreatedObject> ParseS3Notification(const Json& body);

// The contact a recording belongs to, from Connect's key layout
// (`…/CallRecordings/YYYY/MM/DD/<contactId>_<timestamp>….wav`); nullopt for any other key.
std::optional<std::string> ContactOfRecordingKey(std::string_view key);

// The update a recording makes to its contact's call (status available, where it is, its size).
ContactUpdate RecordingUpdate(const std::string& contact_id, const CreatedObject& object);

// The JSON values of a body that holds one value, an array of them, or several values
// newline-delimited or simply concatenated (as Kinesis Data Firehose writes them). Throws
// ProblemException 400 (naming the offset) when a value does not parse.
std::vector<Json> SplitJsonValues(std::string_view body);

}  // namespace ccrm::calls
