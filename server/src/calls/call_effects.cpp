#include "calls/call_effects.hpp"

#include "audit/audit_changes.hpp"
#include "calls/call_model.hpp"
#include "common/ids.hpp"
#include "common/problem.hpp"

namespace ccrm::calls {
namespace {

constexpr size_t kMaxDeadlines = 100;  // the lead's own limit

[[noreturn]] void Fail(Problem problem) { throw ProblemException(std::move(problem)); }

}  // namespace

std::string Str(const Json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The lead's timeline entry for a call.
Json CallEntry(const Json& call, std::string_view event, Json changes) {
  Json entry = {{"type", "call"},
                {"event", event},
                {"callId", call.at("id")},
                {"direction", call.value("direction", "")},
                {"customerNumber", call.value("customerNumber", "")},
                {"startedAt", call.value("startedAt", "")}};
  for (const char* key : {"disposition", "durationSeconds", "agent", "notes"}) {
    if (call.contains(key)) entry[key] = call[key];
  }
  if (!changes.is_null() && !changes.empty()) entry["changes"] = std::move(changes);
  return entry;
}

// What the audit record keeps of a call: everything but the bookkeeping.
Json Auditable(const Json& call) {
  Json copy = PublicCall(call);
  for (const char* key : {"version", "updatedAt", "createdAt"}) copy.erase(key);
  return copy;
}

// The lead changes a disposition makes: when the call's disposition became `disposition`, and,
// for a callback, when its time moved (the follow-up deadline it made moves with it, unless
// someone completed or removed it).
void ApplyDisposition(const Json& call, const Json* before, Json& lead, std::vector<Json>& activity) {
  const std::string disposition = Str(call, "disposition");
  const std::string previous = before ? Str(*before, "disposition") : "";
  if (disposition == "callback" && previous == "callback") {
    const std::string due = Str(call, "callbackAt");
    if (!before || due == Str(*before, "callbackAt")) return;
    Json& deadlines = lead["deadlines"];
    if (!deadlines.is_array()) return;
    for (Json& deadline : deadlines) {
      if (Str(deadline, "id") != Str(call, "callbackDeadlineId") || deadline.contains("doneAt")) continue;
      const Json old = deadline;
      deadline["dueAt"] = due;
      activity.push_back({{"type", "deadline"},
                          {"action", "updated"},
                          {"deadline", deadline},
                          {"changes", audit::Diff(old, deadline)}});
    }
    return;
  }
  if (disposition.empty() || disposition == previous) return;
  if (disposition == "callback") {
    Json& deadlines = lead["deadlines"];
    if (!deadlines.is_array()) deadlines = Json::array();
    if (deadlines.size() >= kMaxDeadlines) {
      Fail(Problem::Conflict("The lead holds 100 deadlines already: no follow-up can be added."));
    }
    Json deadline = {{"id", call.value("callbackDeadlineId", NewId("dl"))},
                     {"kind", "follow_up"},
                     {"dueAt", call.at("callbackAt")},
                     {"note", "Call back " + Str(call, "customerNumber")}};
    deadlines.push_back(deadline);
    activity.push_back({{"type", "deadline"}, {"action", "added"}, {"deadline", deadline}});
  } else if (disposition == "appointment_set") {
    const std::string status = Str(lead, "status");
    if (status == "new" || status == "contacted" || status == "qualified") {
      lead["status"] = "inspection_scheduled";
    }
  } else if (disposition == "wrong_number") {
    Json& phones = lead["phones"];
    if (!phones.is_array()) return;
    for (Json& phone : phones) {
      if (Str(phone, "e164") == Str(call, "customerNumber")) phone["wrongNumber"] = true;
    }
  }
}

// A call that becomes a callback names the follow-up deadline it makes (decided before the
// commit, so the call's own write carries it).
void NameCallbackDeadline(Json& call, const Json* before) {
  const bool became_callback = Str(call, "disposition") == "callback" &&
                               (!before || Str(*before, "disposition") != "callback");
  if (became_callback) call["callbackDeadlineId"] = NewId("dl");
}

}  // namespace ccrm::calls
