#include "auth/record_access.hpp"

#include <algorithm>

#include "common/problem.hpp"

namespace ccrm::auth {
namespace {

// An id that no record is ever assigned to: ids are "<prefix>_<ulid>".
constexpr std::string_view kNobody = "-";

bool SeesEverything(const Principal& who) {
  if (!who.authenticated()) return false;
  if (who.is_api_key) return !who.groups.empty();
  return InGroup(who, kGroupAdmin) || InGroup(who, kGroupManager);
}

}  // namespace

bool InGroup(const Principal& who, std::string_view group) {
  if (who.is_api_key) return false;
  return std::find(who.groups.begin(), who.groups.end(), group) != who.groups.end();
}

bool CanSeeRecord(const Principal& who, std::string_view assigned_to) {
  if (SeesEverything(who)) return true;
  if (!who.authenticated() || who.is_api_key || !InGroup(who, kGroupAgent)) return false;
  return !assigned_to.empty() && assigned_to == who.id;
}

void RequireVisible(const Principal& who, std::string_view assigned_to) {
  if (!CanSeeRecord(who, assigned_to)) throw ProblemException(Problem::NotFound());
}

AssigneeFilter AssigneeFilterFor(const Principal& who) {
  if (SeesEverything(who)) return {.unrestricted = true, .assignee = {}};
  if (who.authenticated() && !who.is_api_key && InGroup(who, kGroupAgent)) {
    return {.unrestricted = false, .assignee = who.id};
  }
  return {.unrestricted = false, .assignee = {}};
}

std::optional<std::string> AssigneeRestrictionFor(const Principal& who) {
  const AssigneeFilter filter = AssigneeFilterFor(who);
  if (filter.unrestricted) return std::nullopt;
  if (filter.Nothing()) return std::string(kNobody);
  return filter.assignee;
}

}  // namespace ccrm::auth
