// Reading leads in bulk: lists with filters and sorts served by an index, ranked full-text
// search, the phone lookup of a screen pop, a lead's timeline and deadlines across leads. Every
// one applies the record-level rule in storage (an agent's queries name their own id), and
// re-checks each lead it returns.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/json.hpp"
#include "leads/lead_repository.hpp"
#include "leads/lead_service.hpp"
#include "leads/phone_query.hpp"

namespace ccrm::leads {

struct LeadListQuery {
  std::string q;  // full text; ranked when set
  std::string status;
  std::string assigned_to;  // a user id
  std::string loss_type;
  std::string tag;
  std::string updated_since;  // RFC 3339, normalized
  std::string sort;           // updatedAt | -updatedAt (default) | createdAt | -createdAt
  int limit = 50;
  std::string cursor;
};

// {items, nextCursor}
struct LeadPage {
  Json items = Json::array();  // read through Leads(): a search page leaves it empty
  // Search results (q) come as snapshots instead, items staying empty: the reply is assembled
  // from their bytes (Serialize). Leads() has them either way.
  std::vector<LeadSnapshotPtr> snapshots;
  std::optional<std::string> next_cursor;

  Json Leads() const&;
  Json Leads() &&;  // the same, moving the items out (no copy of a list page)
  Json ToJson() const;            // {"items": Leads(), "nextCursor": …}
  std::string Serialize() const;  // the same, serialized
};

class LeadQueries {
 public:
  LeadQueries(std::shared_ptr<LeadRepository> repository, std::shared_ptr<LeadService> service,
              std::string default_region, ClockPtr clock);

  // Validates the query (400 naming the parameter) and pages through it. A page may hold fewer
  // than `limit` leads and still carry a cursor when filters had to skip many.
  LeadPage List(const LeadListQuery& query, const LeadCaller& caller) const;
  // The live leads of `ids` the caller may see, in that order (a selection to export); at most
  // kMaxIds ids, each at most once (a 400 otherwise).
  LeadPage ByIds(const std::vector<std::string>& ids, const LeadCaller& caller) const;
  static constexpr size_t kMaxIds = 200;
  // Live leads the caller may see with a phone whose E.164 equals that of `phone` (any format).
  LeadPage LookupByPhone(const std::string& phone, const LeadCaller& caller) const;
  // The audit record of an export ("lead.export": who, from where, the filter or how many
  // ids): the whole book of business can leave in one request, so that one is on the trail.
  void RecordExport(const LeadListQuery& query, size_t ids, const LeadCaller& caller) const;
  // The lead's timeline, newest first.
  LeadPage Activity(const std::string& lead_id, int limit, const std::string& cursor,
                    const LeadCaller& caller) const;
  // Open deadlines across leads, soonest first: due = overdue | today | week (today through the
  // next 6 days); "today" in the caller's UTC offset (minutes east of UTC).
  LeadPage Deadlines(const std::string& due, const std::string& assigned_to, int utc_offset_minutes,
                     int limit, const std::string& cursor, const LeadCaller& caller) const;

  // Limits of one request's reading when filters skip leads.
  static constexpr int kMaxScanned = 5000;

 private:
  LeadPage Search(const LeadListQuery& query, const std::string& assignee,
                  const LeadCaller& caller) const;
  LeadPage Scan(const LeadListQuery& query, const std::string& assignee,
                const LeadCaller& caller) const;

  std::shared_ptr<LeadRepository> repository_;
  std::shared_ptr<LeadService> service_;
  std::string default_region_;
  ClockPtr clock_;
};

}  // namespace ccrm::leads
