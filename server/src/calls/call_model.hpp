// A call with a lead's customer: its stored shape, directions and dispositions, and the checks
// on what a client may send (a call logged by hand, a change to one).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/json.hpp"

namespace ccrm::calls {

inline constexpr const char* kCallsTable = "calls";
inline constexpr const char* kByLeadIndex = "byLead";        // leadId, startedKey
inline constexpr const char* kByStartedIndex = "byStarted";  // listKind ("call"), startedKey
inline constexpr const char* kRecordingsBucket = "recordings";
inline constexpr const char* kContactsTable = "call_contacts";  // contactId -> callId
inline constexpr const char* kTranscriptsTable = "call_transcripts";  // callId -> transcript
inline constexpr const char* kDeliveriesTable = "call_deliveries";  // Firehose request ids taken

// no_answer, voicemail, callback, interested, not_interested, appointment_set, wrong_number, other.
const std::vector<std::string>& Dispositions();

// The body of POST /calls, checked and normalized: direction (inbound | outbound),
// customerNumber (any everyday shape; stored E.164), startedAt (RFC 3339; UTC), and optional
// leadId, connectedAt, endedAt, durationSeconds (0..86400; from the times when absent),
// disposition, notes (up to 5,000 characters), callbackAt, queue. Throws ProblemException 400
// naming every field at fault.
Json ParseNewCall(const Json& body, std::string_view default_region);

// PATCH /calls/{id}: disposition, notes, callbackAt (null clears it), leadId. 400 naming what
// is wrong.
Json ParseCallPatch(const Json& body);

// "startedAt#id": the sort key of the listings (newest first when read backwards).
std::string StartedKey(const Json& call);

// The public form of a stored call.
Json PublicCall(const Json& item);

}  // namespace ccrm::calls
