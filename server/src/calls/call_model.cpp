#include "calls/call_model.hpp"

#include <algorithm>

#include "common/clock.hpp"
#include "common/phone_number.hpp"
#include "common/problem.hpp"
#include "leads/field_checks.hpp"

namespace ccrm::calls {
namespace {

using leads::FieldErrors;

constexpr int64_t kMaxDurationSeconds = 86400;

void CheckDisposition(Json& body, FieldErrors& errors) {
  if (!body.contains("disposition")) return;
  if (body["disposition"].is_null()) {
    body.erase("disposition");
    return;
  }
  const auto& all = Dispositions();
  if (!body["disposition"].is_string() ||
      std::find(all.begin(), all.end(), body["disposition"].get<std::string>()) == all.end()) {
    errors.Add("disposition", "must be one of no_answer, voicemail, callback, interested, "
                              "not_interested, appointment_set, wrong_number, other");
  }
}

void CheckNotes(Json& body, FieldErrors& errors) {
  leads::CheckText(body, "notes", "notes", {.max_chars = 5000, .multi_line = true}, errors);
}

void CheckLeadId(Json& body, FieldErrors& errors) {
  if (!body.contains("leadId")) return;
  if (body["leadId"].is_null()) {
    errors.Add("leadId", "cannot be removed once set; link the call to another lead instead");
    return;
  }
  if (!body["leadId"].is_string() || body["leadId"].get<std::string>().empty() ||
      body["leadId"].get<std::string>().size() > 64) {
    errors.Add("leadId", "must be a lead's id");
  }
}

[[noreturn]] void Refuse(FieldErrors& errors) {
  throw ProblemException(Problem::Validation(errors.Take()));
}

}  // namespace

const std::vector<std::string>& Dispositions() {
  static const std::vector<std::string> all = {"no_answer",      "voicemail",       "callback",
                                               "interested",     "not_interested", "appointment_set",
                                               "wrong_number",   "other"};
  return all;
}

Json ParseNewCall(const Json& input, std::string_view default_region) {
  FieldErrors errors;
  if (!input.is_object()) {
    errors.Add("", "must be a JSON object");
    Refuse(errors);
  }
  Json body = input;
  leads::RefuseUnknownMembers(body, "",
                              {"leadId", "direction", "customerNumber", "startedAt", "connectedAt",
                               "endedAt", "durationSeconds", "disposition", "notes", "callbackAt",
                               "queue"},
                              errors);
  leads::CheckEnum(body, "direction", "direction", {"inbound", "outbound"}, true, "", errors);
  if (const std::string* number =
          leads::TrimmedString(body, "customerNumber", "customerNumber", true, errors)) {
    const auto e164 = NormalizeToE164(*number, default_region);
    if (e164) {
      body["customerNumber"] = *e164;
    } else {
      errors.Add("customerNumber", "is not a phone number");
    }
  }
  leads::CheckDateTime(body, "startedAt", "startedAt", true, errors);
  leads::CheckDateTime(body, "connectedAt", "connectedAt", false, errors);
  leads::CheckDateTime(body, "endedAt", "endedAt", false, errors);
  leads::CheckDateTime(body, "callbackAt", "callbackAt", false, errors);
  if (body.contains("durationSeconds")) {
    const Json& d = body["durationSeconds"];
    if (!d.is_number_integer() || d.get<int64_t>() < 0 || d.get<int64_t>() > kMaxDurationSeconds) {
      errors.Add("durationSeconds", "must be a whole number of seconds, 0 to 86400");
    }
  }
  CheckDisposition(body, errors);
  CheckNotes(body, errors);
  leads::CheckText(body, "queue", "queue", {.max_chars = 200}, errors);
  CheckLeadId(body, errors);
  if (!errors.empty()) Refuse(errors);
  const auto started = ParseRfc3339(body.value("startedAt", ""));
  if (body.contains("endedAt")) {
    const auto ended = ParseRfc3339(body.value("endedAt", ""));
    if (started && ended && *ended < *started) errors.Add("endedAt", "is before startedAt");
    if (started && ended && !body.contains("durationSeconds") && *ended >= *started) {
      body["durationSeconds"] =
          std::chrono::duration_cast<std::chrono::seconds>(*ended - *started).count();
    }
  }
  if (!errors.empty()) Refuse(errors);
  return body;
}

Json ParseCallPatch(const Json& input) {
  FieldErrors errors;
  if (!input.is_object()) {
    errors.Add("", "must be a JSON object");
    Refuse(errors);
  }
  Json body = input;
  leads::RefuseUnknownMembers(body, "", {"disposition", "notes", "callbackAt", "leadId"}, errors);
  CheckDisposition(body, errors);
  // null or "" clears the notes (as merge patch would), so keep the null through the check.
  const bool clear_notes =
      body.contains("notes") && (body["notes"].is_null() || body["notes"] == "");
  if (clear_notes) {
    body.erase("notes");
  } else {
    CheckNotes(body, errors);
  }
  if (body.contains("callbackAt") && !body["callbackAt"].is_null()) {
    leads::CheckDateTime(body, "callbackAt", "callbackAt", false, errors);
  }
  CheckLeadId(body, errors);
  if (!errors.empty()) Refuse(errors);
  if (clear_notes) body["notes"] = nullptr;
  return body;
}

std::string StartedKey(const Json& call) {
  return call.value("startedAt", "") + "#" + call.value("id", "");
}

Json PublicCall(const Json& item) {
  Json call = item;
  for (const char* key :
       {"listKind", "startedKey", "ctrLastUpdate", "startedAtIsEventTime", "callbackDeadlineId"}) {
    call.erase(key);
  }
  if (!call.contains("leadId")) call["leadId"] = nullptr;
  if (!call.contains("recording")) call["recording"] = nullptr;
  if (!call.contains("attributes")) call["attributes"] = Json::object();
  return call;
}

}  // namespace ccrm::calls
