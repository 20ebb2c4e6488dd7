// Incremental RFC 4180 CSV parser for lead import: bytes in any chunking, records or errors out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ccrm {

// Per-record limits, so a hostile upload costs bounded memory: the reader never holds more than
// max_record_bytes of field text (plus one field offset per field) whatever it is fed. The number
// of records and the total input size are the caller's to limit.
struct CsvLimits {
  size_t max_field_bytes = 64 * 1024;
  size_t max_fields = 200;
  size_t max_record_bytes = 1024 * 1024;
};

// A record that was read whole and is valid UTF-8. The views point into the reader's buffer and
// are valid only until the handler returns: copy what you keep.
struct CsvRecord {
  int64_t number = 0;  // 1-based, counting good and bad records (the header is 1), not empty lines
  int64_t line = 0;    // 1-based physical line it starts on; differs once fields hold newlines
  std::span<const std::string_view> fields;
};

// A record that could not be read. It is dropped whole; reading goes on with the next record.
struct CsvError {
  int64_t row = 0;      // the record number it would have had, as in CsvRecord::number
  int64_t line = 0;     // the physical line it starts on
  int field = 0;        // 1-based field at fault, 0 when the fault is not in one field
  std::string message;  // for a person, e.g. "unclosed quote (opened on line 17)"

  // "row 17: unclosed quote (opened on line 17)" or "row 17, field 3: not valid UTF-8 ...".
  std::string ToString() const;
};

// Push parser: Feed() the input in chunks of any size (a chunk may end inside a quote pair, a
// CRLF, the BOM or a UTF-8 sequence), then Finish(). Each record, good or bad, reaches exactly one
// of the handlers, in input order, from inside Feed() or Finish().
//
// Accepted: quoted fields holding commas, CR, LF and doubled quotes; records ending in CRLF, LF
// or a lone CR, the last one with or without a line end; a UTF-8 BOM at the very start (dropped).
// Empty lines are skipped (a line of only commas is a record of empty fields). Refused, per
// record: a quote inside an unquoted field or text after a closing quote (RFC 4180 is strict;
// reading resumes at the record's end, still honouring quoted newlines), a quote left open at the
// end of the input, invalid UTF-8 or a NUL byte, and anything past CsvLimits.
//
// A handler may throw; the exception leaves Feed() or Finish() and the reader stays usable, the
// rest of that chunk unread.
class CsvReader {
 public:
  using RecordHandler = std::function<void(const CsvRecord&)>;
  using ErrorHandler = std::function<void(const CsvError&)>;

  CsvReader(RecordHandler on_record, ErrorHandler on_error, CsvLimits limits = {});

  // Throws std::logic_error after Finish().
  void Feed(std::string_view chunk);
  // Ends the input: delivers the last record (or the error of one left open). Idempotent.
  void Finish();

  // Records delivered so far, good and bad.
  int64_t records() const { return records_; }
  // Bytes the reader holds for the record in progress (its buffer's capacity): bounded by the
  // limits whatever the input, which the tests check.
  size_t buffered_bytes() const { return buffer_.capacity(); }

 private:
  enum class State : uint8_t { kRecordStart, kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted };

  std::string_view SkipBom(std::string_view chunk);
  void Parse(std::string_view chunk);
  void CountLineBreak(char c);
  void BeginRecord();
  void Append(const char* data, size_t size);
  void EndField();
  void EndRecord();
  bool RecordTextIsValid() const;
  void Fail(int field, std::string message);

  RecordHandler on_record_;
  ErrorHandler on_error_;
  CsvLimits limits_;

  State state_ = State::kRecordStart;
  size_t bom_matched_ = 0;  // BOM bytes seen so far at the very start
  bool bom_checked_ = false;
  bool finished_ = false;
  bool after_cr_ = false;  // the last byte read was a CR: an LF now ends the same line
  int64_t line_ = 1;
  int64_t records_ = 0;

  // The record in progress. Field text sits back to back in one buffer, so a record costs no
  // allocation once the buffers have grown to the input's widest record.
  int64_t record_line_ = 0;
  int64_t quote_line_ = 0;  // where the open quoted field started, for "unclosed quote"
  std::string buffer_;
  std::vector<size_t> field_ends_;
  std::vector<std::string_view> views_;
  size_t field_start_ = 0;
  size_t field_count_ = 0;  // fields finished, including any past the limit that were not kept
  bool failed_ = false;     // the record is bad: its text is no longer kept
  int error_field_ = 0;
  std::string error_;
};

}  // namespace ccrm
