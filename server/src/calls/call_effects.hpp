// What a call writes beside itself: its entry in the lead's timeline, what the audit record
// keeps of it, and the changes its disposition makes to the lead.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/json.hpp"

namespace ccrm::calls {

// The string member `key` of `object`, or "".
std::string Str(const Json& object, const char* key);

// The lead's timeline entry for a call (`type: call`), with `changes` when given.
Json CallEntry(const Json& call, std::string_view event, Json changes = nullptr);

// What the audit record keeps of a call: everything but the bookkeeping.
Json Auditable(const Json& call);

// The lead changes a disposition makes: when the call's disposition changed from `before`'s
// (callback: a follow_up deadline; appointment_set: inspection_scheduled from new, contacted or
// qualified; wrong_number: that phone flagged), and, for a callback, when its time moved (the
// deadline it made moves, unless completed). Entries it makes itself go to `activity`.
void ApplyDisposition(const Json& call, const Json* before, Json& lead, std::vector<Json>& activity);

// A call that becomes a callback names the follow-up deadline it makes (decided before the
// commit, so the call's own write carries it).
void NameCallbackDeadline(Json& call, const Json* before);

}  // namespace ccrm::calls
