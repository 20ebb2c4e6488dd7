#include "calls/connect_records.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "common/clock.hpp"
#include "common/json_parse.hpp"
#include "common/phone_number.hpp"
#include "common/problem.hpp"

namespace ccrm::calls {
namespace {

[[noreturn]] void Refuse(std::string field, std::string message) {
  throw ProblemException(Problem::Validation({{std::move(field), std::move(message)}}));
}

bool EqualsCi(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::optional<std::string> StringCi(const Json& object, std::string_view key) {
  const Json* value = MemberCi(object, key);
  if (value == nullptr || !value->is_string() || value->get_ref<const std::string&>().empty()) {
    return std::nullopt;
  }
  return value->get<std::string>();
}

// A timestamp as ccrm stores them (RFC 3339 UTC with milliseconds); nullopt when absent or not
// one (a field "may be null": a bad one is dropped rather than failing the whole record).
std::optional<std::string> TimeCi(const Json& object, std::string_view key) {
  const std::optional<std::string> text = StringCi(object, key);
  if (!text) return std::nullopt;
  const auto time = ParseRfc3339(*text);
  if (!time) return std::nullopt;
  return FormatRfc3339Millis(*time);
}

std::optional<std::string> DirectionOf(const std::optional<std::string>& method) {
  if (!method) return std::nullopt;
  for (const char* outbound : {"OUTBOUND", "EXTERNAL_OUTBOUND", "CALLBACK", "API"}) {
    if (EqualsCi(*method, outbound)) return "outbound";
  }
  return "inbound";
}

bool IsVoice(const Json& object) {
  const std::optional<std::string> channel = StringCi(object, "channel");
  return !channel || EqualsCi(*channel, "VOICE");
}

// "bucket/key/with/slashes" -> {status, location, bucket, key}.
std::optional<Json> RecordingOf(const Json& ctr) {
  const Json* recording = MemberCi(ctr, "Recording");
  if (recording == nullptr || !recording->is_object()) {
    const Json* all = MemberCi(ctr, "Recordings");
    if (all == nullptr || !all->is_array() || all->empty() || !(*all)[0].is_object()) {
      return std::nullopt;
    }
    recording = &(*all)[0];
  }
  const std::optional<std::string> location = StringCi(*recording, "Location");
  if (!location) return std::nullopt;
  const size_t slash = location->find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == location->size()) return std::nullopt;
  std::string status = StringCi(*recording, "Status").value_or("AVAILABLE");
  std::transform(status.begin(), status.end(), status.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return Json{{"status", status},
              {"location", *location},
              {"bucket", location->substr(0, slash)},
              {"key", location->substr(slash + 1)}};
}

}  // namespace

const Json* MemberCi(const Json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const auto exact = object.find(key);
  if (exact != object.end()) return exact->is_null() ? nullptr : &*exact;
  for (const auto& [name, value] : object.items()) {
    if (EqualsCi(name, key)) return value.is_null() ? nullptr : &value;
  }
  return nullptr;
}

std::optional<ContactUpdate> ParseContactEvent(const Json& event, std::string_view path) {
  const std::string at = std::string(path);
  if (!event.is_object()) Refuse(at, "must be an EventBridge event (a JSON object)");
  const std::optional<std::string> source = StringCi(event, "source");
  const std::optional<std::string> type = StringCi(event, "detail-type");
  if (!source || *source != "aws.connect") Refuse(at + "source", "must be aws.connect");
  if (!type || *type != "Amazon Connect Contact Event") {
    Refuse(at + "detail-type", "must be Amazon Connect Contact Event");
  }
  const Json* detail = MemberCi(event, "detail");
  if (detail == nullptr || !detail->is_object()) Refuse(at + "detail", "is required (an object)");
  ContactUpdate update;
  update.contact_id = StringCi(*detail, "contactId").value_or("");
  if (update.contact_id.empty() || update.contact_id.size() > 128) {
    Refuse(at + "detail.contactId", "is required (the contact's id)");
  }
  const std::string event_type = StringCi(*detail, "eventType").value_or("");
  static const char* kHandled[] = {"INITIATED",       "CONNECTED_TO_SYSTEM", "QUEUED",
                                   "CONNECTED_TO_AGENT", "DISCONNECTED",     "COMPLETED",
                                   "CONTACT_DATA_UPDATED"};
  const bool handled = std::any_of(std::begin(kHandled), std::end(kHandled),
                                   [&](const char* t) { return EqualsCi(event_type, t); });
  if (!handled || !IsVoice(*detail)) return std::nullopt;
  update.direction = DirectionOf(StringCi(*detail, "initiationMethod"));
  update.started_at = TimeCi(*detail, "initiationTimestamp");
  if (!update.started_at) {
    update.started_at = TimeCi(event, "time");
    update.started_at_is_event_time = update.started_at.has_value();
  }
  if (const Json* agent = MemberCi(*detail, "agentInfo"); agent && agent->is_object()) {
    update.connected_at = TimeCi(*agent, "connectedToAgentTimestamp");
  }
  update.ended_at = TimeCi(*detail, "disconnectTimestamp");
  if (const Json* queue = MemberCi(*detail, "queueInfo"); queue && queue->is_object()) {
    update.queue = StringCi(*queue, "queueArn");
  }
  update.initial_contact_id = StringCi(*detail, "initialContactId");
  update.previous_contact_id = StringCi(*detail, "previousContactId");
  return update;
}

std::optional<ContactUpdate> ParseContactTraceRecord(const Json& record, std::string_view path,
                                                     std::string_view default_region) {
  const std::string at = std::string(path);
  if (!record.is_object()) Refuse(at, "must be a contact trace record (a JSON object)");
  ContactUpdate update;
  update.from_ctr = true;
  update.contact_id = StringCi(record, "ContactId").value_or("");
  if (update.contact_id.empty() || update.contact_id.size() > 128) {
    Refuse(at + "ContactId", "is required (the contact's id)");
  }
  update.last_update = TimeCi(record, "LastUpdateTimestamp").value_or("");
  if (update.last_update.empty()) {
    Refuse(at + "LastUpdateTimestamp", "is required (an RFC 3339 time): the newest record wins");
  }
  if (!IsVoice(record)) return std::nullopt;
  update.direction = DirectionOf(StringCi(record, "InitiationMethod"));
  if (const Json* customer = MemberCi(record, "CustomerEndpoint"); customer && customer->is_object()) {
    if (const auto address = StringCi(*customer, "Address")) {
      update.customer_number = NormalizeToE164(*address, default_region);
    }
  }
  update.started_at = TimeCi(record, "InitiationTimestamp");
  update.ended_at = TimeCi(record, "DisconnectTimestamp");
  if (const Json* agent = MemberCi(record, "Agent"); agent && agent->is_object()) {
    update.agent = StringCi(*agent, "Username");
    update.connected_at = TimeCi(*agent, "ConnectedToAgentTimestamp");
  }
  if (const Json* queue = MemberCi(record, "Queue"); queue && queue->is_object()) {
    update.queue = StringCi(*queue, "Name");
  }
  update.disconnect_reason = StringCi(record, "DisconnectReason");
  if (const Json* attributes = MemberCi(record, "Attributes"); attributes && attributes->is_object()) {
    Json kept = Json::object();
    for (const auto& [name, value] : attributes->items()) {
      if (value.is_string() && name.size() <= 128 && value.get_ref<const std::string&>().size() <= 1024 &&
          kept.size() < 100) {
        kept[name] = value;
      }
    }
    update.attributes = std::move(kept);
  }
  update.recording = RecordingOf(record);
  update.initial_contact_id = StringCi(record, "InitialContactId");
  update.previous_contact_id = StringCi(record, "PreviousContactId");
  update.next_contact_id = StringCi(record, "NextContactId");
  return update;
}

std::vector<CreatedObject> ParseS3Notification(const Json& body) {
  if (!body.is_object()) Refuse("", "must be an S3 event notification (a JSON object)");
  std::vector<CreatedObject> created;
  const Json* records = MemberCi(body, "Records");
  if (records == nullptr) {
    // The message S3 sends when notifications are set up.
    if (StringCi(body, "Event") == "s3:TestEvent") return created;
    Refuse("Records", "is required (or Event: s3:TestEvent)");
  }
  if (!records->is_array()) Refuse("Records", "must be an array");
  for (size_t i = 0; i < records->size(); ++i) {
    const Json& record = (*records)[i];
    const std::string at = fmt::format("Records[{}].", i);
    if (!record.is_object()) Refuse(at, "must be an object");
    const std::string event = StringCi(record, "eventName").value_or("");
    if (!event.starts_with("ObjectCreated:")) continue;
    const Json* s3 = MemberCi(record, "s3");
    const Json* bucket = s3 ? MemberCi(*s3, "bucket") : nullptr;
    const Json* object = s3 ? MemberCi(*s3, "object") : nullptr;
    const auto bucket_name = bucket ? StringCi(*bucket, "name") : std::nullopt;
    const auto raw_key = object ? StringCi(*object, "key") : std::nullopt;
    if (!bucket_name) Refuse(at + "s3.bucket.name", "is required");
    if (!raw_key) Refuse(at + "s3.object.key", "is required");
    // Form-URL-encoded, as S3 sends keys: '+' is a space, %XX a byte.
    std::string key;
    for (size_t j = 0; j < raw_key->size(); ++j) {
      const char c = (*raw_key)[j];
      if (c == '+') {
        key.push_back(' ');
      } else if (c == '%' && j + 2 < raw_key->size() && std::isxdigit(static_cast<unsigned char>((*raw_key)[j + 1])) &&
                 std::isxdigit(static_cast<unsigned char>((*raw_key)[j + 2]))) {
        key.push_back(static_cast<char>(std::stoi(raw_key->substr(j + 1, 2), nullptr, 16)));
        j += 2;
      } else {
        key.push_back(c);
      }
    }
    CreatedObject created_object{.bucket = *bucket_name, .key = std::move(key), .size = 0};
    if (const Json* size = object ? MemberCi(*object, "size") : nullptr;
        size && size->is_number_integer()) {
      created_object.size = size->get<int64_t>();
    }
    created.push_back(std::move(created_object));
  }
  return created;
}

std::optional<ContactUpdate> ContactOfFlowEvent(const Json& event, std::string_view default_region) {
  const Json* details = event.is_object() ? MemberCi(event, "Details") : nullptr;
  const Json* contact = details && details->is_object() ? MemberCi(*details, "ContactData") : nullptr;
  if (contact == nullptr || !contact->is_object()) return std::nullopt;
  ContactUpdate update;
  update.contact_id = StringCi(*contact, "ContactId").value_or("");
  if (update.contact_id.empty() || update.contact_id.size() > 128) return std::nullopt;
  const Json* customer = MemberCi(*contact, "CustomerEndpoint");
  if (customer == nullptr || !customer->is_object()) return std::nullopt;
  if (const auto address = StringCi(*customer, "Address")) {
    update.customer_number = NormalizeToE164(*address, default_region);
  }
  if (!update.customer_number || !IsVoice(*contact)) return std::nullopt;
  update.direction = DirectionOf(StringCi(*contact, "InitiationMethod"));
  update.initial_contact_id = StringCi(*contact, "InitialContactId");
  return update;
}

std::optional<std::string> ContactOfRecordingKey(std::string_view key) {
  const size_t folder = key.find("CallRecordings/");
  if (folder == std::string_view::npos || (folder > 0 && key[folder - 1] != '/')) return std::nullopt;
  const size_t slash = key.rfind('/');
  const std::string_view name = key.substr(slash + 1);
  const size_t underscore = name.find('_');
  if (underscore == std::string_view::npos || underscore == 0 || underscore > 128) return std::nullopt;
  if (name.size() < 4 || !EqualsCi(name.substr(name.size() - 4), ".wav")) return std::nullopt;
  const std::string_view contact = name.substr(0, underscore);
  for (const char c : contact) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return std::nullopt;
  }
  return std::string(contact);
}

ContactUpdate RecordingUpdate(const std::string& contact_id, const CreatedObject& object) {
  ContactUpdate update;
  update.contact_id = contact_id;
  update.recording = Json{{"status", "available"},
                          {"location", object.bucket + "/" + object.key},
                          {"bucket", object.bucket},
                          {"key", object.key}};
  if (object.size > 0) (*update.recording)["sizeBytes"] = object.size;
  return update;
}

std::vector<Json> SplitJsonValues(std::string_view body) {
  std::vector<Json> values;
  size_t at = 0;
  while (true) {
    while (at < body.size() && std::isspace(static_cast<unsigned char>(body[at]))) ++at;
    if (at >= body.size()) break;
    // One value: from here to the end of its outermost brackets (strings skipped).
    size_t end = at;
    int depth = 0;
    bool in_string = false;
    for (; end < body.size(); ++end) {
      const char c = body[end];
      if (in_string) {
        if (c == '\\') {
          ++end;
        } else if (c == '"') {
          in_string = false;
        }
      } else if (c == '"') {
        in_string = true;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (--depth == 0) {
          ++end;
          break;
        }
      } else if (depth == 0) {
        throw ProblemException(Problem::BadRequest(
            fmt::format("The body is not JSON objects or arrays (at byte {}).", end)));
      }
    }
    // Nesting bounded before anything is built, like every other body from outside.
    std::optional<Json> parsed = TryParseOutsideJson(body.substr(at, end - at));
    if (!parsed) {
      throw ProblemException(Problem::BadRequest(fmt::format(
          "The JSON value at byte {} does not parse (or nests deeper than {}).", at, kMaxJsonDepth)));
    }
    Json value = std::move(*parsed);
    if (value.is_array()) {
      for (Json& item : value) values.push_back(std::move(item));
    } else {
      values.push_back(std::move(value));
    }
    at = end;
  }
  return values;
}

}  // namespace ccrm::calls
