#include "leads/lead_export.hpp"

#include "common/csv_writer.hpp"

namespace ccrm::leads {

LeadExporter::LeadExporter(std::shared_ptr<LeadQueries> queries, LeadListQuery query,
                           LeadCaller caller, UsernameForUserId username_for,
                           std::vector<std::string> ids)
    : queries_(std::move(queries)),
      query_(std::move(query)),
      ids_(std::move(ids)),
      caller_(std::move(caller)),
      username_for_(std::move(username_for)) {
  query_.cursor.clear();
  if (!query_.q.empty()) query_.sort = "relevance";
}

bool LeadExporter::Next(std::string& out) {
  if (done_) return false;
  CsvWriter writer(out);
  if (!header_written_) {
    // The header goes with the first page, so a query the list refuses fails on the first
    // call, before the gateway has sent a status line.
    header_written_ = true;
    std::vector<std::string_view> header(LeadCsvColumns().begin(), LeadCsvColumns().end());
    writer.WriteRecord(std::span<const std::string_view>(header));
  }
  LeadPage page = ids_.empty() ? queries_->List(query_, caller_) : queries_->ByIds(ids_, caller_);
  if (!recorded_) {  // once the query proved good, before any lead leaves
    recorded_ = true;
    queries_->RecordExport(query_, ids_.size(), caller_);
  }
  // Usernames are looked up once per export, not once per row.
  const UsernameForUserId cached = [this](std::string_view id) -> std::optional<std::string> {
    const std::string key(id);
    auto it = usernames_.find(key);
    if (it == usernames_.end()) it = usernames_.emplace(key, username_for_(id)).first;
    return it->second;
  };
  std::optional<std::string> next_cursor = std::move(page.next_cursor);
  // A search's snapshots parsed, else the items, moved out of the page.
  for (const Json& lead : std::move(page).Leads()) {
    const std::vector<std::string> cells = LeadToCsvRow(lead, cached);
    writer.WriteRecord(std::span<const std::string>(cells));
    ++rows_;
  }
  if (!next_cursor || !ids_.empty()) {
    done_ = true;
  } else {
    query_.cursor = *next_cursor;
  }
  return !done_;
}

}  // namespace ccrm::leads
