#include "common/csv_reader.hpp"

#include <array>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace ccrm {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// Which bytes end a run of plain text; everything else is copied in bulk.
constexpr std::array<bool, 256> StopTable(std::string_view stops) {
  std::array<bool, 256> table{};
  for (const char c : stops) table[static_cast<unsigned char>(c)] = true;
  return table;
}
constexpr auto kUnquotedStops = StopTable(",\"\r\n");
constexpr auto kQuotedStops = StopTable("\"\r\n");  // CR and LF only to count lines

enum class TextCheck { kOk, kNul, kBadUtf8 };

// Strict UTF-8 (no overlong forms, surrogates or values past U+10FFFF), and no NUL, which is
// valid UTF-8 but never lead data and breaks C strings downstream. Checked per field once the
// record is whole, so a sequence split across chunks needs no state; a sequence cannot span
// fields because every delimiter is ASCII.
TextCheck CheckText(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* const end = p + text.size();
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHighs = 0x8080808080808080ull;
  while (p < end) {
    // Lead data is mostly ASCII: eight bytes at a time while none is high or zero.
    while (end - p >= 8) {
      uint64_t word;
      std::memcpy(&word, p, sizeof(word));
      if ((word & kHighs) != 0 || ((word - kOnes) & ~word & kHighs) != 0) break;
      p += 8;
    }
    if (p == end) break;
    const unsigned lead = *p;
    if (lead < 0x80) {
      if (lead == 0) return TextCheck::kNul;
      ++p;
      continue;
    }
    size_t trail;
    uint32_t code_point;
    uint32_t min;
    if ((lead & 0xE0) == 0xC0) {
      trail = 1, code_point = lead & 0x1F, min = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
      trail = 2, code_point = lead & 0x0F, min = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
      trail = 3, code_point = lead & 0x07, min = 0x10000;
    } else {
      return TextCheck::kBadUtf8;
    }
    if (static_cast<size_t>(end - p) <= trail) return TextCheck::kBadUtf8;
    for (size_t i = 1; i <= trail; ++i) {
      if ((p[i] & 0xC0) != 0x80) return TextCheck::kBadUtf8;
      code_point = (code_point << 6) | (p[i] & 0x3F);
    }
    if (code_point < min || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point <= 0xDFFF)) {
      return TextCheck::kBadUtf8;
    }
    p += trail + 1;
  }
  return TextCheck::kOk;
}

}  // namespace

std::string CsvError::ToString() const {
  std::string text = "row " + std::to_string(row);
  if (field > 0) text += ", field " + std::to_string(field);
  return text + ": " + message;
}

CsvReader::CsvReader(RecordHandler on_record, ErrorHandler on_error, CsvLimits limits)
    : on_record_(std::move(on_record)), on_error_(std::move(on_error)), limits_(limits) {}

void CsvReader::Feed(std::string_view chunk) {
  if (finished_) throw std::logic_error("CsvReader::Feed after Finish");
  if (!bom_checked_) chunk = SkipBom(chunk);
  Parse(chunk);
}

// The BOM may arrive a byte at a time: its bytes are held back (as a count) until it is whole
// or proves not to be one, and then they are data.
std::string_view CsvReader::SkipBom(std::string_view chunk) {
  while (!chunk.empty() && bom_matched_ < kBom.size()) {
    if (chunk.front() != kBom[bom_matched_]) {
      bom_checked_ = true;
      Parse(kBom.substr(0, bom_matched_));
      return chunk;
    }
    ++bom_matched_;
    chunk.remove_prefix(1);
  }
  if (bom_matched_ == kBom.size()) bom_checked_ = true;
  return chunk;
}

void CsvReader::Finish() {
  if (finished_) return;
  if (!bom_checked_) {
    bom_checked_ = true;
    Parse(kBom.substr(0, bom_matched_));
  }
  finished_ = true;
  const State state = std::exchange(state_, State::kRecordStart);
  if (state == State::kRecordStart) return;
  if (state == State::kQuoted) {
    // Whatever else went wrong after the quote opened (typically the field outgrowing its
    // limit as it swallowed the rest of the file), the open quote is the cause to report.
    failed_ = false;
    Fail(static_cast<int>(field_count_ + 1),
         "unclosed quote (opened on line " + std::to_string(quote_line_) + ")");
  }
  EndField();
  EndRecord();
}

void CsvReader::CountLineBreak(char c) {
  if (c == '\r' || !after_cr_) ++line_;
  after_cr_ = c == '\r';
}

void CsvReader::Parse(std::string_view chunk) {
  const char* p = chunk.data();
  const char* const end = p + chunk.size();
  while (p < end) {
    switch (state_) {
      case State::kRecordStart:
        if (*p == '\r' || *p == '\n') {  // an empty line, or the LF of a CRLF
          CountLineBreak(*p++);
          break;
        }
        BeginRecord();
        state_ = State::kFieldStart;
        break;

      case State::kFieldStart:
        if (*p == '"') {
          ++p;
          after_cr_ = false;
          quote_line_ = line_;
          state_ = State::kQuoted;
        } else {
          state_ = State::kUnquoted;
        }
        break;

      case State::kUnquoted: {
        const char* const run = p;
        while (p < end && !kUnquotedStops[static_cast<unsigned char>(*p)]) ++p;
        if (p != run) {
          Append(run, static_cast<size_t>(p - run));
          after_cr_ = false;
        }
        if (p == end) break;
        const char c = *p++;
        if (c == ',') {
          after_cr_ = false;
          EndField();
          state_ = State::kFieldStart;
        } else if (c == '"') {
          after_cr_ = false;
          Fail(static_cast<int>(field_count_ + 1),
               "a quote inside an unquoted field (quote the whole field and double the quotes in "
               "it)");
        } else {
          CountLineBreak(c);
          EndField();
          state_ = State::kRecordStart;
          EndRecord();
        }
        break;
      }

      case State::kQuoted: {
        const char* const run = p;
        while (p < end && !kQuotedStops[static_cast<unsigned char>(*p)]) ++p;
        if (p != run) {
          Append(run, static_cast<size_t>(p - run));
          after_cr_ = false;
        }
        if (p == end) break;
        if (*p == '"') {
          after_cr_ = false;
          state_ = State::kQuoteInQuoted;
        } else {
          CountLineBreak(*p);
          Append(p, 1);  // a line break inside quotes is data
        }
        ++p;
        break;
      }

      case State::kQuoteInQuoted: {
        const char c = *p;
        if (c == '"') {  // a doubled quote stands for one
          ++p;
          Append(p - 1, 1);
          state_ = State::kQuoted;
        } else if (c == ',') {
          ++p;
          EndField();
          state_ = State::kFieldStart;
        } else if (c == '\r' || c == '\n') {
          ++p;
          CountLineBreak(c);
          EndField();
          state_ = State::kRecordStart;
          EndRecord();
        } else {
          // Read on as unquoted text to find the record's end; the record is bad anyway.
          Fail(static_cast<int>(field_count_ + 1), "text after the closing quote of a field");
          state_ = State::kUnquoted;
        }
        break;
      }
    }
  }
}

// The previous record's text is dropped here rather than after its handler ran, so that the
// views stay valid for the whole call and a throwing handler leaves nothing half reset.
void CsvReader::BeginRecord() {
  ++records_;
  record_line_ = line_;
  buffer_.clear();
  field_ends_.clear();
  field_start_ = 0;
  field_count_ = 0;
  failed_ = false;
  error_field_ = 0;
  error_.clear();
}

void CsvReader::Append(const char* data, size_t size) {
  if (failed_) return;
  if (buffer_.size() - field_start_ + size > limits_.max_field_bytes) {
    Fail(static_cast<int>(field_count_ + 1),
         "longer than " + std::to_string(limits_.max_field_bytes) + " bytes");
    return;
  }
  if (buffer_.size() + size > limits_.max_record_bytes) {
    Fail(0, "the record is longer than " + std::to_string(limits_.max_record_bytes) + " bytes");
    return;
  }
  buffer_.append(data, size);
}

void CsvReader::EndField() {
  ++field_count_;
  if (failed_) return;
  if (field_count_ > limits_.max_fields) {
    Fail(0, "more than " + std::to_string(limits_.max_fields) + " fields");
    return;
  }
  field_ends_.push_back(buffer_.size());
  field_start_ = buffer_.size();
}

void CsvReader::EndRecord() {
  if (!failed_ && !RecordTextIsValid()) {
    // Find the field to blame; one of them must fail on its own.
    size_t start = 0;
    for (size_t i = 0; i < field_ends_.size() && !failed_; ++i) {
      const int field = static_cast<int>(i + 1);
      switch (CheckText(std::string_view(buffer_).substr(start, field_ends_[i] - start))) {
        case TextCheck::kOk:
          break;
        case TextCheck::kNul:
          Fail(field, "contains a NUL byte (is this a binary file?)");
          break;
        case TextCheck::kBadUtf8:
          Fail(field, "not valid UTF-8 (save the file as UTF-8 CSV)");
          break;
      }
      start = field_ends_[i];
    }
  }
  if (failed_) {
    on_error_(CsvError{records_, record_line_, error_field_, error_});
    return;
  }
  views_.clear();
  size_t start = 0;
  for (const size_t field_end : field_ends_) {
    views_.emplace_back(buffer_.data() + start, field_end - start);
    start = field_end;
  }
  on_record_(CsvRecord{records_, record_line_, views_});
}

// One pass over the whole record rather than one per field, which for short fields is most of
// the cost of reading. Sound because the fields sit back to back: if the whole is valid and no
// field starts with a continuation byte, no field boundary cuts a sequence, so every field is
// whole sequences.
bool CsvReader::RecordTextIsValid() const {
  if (CheckText(buffer_) != TextCheck::kOk) return false;
  for (const size_t field_end : field_ends_) {
    if (field_end < buffer_.size() &&
        (static_cast<unsigned char>(buffer_[field_end]) & 0xC0) == 0x80) {
      return false;
    }
  }
  return true;
}

// Only a record's first fault is reported: later ones are usually its consequences.
void CsvReader::Fail(int field, std::string message) {
  if (failed_) return;
  failed_ = true;
  error_field_ = field;
  error_ = std::move(message);
}

}  // namespace ccrm
