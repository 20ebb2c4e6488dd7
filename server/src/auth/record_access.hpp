// The record-level rule, in one place: an agent sees only what is assigned to them, and what
// they may not see answers 404 (never 403, so ids do not leak). Leads, documents and calls call it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "gateway/http_types.hpp"

namespace ccrm::auth {

inline constexpr std::string_view kGroupAdmin = "admin";
inline constexpr std::string_view kGroupManager = "manager";
inline constexpr std::string_view kGroupAgent = "agent";

// Whether `who` may see a record assigned to `assigned_to` (a user id; empty = unassigned).
// - admin, manager: every record.
// - agent: only records with assigned_to == who.id (an unassigned record is not theirs).
// - API key: every record, provided the key carries at least one scope. Keys reach only routes
//   that declare a scope (the dispatcher checked it before the handler ran), and the
//   integrations they serve (screen pop, call ingest) must match any lead; a key is never a
//   person, so "assigned to me" means nothing for it.
// - anyone else (anonymous, a user in no known group): nothing.
bool CanSeeRecord(const Principal& who, std::string_view assigned_to);

// Throws ProblemException(Problem::NotFound()) unless CanSeeRecord: call it right after the
// Get, before anything about the record (even its existence) reaches the reply.
void RequireVisible(const Principal& who, std::string_view assigned_to);

// For list and search queries, which must filter in storage rather than drop rows afterwards
// (pages would come back short and counts would leak).
struct AssigneeFilter {
  bool unrestricted = false;  // true: list everything (admin, manager, API key)
  std::string assignee;       // when restricted: the only assignee allowed; empty = nothing
  // True when the caller may list nothing at all (restricted and no assignee).
  bool Nothing() const { return !unrestricted && assignee.empty(); }
};
AssigneeFilter AssigneeFilterFor(const Principal& who);

// nullopt = no restriction; otherwise the only assignee the caller may list. A principal that
// may see nothing gets an id no record carries ("-"), so a careless caller still lists nothing.
std::optional<std::string> AssigneeRestrictionFor(const Principal& who);

// True when `who` is in `group` (for users; API keys carry scopes there, never groups).
bool InGroup(const Principal& who, std::string_view group);

}  // namespace ccrm::auth
