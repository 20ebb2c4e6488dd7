#include "leads/lead_import.hpp"

#include <pthread.h>

#include <algorithm>
#include <deque>
#include <future>
#include <unordered_map>
#include <unordered_set>

#include "auth/record_access.hpp"
#include "common/ids.hpp"
#include "common/problem.hpp"
#include "common/csv_reader.hpp"
#include "common/csv_writer.hpp"
#include "leads/deferred_lead_indexer.hpp"
#include "leads/lead_tables.hpp"

namespace ccrm::leads {
namespace {

// Leads indexed per search-index write. FTS5 flushes its pending terms as a segment at each
// commit, so larger writes cost less per document (measured with the 1-5 character prefix
// indexes: ~70 µs per lead in commits of 190, ~35–45 µs in commits of thousands).
constexpr size_t kIndexBatchLeads = 4000;

// Commits running or queued while the next batch is prepared: with two, preparing never waits
// for a commit's fsync and the next commit's actions are built while one is written.
constexpr size_t kCommitsInFlight = 2;

Problem TooManyRows(size_t max_rows) {
  Problem p;
  p.status = 413;
  p.title = StatusTitle(413);
  p.detail = "An import takes at most " + std::to_string(max_rows) +
             " rows; split the file and import the parts.";
  return p;
}

// One import's state: the batch being filled and what this import already wrote.
class ImportRun {
 public:
  ImportRun(LeadService& service, const ImportOptions& options, const LeadCaller& caller,
            ImportReport& report)
      : service_(service),
        options_(options),
        caller_(caller),
        report_(report),
        now_(service.clock().Now()) {}

  void Row(int64_t number, const LeadCsvHeader& header, const std::vector<std::string>& cells,
           const UserIdForUsername& user_id_for) {
    LeadCsvRecord record = LeadFromCsvRow(header, cells, user_id_for);
    std::vector<ImportRowError> errors;
    for (const FieldError& e : record.errors) errors.push_back({number, e.field, e.message});
    if (record.created_at) {
      // Kept (a claim's history predates ccrm), stored like every other timestamp: UTC with
      // milliseconds, so sorting and range filters compare instants. updatedAt is not taken:
      // it is the time of this write, or updatedSince would hide imported leads from a sync.
      const auto at = ParseRfc3339(*record.created_at);
      if (!at) {
        errors.push_back({number, "createdAt",
                          "must be an RFC 3339 date-time such as 2026-03-01T14:05:00Z"});
      } else if (*at > now_) {
        errors.push_back({number, "createdAt", "must not be in the future"});
      } else {
        record.created_at = FormatRfc3339Millis(*at);
      }
    }
    if (options_.strict) {
      for (const auto& unknown : header.unknown_columns()) {
        errors.push_back({number, unknown.name, "is not a known column"});
      }
    }
    if (!errors.empty()) {
      // Report what validation finds in the rest of the row too, so one pass shows it all.
      Json probe = record.fields;
      for (const FieldError& e : ValidateAndNormalizeLead(probe, service_.options().validation)) {
        const std::string column = CsvColumnForPath(e.field);
        const bool known = std::any_of(errors.begin(), errors.end(),
                                       [&](const ImportRowError& r) { return r.field == column; });
        if (!known) errors.push_back({number, column, e.message});
      }
      return Report(std::move(errors));
    }
    try {
      Handle(number, std::move(record));
    } catch (const ProblemException& e) {
      ReportProblem(number, e.problem());
    }
  }

  // Hands the batch to a commit that runs while the next batches are prepared (at most
  // kCommitsInFlight at a time: the oldest is waited for first). Batches in flight hold no
  // lead in common (a row touching a lead of one waits for it), so they may commit in any
  // order; the audit log writes them one after the other, the next one's actions built while
  // the previous one is written. Dry runs only count.
  void Flush() {
    if (batch_.empty()) return;
    if (options_.dry_run) {
      for (const LeadChange& c : batch_) ++(c.before ? report_.updated : report_.created);
    } else {
      while (in_flight_.size() >= kCommitsInFlight) TakeOldest();
      auto commit = std::async(std::launch::async, [this, batch = std::move(batch_),
                                                    rows = std::move(batch_rows_)] {
        pthread_setname_np(pthread_self(), "ccrm-commit");
        return CommitBatch(batch, rows);
      });
      in_flight_.push_back({.ids = std::move(batch_ids_), .outcome = std::move(commit)});
    }
    batch_.clear();
    batch_rows_.clear();
    batch_ids_.clear();
    batch_actions_ = 0;
  }

  // Waits for the commits and then for the search index to hold every committed lead.
  void Finish() {
    Flush();
    WaitInFlight();
    if (indexer_) indexer_->Finish();
  }

  // Waits for every commit in flight (see TakeOldest).
  void WaitInFlight() {
    while (!in_flight_.empty()) TakeOldest();
  }

 private:
  struct BatchOutcome {
    int64_t created = 0;
    int64_t updated = 0;
    std::vector<ImportRowError> errors;
  };
  struct InFlight {
    std::unordered_set<std::string> ids;  // the leads the batch writes
    std::future<BatchOutcome> outcome;
  };

  // Waits for the oldest commit in flight and takes its counts and errors into the report;
  // rethrows what it threw (a storage failure ends the import).
  void TakeOldest() {
    std::future<BatchOutcome> commit = std::move(in_flight_.front().outcome);
    in_flight_.pop_front();
    BatchOutcome outcome = commit.get();
    report_.created += outcome.created;
    report_.updated += outcome.updated;
    for (auto& e : outcome.errors) report_.errors.push_back(std::move(e));
  }

  bool IsInFlight(const std::string& id) const {
    return std::any_of(in_flight_.begin(), in_flight_.end(),
                       [&](const InFlight& f) { return f.ids.contains(id); });
  }

  // On the commit thread: touches nothing of the run but what it is given, the repository and
  // the indexer (thread-safe). The search entries are built here too, off the thread that
  // prepares rows (the busiest of an import's threads).
  BatchOutcome CommitBatch(const std::vector<LeadChange>& batch,
                           const std::vector<int64_t>& rows) const {
    std::vector<LeadSearchEntry> entries;
    entries.reserve(batch.size());
    for (const LeadChange& c : batch) entries.push_back(LeadSearchEntryOf(c.after));
    BatchOutcome outcome;
    const auto count = [&](const LeadChange& c) {
      ++(c.before ? outcome.updated : outcome.created);
    };
    if (auto outbox_id = Commit(batch)) {
      for (const LeadChange& c : batch) count(c);
      indexer_->Add({.outbox_id = std::move(*outbox_id), .entries = std::move(entries)});
      return outcome;
    }
    // A lead of the batch changed under us: write the rows one by one to isolate it.
    for (size_t i = 0; i < batch.size(); ++i) {
      if (auto outbox_id = Commit({batch[i]})) {
        count(batch[i]);
        indexer_->Add({.outbox_id = std::move(*outbox_id), .entries = {std::move(entries[i])}});
        continue;
      }
      outcome.errors.push_back(
          {rows[i], "", "the lead changed while the import ran; import the row again"});
    }
    return outcome;
  }

  // Before reading back a lead this import wrote: its batch must be committed.
  void EnsureWritten(const std::string& id) {
    if (batch_ids_.contains(id)) Flush();
    if (IsInFlight(id)) WaitInFlight();
  }

  void Handle(int64_t number, LeadCsvRecord record) {
    // A row naming an existing lead by id is that lead; otherwise it is a create, unless its
    // email or a phone finds a lead (of this import, or stored and visible to the importer).
    std::optional<Json> existing;
    LeadService::Provenance provenance{.source = "import"};
    if (record.id && IsValidId(*record.id, "lead")) {
      if (imported_ids_.contains(*record.id)) {
        EnsureWritten(*record.id);
        existing = LeadFor(*record.id);
        if (!existing && options_.dry_run) existing = Json{{"id", *record.id}};  // a stand-in
      } else if (auto stored = service_.repository().Get(*record.id)) {
        if (Visible(*stored)) existing = std::move(stored);
      } else {
        provenance.id = record.id;
      }
    }
    provenance.created_at = record.created_at;
    if (!existing) {
      LeadChange change = service_.PrepareCreate(record.fields, caller_, provenance);
      existing = FindDuplicate(change.after);
      if (!existing) return Add(number, std::move(change));
    }
    if (options_.on_duplicate == ImportOptions::OnDuplicate::kSkip) {
      ++report_.skipped;
      return;
    }
    if (existing->size() == 1) {
      // A stand-in for a lead this dry run "created": nothing stored to compare the row with.
      ++report_.updated;
      return;
    }
    if (const std::string id = existing->value("id", "");
        batch_ids_.contains(id) || IsInFlight(id)) {
      EnsureWritten(id);  // a batch holds this lead's last change: read it back once written
      existing = LeadFor(id);
      if (!existing) return;
    }
    auto change = service_.PreparePatch(*existing, record.fields, caller_);
    if (!change) {
      ++report_.unchanged;
      return;
    }
    Add(number, std::move(*change));
  }

  std::optional<Json> LeadFor(const std::string& id) {
    auto lead = service_.repository().Get(id);
    if (lead && (!Visible(*lead) || lead->contains("deletedAt"))) return std::nullopt;
    return lead;
  }

  bool Visible(const Json& lead) const {
    return !lead.contains("deletedAt") && auth::CanSeeRecord(caller_.principal, AssigneeOf(lead));
  }

  std::optional<Json> FindDuplicate(const Json& lead) {
    for (const std::string& key : ContactKeysOf(lead)) {
      if (const auto it = imported_keys_.find(key); it != imported_keys_.end()) {
        EnsureWritten(it->second);
        if (auto found = LeadFor(it->second)) return found;
        if (options_.dry_run) return Json{{"id", it->second}};  // never written: a stand-in
      }
      for (const std::string& id : service_.repository().LeadIdsByContact(key, 20)) {
        if (auto found = LeadFor(id)) return found;
      }
    }
    return std::nullopt;
  }

  void Add(int64_t number, LeadChange change) {
    const int actions = LeadRepository::ActionsFor(change);
    if (batch_actions_ + actions > max_batch_actions_) Flush();
    const std::string id = change.after.value("id", "");
    for (const std::string& key : ContactKeysOf(change.after)) imported_keys_.emplace(key, id);
    imported_ids_.insert(id);
    batch_ids_.insert(id);
    batch_actions_ += actions;
    batch_rows_.push_back(number);
    batch_.push_back(std::move(change));
  }

  // Commits the records (their search entries go to the indexer): the outbox row's id, or
  // nullopt when a lead changed meanwhile.
  std::optional<std::string> Commit(const std::vector<LeadChange>& changes) const {
    Json ids = Json::array();
    for (const LeadChange& c : changes) ids.push_back(c.after["id"]);
    audit::AuditEvent event = LeadService::EventFor(caller_, "lead.import", "");
    event.changes = {{"leadIds", {{"old", nullptr}, {"new", std::move(ids)}}}};
    return service_.repository().CommitUnindexed(changes, event);
  }

  void Report(std::vector<ImportRowError> errors) {
    for (auto& e : errors) report_.errors.push_back(std::move(e));
  }

  void ReportProblem(int64_t number, const Problem& problem) {
    if (problem.errors.empty()) {
      report_.errors.push_back({number, "", problem.detail});
      return;
    }
    for (const FieldError& e : problem.errors) {
      report_.errors.push_back({number, CsvColumnForPath(e.field), e.message});
    }
  }

  LeadService& service_;
  const ImportOptions& options_;
  const LeadCaller& caller_;
  ImportReport& report_;
  const std::chrono::system_clock::time_point now_;  // createdAt may not be later
  std::vector<LeadChange> batch_;
  std::vector<int64_t> batch_rows_;
  std::unordered_set<std::string> batch_ids_;
  int batch_actions_ = 0;
  const int max_batch_actions_ = service_.repository().MaxBatchActions();
  std::unordered_map<std::string, std::string> imported_keys_;  // contact key -> lead id
  std::unordered_set<std::string> imported_ids_;
  // Declared before in_flight_: a commit in flight may still hand it leads while the run
  // is torn down, so it must outlive that commit.
  std::unique_ptr<DeferredLeadIndexer> indexer_ =
      options_.dry_run ? nullptr
                       : std::make_unique<DeferredLeadIndexer>(service_.repository(),
                                                               kIndexBatchLeads);
  // Last: destroying it waits for the commits (std::async futures do) before the rest goes.
  std::deque<InFlight> in_flight_;
};

}  // namespace

Json ImportReport::ToJson() const {
  Json list = Json::array();
  for (const auto& e : errors) {
    list.push_back({{"row", e.row}, {"field", e.field}, {"message", e.message}});
  }
  return {{"created", created},     {"updated", updated}, {"skipped", skipped},
          {"unchanged", unchanged}, {"dryRun", dry_run},  {"errors", std::move(list)}};
}

std::string CsvColumnForPath(std::string_view path) {
  static const std::vector<std::pair<std::string_view, std::string_view>> kPrefixes = {
      {"phones[0].type", "phoneType"},
      {"phones[0]", "phone"},
      {"phones[1].type", "phone2Type"},
      {"phones[1]", "phone2"},
      {"phones", "phone"},
      {"address.line1", "addressLine1"},
      {"address.line2", "addressLine2"},
      {"address.", ""},
      {"claim.adjuster.name", "adjusterName"},
      {"claim.adjuster.phone", "adjusterPhone"},
      {"claim.adjuster.email", "adjusterEmail"},
      {"claim.adjuster", "adjusterName"},
      {"claim.", ""},
      {"tags", "tags"}};
  for (const auto& [prefix, column] : kPrefixes) {
    if (!path.starts_with(prefix)) continue;
    if (!column.empty()) return std::string(column);
    std::string rest(path.substr(prefix.size()));  // "address.city" -> "city"
    return rest.substr(0, rest.find_first_of(".["));
  }
  return std::string(path.substr(0, path.find_first_of(".[")));
}

LeadImporter::LeadImporter(std::shared_ptr<LeadService> service, UserIdForUsername user_id_for)
    : service_(std::move(service)), user_id_for_(std::move(user_id_for)) {}

ImportReport LeadImporter::Import(std::string_view csv, const ImportOptions& options,
                                  const LeadCaller& caller) {
  ImportReport report;
  report.dry_run = options.dry_run;
  std::optional<LeadCsvHeader> header;
  std::vector<std::pair<int64_t, std::vector<std::string>>> rows;
  bool too_many = false;
  std::optional<CsvError> header_error;  // the first record could not be read
  CsvReader reader(
      [&](const CsvRecord& record) {
        if (header_error) return;  // without a header no row means anything
        std::vector<std::string> cells;
        cells.reserve(record.fields.size());
        for (const std::string_view field : record.fields) {
          cells.emplace_back(UnneutraliseCell(field));
        }
        if (!header) {
          header = LeadCsvHeader::FromRow(cells);
        } else if (rows.size() >= options.max_rows) {
          too_many = true;
        } else {
          rows.emplace_back(record.number, std::move(cells));
        }
      },
      [&](const CsvError& error) {
        if (header) {
          report.errors.push_back({error.row, "", error.message});
        } else if (!header_error) {
          header_error = error;  // reported below: the real fault, not "no header"
        }
      });
  reader.Feed(csv);
  reader.Finish();
  if (header_error) {
    throw ProblemException(Problem::BadRequest(
        "The header row cannot be read: " + header_error->ToString() + ".",
        {{"header", header_error->message}}));
  }
  if (too_many) throw ProblemException(TooManyRows(options.max_rows));
  if (!header) {
    throw ProblemException(Problem::BadRequest("The file has no header row of lead columns."));
  }
  if (!header->ok()) throw ProblemException(Problem::Validation(header->errors()));
  bool any_known = false;
  for (size_t i = 0; i < LeadCsvColumns().size() && !any_known; ++i) {
    any_known = header->CellIndexOfColumn(i).has_value();
  }
  if (!any_known) {
    throw ProblemException(Problem::BadRequest(
        "The header row names no lead column (firstName, lastName, email, phone, …)."));
  }
  ImportRun run(*service_, options, caller, report);
  const auto progress = [&](int64_t done, bool indexing) {
    if (!options.on_progress) return;
    options.on_progress({.total_rows = static_cast<int64_t>(rows.size()),
                         .rows_done = done,
                         .indexing = indexing,
                         .report = report});
  };
  progress(0, false);
  int64_t done = 0;
  for (const auto& [number, cells] : rows) {
    run.Row(number, *header, cells, user_id_for_);
    if (++done % ImportOptions::kProgressRows == 0) progress(done, false);
  }
  run.Flush();
  run.WaitInFlight();
  progress(done, true);
  run.Finish();
  std::stable_sort(report.errors.begin(), report.errors.end(),
                   [](const ImportRowError& a, const ImportRowError& b) { return a.row < b.row; });
  return report;
}

}  // namespace ccrm::leads
