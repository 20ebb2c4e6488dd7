#include "calls/firehose_delivery.hpp"

#include <fmt/format.h>

#include "common/base64.hpp"
#include "common/json_parse.hpp"
#include "common/problem.hpp"

namespace ccrm::calls {
namespace {

[[noreturn]] void Refuse(const std::string& field, const std::string& why) {
  throw ProblemException(Problem::Validation({{field, why}}));
}

}  // namespace

FirehoseRequest ParseFirehoseRequest(std::string_view body) {
  const std::optional<Json> parsed = TryParseOutsideJson(body);
  if (!parsed) {
    throw ProblemException(Problem::BadRequest("The body is not a Firehose delivery: not JSON.",
                                               {{"body", "not JSON"}}));
  }
  const Json& json = *parsed;
  if (!json.is_object()) Refuse("body", "must be an object with requestId, timestamp and records");
  FirehoseRequest request;
  const auto id = json.find("requestId");
  if (id == json.end() || !id->is_string() || id->get_ref<const std::string&>().empty()) {
    Refuse("requestId", "must be a non-empty string");
  }
  request.request_id = id->get<std::string>();
  if (const auto timestamp = json.find("timestamp"); timestamp != json.end()) {
    if (!timestamp->is_number_integer()) Refuse("timestamp", "must be milliseconds since the epoch");
    request.timestamp = timestamp->get<int64_t>();
  }
  const auto records = json.find("records");
  if (records == json.end() || !records->is_array()) Refuse("records", "must be an array");
  if (records->size() > kFirehoseMaxRecords) {
    Refuse("records", fmt::format("holds more than {} records", kFirehoseMaxRecords));
  }
  request.records.reserve(records->size());
  for (size_t i = 0; i < records->size(); ++i) {
    const Json& record = (*records)[i];
    const std::string field = fmt::format("records[{}].data", i);
    const Json* data = record.is_object() && record.contains("data") ? &record["data"] : nullptr;
    if (!data || !data->is_string()) Refuse(field, "must be a base64 string");
    std::optional<std::string> decoded = Base64Decode(data->get_ref<const std::string&>());
    if (!decoded) Refuse(field, "is not base64");
    request.records.push_back(std::move(*decoded));
  }
  return request;
}

std::string FirehoseReplyBody(std::string_view request_id, int64_t now_ms,
                              std::string_view error_message) {
  Json reply{{"requestId", request_id}, {"timestamp", now_ms}};
  if (!error_message.empty()) reply["errorMessage"] = error_message;
  // A request id is the client's text; invalid UTF-8 in it is replaced, not a reason to fail.
  return reply.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace ccrm::calls
