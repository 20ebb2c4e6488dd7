#include "common/csv_writer.hpp"

#include <array>

namespace ccrm {
namespace {

constexpr std::array<bool, 256> ByteTable(std::string_view bytes) {
  std::array<bool, 256> table{};
  for (const char c : bytes) table[static_cast<unsigned char>(c)] = true;
  return table;
}
constexpr auto kNeedsQuotes = ByteTable(",\"\r\n");
constexpr auto kNumberOrPhone = ByteTable("0123456789 +-().");

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

bool MustQuote(std::string_view value) {
  if (value.empty()) return false;
  if (IsBlank(value.front()) || IsBlank(value.back())) return true;
  // A cell starting the file with U+FEFF would be taken for a byte order mark and dropped.
  if (value.starts_with("\xEF\xBB\xBF")) return true;
  for (const char c : value) {
    if (kNeedsQuotes[static_cast<unsigned char>(c)]) return true;
  }
  return false;
}

}  // namespace

bool NeedsNeutralising(std::string_view cell) {
  // Deciding on the text after all leading quotes (rather than on the first byte) is what makes
  // the scheme reversible: NeutraliseCell adds a quote exactly when this is true, adding one
  // does not change the answer, so UnneutraliseCell can ask the same question to undo it.
  const size_t start = cell.find_first_not_of('\'');
  if (start == std::string_view::npos) return false;
  const std::string_view rest = cell.substr(start);
  switch (rest.front()) {
    case '=':
    case '@':
    case '\t':
    case '\r':
      return true;
    case '+':
    case '-':
      // Digits and "+-()." alone cannot call a function or reach DDE, and neutralising them
      // would mangle every phone number in an export.
      for (const char c : rest) {
        if (!kNumberOrPhone[static_cast<unsigned char>(c)]) return true;
      }
      return false;
    default:
      return false;
  }
}

std::string NeutraliseCell(std::string_view cell) {
  if (!NeedsNeutralising(cell)) return std::string(cell);
  std::string guarded;
  guarded.reserve(cell.size() + 1);
  guarded += '\'';
  guarded += cell;
  return guarded;
}

std::string_view UnneutraliseCell(std::string_view cell) {
  if (!cell.empty() && cell.front() == '\'' && NeedsNeutralising(cell)) cell.remove_prefix(1);
  return cell;
}

CsvWriter::CsvWriter(std::string& out, CsvWriterOptions options) : out_(&out), options_(options) {}

void CsvWriter::AddField(std::string_view value) {
  std::string& out = *out_;
  if (fields_ > 0) out += ',';
  ++fields_;
  last_was_empty_ = value.empty();
  const bool guard = options_.neutralise_formulas && NeedsNeutralising(value);
  if (!MustQuote(value)) {
    if (guard) out += '\'';
    out += value;
    return;
  }
  out += '"';
  if (guard) out += '\'';
  for (size_t quote = value.find('"'); quote != std::string_view::npos; quote = value.find('"')) {
    out.append(value.data(), quote + 1);
    out += '"';
    value.remove_prefix(quote + 1);
  }
  out += value;
  out += '"';
}

void CsvWriter::EndRecord() {
  if (fields_ == 0) return;
  // A lone empty field would be an empty line, which readers skip: quoting keeps the record.
  if (fields_ == 1 && last_was_empty_) *out_ += "\"\"";
  *out_ += "\r\n";
  fields_ = 0;
}

void CsvWriter::WriteRecord(std::span<const std::string_view> fields) {
  for (const std::string_view field : fields) AddField(field);
  EndRecord();
}

void CsvWriter::WriteRecord(std::span<const std::string> fields) {
  for (const std::string& field : fields) AddField(field);
  EndRecord();
}

void CsvWriter::WriteRecord(std::initializer_list<std::string_view> fields) {
  for (const std::string_view field : fields) AddField(field);
  EndRecord();
}

}  // namespace ccrm
