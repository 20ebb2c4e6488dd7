// RFC 4180 CSV writing for lead export, with spreadsheet formula-injection neutralisation.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

namespace ccrm {

// True when a spreadsheet opening the cell could run it as a formula (OWASP "CSV injection"):
// it starts with '=', '@', a tab or a CR, or with '+' or '-' and is not just a number or phone
// number (digits, spaces and "+-()."). Leading single quotes are looked through, so that
// "'=x" (which a spreadsheet shows as "=x") counts too and NeutraliseCell stays reversible.
bool NeedsNeutralising(std::string_view cell);

// The cell with one more leading single quote when NeedsNeutralising: a spreadsheet shows a
// leading quote as "this is text" and hides it. "=HYPERLINK(...)" -> "'=HYPERLINK(...)",
// "'=x" -> "''=x", "+1 555-0100" and "-5" unchanged.
std::string NeutraliseCell(std::string_view cell);

// The inverse, which the importer applies to every cell: drops the one leading quote that
// NeutraliseCell would have added, so UnneutraliseCell(NeutraliseCell(s)) == s for every s.
// Returns a view into `cell` (a suffix of it): keep `cell` alive while you use it.
std::string_view UnneutraliseCell(std::string_view cell);

struct CsvWriterOptions {
  // Off only for consumers that are not spreadsheets and want the cells verbatim.
  bool neutralise_formulas = true;
};

// Appends CSV records to a caller's string, which the caller may send and clear between records
// to stream an export: fields are quoted only when they must be (a comma, quote, CR or LF, or a
// leading or trailing space or tab that a spreadsheet would trim, a leading U+FEFF), quotes are
// doubled, and every record ends in CRLF. Neutralises formulas unless told not to.
class CsvWriter {
 public:
  // `out` must outlive the writer.
  explicit CsvWriter(std::string& out, CsvWriterOptions options = {});

  // Field by field: AddField for each, then EndRecord.
  void AddField(std::string_view value);
  // A record of no fields has no CSV form and writes nothing.
  void EndRecord();

  void WriteRecord(std::span<const std::string_view> fields);
  void WriteRecord(std::span<const std::string> fields);
  void WriteRecord(std::initializer_list<std::string_view> fields);

 private:
  std::string* out_;
  CsvWriterOptions options_;
  size_t fields_ = 0;            // in the record in progress
  bool last_was_empty_ = false;  // the last field added wrote no bytes
};

}  // namespace ccrm
