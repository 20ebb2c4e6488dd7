// CSV import of leads (POST /leads/import, `ccrm import`): every row checked as a create or an
// update would be, duplicates found by id, email or E.164 phone among the leads the importer may
// see, good rows written in all-or-nothing batches, every bad row reported with its column.
#pragma once

#include <functional>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.hpp"
#include "leads/lead_csv.hpp"
#include "leads/lead_service.hpp"

namespace ccrm::leads {

struct ImportRowError {
  int64_t row = 0;    // spreadsheet row number: the header is row 1
  std::string field;  // the CSV column ("" for the row as a whole)
  std::string message;
};

struct ImportReport {
  int64_t created = 0;
  int64_t updated = 0;
  int64_t skipped = 0;    // duplicates under onDuplicate=skip
  int64_t unchanged = 0;  // duplicates under onDuplicate=update whose row changes nothing
  std::vector<ImportRowError> errors;
  bool dry_run = false;
  Json ToJson() const;
};

// Where a running import is: rows checked so far, and the report of what is written (created
// and updated count committed batches only).
struct ImportProgress {
  int64_t total_rows = 0;
  int64_t rows_done = 0;
  bool indexing = false;  // every row is written; waiting for the search index to hold them
  const ImportReport& report;
};

struct ImportOptions {
  enum class OnDuplicate { kSkip, kUpdate };
  OnDuplicate on_duplicate = OnDuplicate::kSkip;
  bool dry_run = false;  // check and count, write nothing
  bool strict = false;   // unknown columns are row errors
  size_t max_rows = 100000;
  // Called on the importing thread once the file is read, every kProgressRows rows, and when
  // every row is written: for import jobs. It may throw to stop the import between rows;
  // the batches already committed stay (each is all-or-nothing).
  std::function<void(const ImportProgress&)> on_progress;
  static constexpr int64_t kProgressRows = 250;
};

class LeadImporter {
 public:
  LeadImporter(std::shared_ptr<LeadService> service, UserIdForUsername user_id_for);

  // Reads the whole CSV (UTF-8, with or without BOM, CRLF or LF). A file that cannot be read as
  // a lead CSV at all (no header, a duplicated column, more than max_rows rows) is a
  // ProblemException (400 / 413); everything else is reported per row.
  ImportReport Import(std::string_view csv, const ImportOptions& options, const LeadCaller& caller);

 private:
  std::shared_ptr<LeadService> service_;
  UserIdForUsername user_id_for_;
};

// The CSV column a lead field path belongs to ("phones[1].number" -> "phone2",
// "claim.adjuster.email" -> "adjusterEmail"); the path itself when no column holds it.
std::string CsvColumnForPath(std::string_view path);

}  // namespace ccrm::leads
