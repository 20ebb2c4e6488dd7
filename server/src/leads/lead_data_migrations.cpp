#include "leads/lead_data_migrations.hpp"

#include <vector>

#include "leads/lead_tables.hpp"

namespace ccrm::leads {
namespace {

using storage::Condition;
using storage::WriteAction;

constexpr int64_t kReportEvery = 100'000;

// Gives every live lead the attributes LeadToItem derives today, keeping its version (the
// public lead is unchanged, so caches, the search index and the audit trail are untouched).
// A lead written meanwhile fails its version condition: its writer stored it whole already.
int64_t RederiveLiveLeads(storage::RecordStore& records,
                          const std::function<void(int64_t)>& progress) {
  storage::QueryRequest request{.table = kLeadsTable,
                                .index = "byLiveUpdated",
                                .partition = "1",
                                .limit = storage::RecordStore::kMaxQueryLimit};
  const size_t batch = static_cast<size_t>(records.MaxTransactItems());
  int64_t rewritten = 0;
  int64_t next_report = kReportEvery;
  std::vector<WriteAction> actions;
  const auto flush = [&] {
    if (actions.empty()) return;
    if (!records.TransactWrite(actions).committed) {
      for (const WriteAction& action : actions) {
        (void)records.Put(action.table, action.item, action.condition);
      }
    }
    rewritten += static_cast<int64_t>(actions.size());
    actions.clear();
    if (progress && rewritten >= next_report) {
      progress(rewritten);
      next_report += kReportEvery;
    }
  };
  for (;;) {
    storage::QueryResult page = records.Query(request);
    for (Json& item : page.items) {
      Json derived = LeadToItem(LeadFromItem(item));
      if (derived == item) continue;
      const int64_t version = item.value("version", int64_t{0});
      actions.push_back(WriteAction::Put(kLeadsTable, std::move(derived),
                                         Condition::VersionEquals(version)));
      if (actions.size() >= batch) flush();
    }
    if (!page.next_cursor) break;
    request.cursor = *page.next_cursor;
  }
  flush();
  if (progress && rewritten > 0 && rewritten != next_report - kReportEvery) progress(rewritten);
  return rewritten;
}

struct Migration {
  const char* name;
  std::function<int64_t(storage::RecordStore&, const std::function<void(int64_t)>&)> run;
};

}  // namespace

void MigrateStoredLeads(storage::RecordStore& records,
                        const std::function<void(const std::string&)>& progress) {
  const std::vector<Migration> migrations = {
      // _assigneeStatus, for byAssigneeStatusUpdated (added in December 2026).
      {"assignee-status-index", RederiveLiveLeads},
      // _statusLoss, for byStatusLossUpdated (added in December 2026, issue 16).
      {"status-loss-index", RederiveLiveLeads},
  };
  for (const Migration& migration : migrations) {
    if (records.Get(kLeadMigrationsTable, {migration.name, ""})) continue;
    const auto report = [&](int64_t n) {
      if (progress) progress(std::string(migration.name) + ": " + std::to_string(n) + " leads");
    };
    migration.run(records, report);
    (void)records.Put(kLeadMigrationsTable, {{"name", migration.name}}, Condition::None());
  }
}

}  // namespace ccrm::leads
