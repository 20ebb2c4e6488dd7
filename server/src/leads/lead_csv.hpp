// The mapping between a lead document and a row of the leads CSV (import and export), cell by
// cell; reading and writing CSV text, and validating the resulting lead, happen elsewhere.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.hpp"
#include "common/problem.hpp"

namespace ccrm::leads {

// The columns of PRODUCT.md, in export order ("id", "firstName", …, "updatedAt").
const std::vector<std::string_view>& LeadCsvColumns();

// The CSV names users by username, a lead by user id; the caller resolves them (a user
// directory, a cache for a whole import) so that this mapping stays pure. nullopt = no such user.
using UsernameForUserId = std::function<std::optional<std::string>(std::string_view user_id)>;
using UserIdForUsername = std::function<std::optional<std::string>(std::string_view username)>;

// Where each known column sits in an imported file. Names match case-insensitively once trimmed
// (a UTF-8 byte order mark on the first one is dropped), in any order, any subset.
class LeadCsvHeader {
 public:
  struct UnknownColumn {
    size_t index = 0;  // position in the row
    std::string name;  // as written, trimmed
  };

  static LeadCsvHeader FromRow(const std::vector<std::string>& header_row);

  // A column named twice (whatever the case) makes the file unreadable: which cell wins would be
  // a guess. One error per duplicated column, field = its canonical name.
  const std::vector<FieldError>& errors() const { return errors_; }
  bool ok() const { return errors_.empty(); }
  // Columns no lead field has. Under ?strict=true the importer makes them row errors; otherwise
  // their cells are ignored.
  const std::vector<UnknownColumn>& unknown_columns() const { return unknown_; }
  // The cell position of a known column (canonical name, any case), nullopt when the file lacks it.
  std::optional<size_t> CellIndex(std::string_view column) const;
  // The same by position in LeadCsvColumns(), without comparing names (once per cell of an import).
  std::optional<size_t> CellIndexOfColumn(size_t column) const;
  size_t size() const { return size_; }  // cells in the header row

 private:
  std::vector<std::optional<size_t>> positions_;  // by LeadCsvColumns() index
  std::vector<UnknownColumn> unknown_;
  std::vector<FieldError> errors_;
  size_t size_ = 0;
};

// One export row, cells in LeadCsvColumns() order. Money is integer text, feePercent has at most
// two decimals ("12.5", not "12.500000001"), booleans are true/false, tags are joined with ";",
// phones[0] and phones[1] fill phone/phoneType and phone2/phone2Type (as entered, not E.164),
// assignedTo is the username (the user id itself when `username_for` knows no such user, so the
// row shows something rather than silently losing the assignment). Absent fields give empty cells.
std::vector<std::string> LeadToCsvRow(const Json& lead, const UsernameForUserId& username_for);

struct LeadCsvRecord {
  // The client-writable lead fields of the row, shaped as the lead document (claim, address,
  // adjuster and phones nested as in the API). Empty cells are absent, never null.
  Json fields = Json::object();
  // Server-kept columns, for the importer to match or ignore; nullopt when empty or missing.
  std::optional<std::string> id;
  std::optional<std::string> created_at;  // as written; the importer checks and normalizes it
  // Cells that cannot become the field's type; field = the canonical column name. A field in
  // error is left out of `fields`.
  std::vector<FieldError> errors;
};

// Type conversion only: enums, lengths, phone and email syntax are the lead validator's job.
// Text cells are kept verbatim (numbers stay text: postal code "02134" keeps its zero); a cell of
// only spaces counts as empty. Typed cells are trimmed first: integer cents, feePercent a decimal
// number, legalHold true/false/yes/no/1/0 (any case), assignedTo a username, tags split on ";"
// with pieces trimmed and empty ones dropped. Cells past the header's end are ignored; missing
// ones count as empty.
LeadCsvRecord LeadFromCsvRow(const LeadCsvHeader& header, const std::vector<std::string>& cells,
                             const UserIdForUsername& user_id_for);

}  // namespace ccrm::leads
