// Where leads live in the RecordStore: the tables, their indexes, and the internal attributes a
// stored lead carries beside its public fields so that lists can be served by an index.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/json.hpp"
#include "storage/record_store.hpp"

namespace ccrm::leads {

// Leads by "id". Internal attributes (never in a reply) feed the sparse indexes; a deleted
// lead has none of them, so it drops out of every list at once:
//   _live     "1" while not deleted          byLiveUpdated / byLiveCreated
//   _assignee assignedTo while not deleted   byAssigneeUpdated / byAssigneeCreated
//   _status   status while not deleted       byStatusUpdated / byStatusCreated
//   _assigneeStatus "assignedTo|status" while not deleted and assigned
//                                            byAssigneeStatusUpdated (an agent's board column,
//                                            and their dashboard's counts by status)
inline constexpr const char* kLeadsTable = "leads";
// The timeline: partition "leadId", sort "id" (act_ ULIDs, so newest last).
inline constexpr const char* kActivityTable = "lead_activity";
// Phone numbers and emails pointing at leads: partition "key" ("p:+15552010100",
// "e:ann@example.com"), sort "leadId". Serves the screen-pop lookup and import duplicates.
inline constexpr const char* kContactsTable = "lead_contacts";
// Open deadlines of live leads, by "id" (dl_ ULIDs), with indexes on due time overall
// (byDue: "_open", "dueAt") and per assignee (byAssigneeDue: "_assignee", "dueAt").
inline constexpr const char* kDeadlinesTable = "lead_deadlines";
// The search outbox of versions before the job queue (partition "stream" = kOutboxStream, sort
// "id", a row per commit naming its leads): only read at start, its rows indexed and removed.
// Commits now enqueue search.index jobs (LeadSearchOutbox).
inline constexpr const char* kSearchOutboxTable = "lead_search_outbox";
inline constexpr const char* kOutboxStream = "pending";

inline constexpr const char* kLiveAttr = "_live";
inline constexpr const char* kAssigneeAttr = "_assignee";
inline constexpr const char* kStatusAttr = "_status";
inline constexpr const char* kAssigneeStatusAttr = "_assigneeStatus";
inline constexpr const char* kStatusLossAttr = "_statusLoss";  // live leads with a loss type

std::vector<storage::TableSchema> LeadTableSchemas();

// The stored item of a public lead: the lead plus the internal attributes.
Json LeadToItem(const Json& lead);
// The public lead of a stored item: internal attributes removed.
Json LeadFromItem(Json item);

// The byAssigneeStatusUpdated partition of an assignee's leads in one status.
std::string AssigneeStatusKey(std::string_view assignee, std::string_view status);
// The byStatusLossUpdated partition of the leads in one status with one loss type.
std::string StatusLossKey(std::string_view status, std::string_view loss_type);

// The lead's assignedTo, "" when unassigned.
std::string AssigneeOf(const Json& lead);

// Contact keys of a lead: "p:<e164>" for each phone, "e:<lower-cased email>".
std::vector<std::string> ContactKeysOf(const Json& lead);
std::string PhoneContactKey(std::string_view e164);
std::string EmailContactKey(std::string_view email);

}  // namespace ccrm::leads
