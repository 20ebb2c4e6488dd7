#include "audit/audit_routes.hpp"

#include <charconv>

#include "common/clock.hpp"
#include "common/problem.hpp"

namespace ccrm::audit {
namespace {

std::optional<std::chrono::system_clock::time_point> ParseTime(std::string text) {
  // An unencoded '+' of an offset ("…+02:00") arrives as a space in a query string; the
  // intent is unambiguous, so accept it rather than answer a puzzling 400.
  if (const size_t t = text.find_first_of("Tt"); t != std::string::npos) {
    for (size_t i = t; i < text.size(); ++i) {
      if (text[i] == ' ') text[i] = '+';
    }
  }
  return ParseRfc3339(text);
}

}  // namespace

AuditFilter ParseAuditFilter(const gateway::Request& request) {
  AuditFilter filter;
  std::vector<FieldError> errors;
  filter.entity = request.Query("entity").value_or("");
  filter.entity_id = request.Query("entityId").value_or("");
  filter.actor = request.Query("actor").value_or("");
  filter.action = request.Query("action").value_or("");
  if (const auto limit = request.Query("limit")) {
    int value = 0;
    const char* end = limit->data() + limit->size();
    const auto [ptr, ec] = std::from_chars(limit->data(), end, value);
    if (ec != std::errc() || ptr != end || value < 1 || value > kMaxListLimit) {
      errors.push_back({"limit", "must be between 1 and " + std::to_string(kMaxListLimit)});
    } else {
      filter.limit = value;
    }
  }
  for (const char* name : {"from", "to"}) {
    const auto text = request.Query(name);
    if (!text) continue;
    const auto time = ParseTime(*text);
    if (!time) {
      errors.push_back({name, "must be an RFC 3339 date-time, e.g. 2026-01-31T09:00:00Z"});
    } else {
      (std::string_view(name) == "from" ? filter.from : filter.to) = *time;
    }
  }
  if (filter.from && filter.to && *filter.from > *filter.to) {
    errors.push_back({"from", "must not be after to"});
  }
  if (const auto cursor = request.Query("cursor"); cursor && !cursor->empty()) {
    if (!DecodeAuditCursor(*cursor)) {
      errors.push_back({"cursor", "is not a cursor this endpoint returned"});
    } else {
      filter.cursor = *cursor;
    }
  }
  if (!errors.empty()) throw ProblemException(Problem::Validation(std::move(errors)));
  return filter;
}

void AddAuditRoutes(gateway::Router& router, std::shared_ptr<AuditLog> audit) {
  router.Add(
      "GET", "/api/v1/audit",
      [audit](gateway::Request& request) {
        const auto page = audit->List(ParseAuditFilter(request));
        Json body = {{"items", page.items}, {"nextCursor", nullptr}};
        if (page.next_cursor) body["nextCursor"] = *page.next_cursor;
        return gateway::Response::WithJson(200, body);
      },
      {.offload = true, .access = gateway::Access::Users({"admin"})});
}

}  // namespace ccrm::audit
