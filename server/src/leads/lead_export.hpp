// CSV export of leads (GET /leads/export): the list query's leads, a page at a time, as CSV
// with the import's columns, so an export imports back unchanged. Pull-based: the gateway asks
// for the next chunk only when the previous one was sent, so memory stays one page whatever the
// size of the export. Cells that a spreadsheet would run as a formula are neutralised.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include "leads/lead_csv.hpp"
#include "leads/lead_queries.hpp"

namespace ccrm::leads {

class LeadExporter {
 public:
  // `query.limit` is the page size read per chunk; its cursor is ignored. With `ids`, exactly
  // those leads (LeadQueries::ByIds) and the query is not used.
  LeadExporter(std::shared_ptr<LeadQueries> queries, LeadListQuery query, LeadCaller caller,
               UsernameForUserId username_for, std::vector<std::string> ids = {});

  // Appends the next chunk (the header row first) to `out`; false once everything was written.
  // Throws ProblemException for a bad query before anything is written.
  bool Next(std::string& out);

  int64_t rows() const { return rows_; }

 private:
  std::shared_ptr<LeadQueries> queries_;
  LeadListQuery query_;
  std::vector<std::string> ids_;
  LeadCaller caller_;
  UsernameForUserId username_for_;
  std::unordered_map<std::string, std::optional<std::string>> usernames_;  // per export
  bool header_written_ = false;
  bool recorded_ = false;  // the export's audit record
  bool done_ = false;
  int64_t rows_ = 0;
};

}  // namespace ccrm::leads
