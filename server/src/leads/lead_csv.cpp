#include "leads/lead_csv.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <set>
#include <utility>

namespace ccrm::leads {
namespace {

enum class Kind {
  kText,         // a string member at `path`
  kCents,        // integer cents
  kPercent,      // a decimal number, two places at most on export
  kBool,         // legalHold
  kTags,         // an array of strings, ";"-separated in the cell
  kAssignee,     // a user id in the lead, a username in the CSV
  kPhoneNumber,  // phones[phone].number
  kPhoneType,    // phones[phone].type
  kServerText,   // id, createdAt, updatedAt: exported, returned apart on import
};

struct Column {
  std::string_view name;
  Kind kind;
  std::string_view path;  // dot-separated members of the lead; for phones, of phones[phone]
  int phone = -1;
};

constexpr std::array<Column, 39> kColumns = {{
    {"id", Kind::kServerText, "id"},
    {"firstName", Kind::kText, "firstName"},
    {"lastName", Kind::kText, "lastName"},
    {"email", Kind::kText, "email"},
    {"phone", Kind::kPhoneNumber, "number", 0},
    {"phoneType", Kind::kPhoneType, "type", 0},
    {"phone2", Kind::kPhoneNumber, "number", 1},
    {"phone2Type", Kind::kPhoneType, "type", 1},
    {"preferredContact", Kind::kText, "preferredContact"},
    {"addressLine1", Kind::kText, "address.line1"},
    {"addressLine2", Kind::kText, "address.line2"},
    {"city", Kind::kText, "address.city"},
    {"state", Kind::kText, "address.state"},
    {"postalCode", Kind::kText, "address.postalCode"},
    {"country", Kind::kText, "address.country"},
    {"status", Kind::kText, "status"},
    {"source", Kind::kText, "source"},
    {"assignedTo", Kind::kAssignee, "assignedTo"},
    {"tags", Kind::kTags, "tags"},
    {"legalHold", Kind::kBool, "legalHold"},
    {"carrier", Kind::kText, "claim.carrier"},
    {"policyNumber", Kind::kText, "claim.policyNumber"},
    {"policyForm", Kind::kText, "claim.policyForm"},
    {"claimNumber", Kind::kText, "claim.claimNumber"},
    {"dateOfLoss", Kind::kText, "claim.dateOfLoss"},
    {"dateReported", Kind::kText, "claim.dateReported"},
    {"lossType", Kind::kText, "claim.lossType"},
    {"lossDescription", Kind::kText, "claim.lossDescription"},
    {"deductibleCents", Kind::kCents, "claim.deductibleCents"},
    {"paEstimateCents", Kind::kCents, "claim.paEstimateCents"},
    {"carrierEstimateCents", Kind::kCents, "claim.carrierEstimateCents"},
    {"settlementCents", Kind::kCents, "claim.settlementCents"},
    {"feePercent", Kind::kPercent, "claim.feePercent"},
    {"lorSignedAt", Kind::kText, "claim.lorSignedAt"},
    {"adjusterName", Kind::kText, "claim.adjuster.name"},
    {"adjusterPhone", Kind::kText, "claim.adjuster.phone"},
    {"adjusterEmail", Kind::kText, "claim.adjuster.email"},
    {"createdAt", Kind::kServerText, "createdAt"},
    {"updatedAt", Kind::kServerText, "updatedAt"},
}};

constexpr std::string_view kSpaces = " \t\r\n";
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
// Beyond this a double no longer holds every integer exactly: printing it as an integer would
// invent digits.
constexpr double kMaxExactInteger = 9007199254740992.0;  // 2^53

std::string_view Trim(std::string_view text) {
  const size_t first = text.find_first_not_of(kSpaces);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpaces) - first + 1);
}

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

std::optional<size_t> ColumnIndex(std::string_view name) {
  for (size_t i = 0; i < kColumns.size(); ++i) {
    if (EqualsIgnoringCase(kColumns[i].name, name)) return i;
  }
  return std::nullopt;
}

// Calls `visit` with each dot-separated member name of `path`, stopping when it returns false.
template <typename Visit>
void ForEachMember(std::string_view path, Visit visit) {
  size_t start = 0;
  while (true) {
    const size_t dot = path.find('.', start);
    if (!visit(path.substr(start, dot - start)) || dot == std::string_view::npos) return;
    start = dot + 1;
  }
}

// The value at `path`, or nullptr when any step is missing or not an object.
const Json* Find(const Json& document, std::string_view path) {
  const Json* at = &document;
  ForEachMember(path, [&](std::string_view member) {
    const auto it = at->is_object() ? at->find(member) : at->end();
    at = it == at->end() ? nullptr : &*it;
    return at != nullptr;
  });
  return at;
}

void Set(Json& document, std::string_view path, Json value) {
  Json* at = &document;
  ForEachMember(path, [&](std::string_view member) {
    at = &(*at)[std::string(member)];
    return true;
  });
  *at = std::move(value);
}

// Export fallback for any value: strings as they are, anything unexpected as its JSON text so the
// row shows it (and the import reports it) instead of dropping it.
std::string CellText(const Json* value) {
  if (value == nullptr || value->is_null()) return {};
  if (value->is_string()) return value->get<std::string>();
  if (value->is_boolean()) return value->get<bool>() ? "true" : "false";
  return value->dump();
}

std::string CentsText(const Json* value) {
  if (value != nullptr && value->is_number_float()) {
    const double number = value->get<double>();
    if (std::isfinite(number) && std::trunc(number) == number &&
        std::fabs(number) <= kMaxExactInteger) {
      return std::to_string(static_cast<int64_t>(number));
    }
  }
  return CellText(value);
}

// Rounded to hundredths, trailing zeros dropped: 12.5 -> "12.5", 10 -> "10", 33.333 -> "33.33".
std::string PercentText(const Json* value) {
  if (value == nullptr || !value->is_number_float()) return CellText(value);
  const double number = value->get<double>();
  if (!std::isfinite(number) || std::fabs(number) * 100 > kMaxExactInteger) {
    return CellText(value);
  }
  const int64_t hundredths = std::llround(number * 100);
  const uint64_t magnitude =
      hundredths < 0 ? static_cast<uint64_t>(-hundredths) : static_cast<uint64_t>(hundredths);
  std::string text = hundredths < 0 ? "-" : "";
  text += std::to_string(magnitude / 100);
  const uint64_t fraction = magnitude % 100;
  if (fraction != 0) {
    text += '.';
    text += static_cast<char>('0' + fraction / 10);
    if (fraction % 10 != 0) text += static_cast<char>('0' + fraction % 10);
  }
  return text;
}

std::string TagsText(const Json* value) {
  if (value == nullptr || !value->is_array()) return CellText(value);
  std::string text;
  for (const Json& tag : *value) {
    if (!text.empty()) text += ';';
    text += CellText(&tag);
  }
  return text;
}

std::string AssigneeText(const Json* value, const UsernameForUserId& username_for) {
  if (value == nullptr || !value->is_string() || !username_for) return CellText(value);
  const std::string& user_id = value->get_ref<const std::string&>();
  if (user_id.empty()) return {};
  return username_for(user_id).value_or(user_id);
}

const Json* PhoneMember(const Json& lead, int phone, std::string_view member) {
  const Json* phones = Find(lead, "phones");
  if (phones == nullptr || !phones->is_array() || static_cast<size_t>(phone) >= phones->size()) {
    return nullptr;
  }
  return Find((*phones)[static_cast<size_t>(phone)], member);
}

std::optional<int64_t> ParseInteger(std::string_view text) {
  int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

// An integer when the text is one (so "10" stays 10, not 10.0), otherwise a finite decimal.
std::optional<Json> ParsePercent(std::string_view text) {
  if (const auto integer = ParseInteger(text)) return Json(*integer);
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty() ||
      !std::isfinite(value)) {
    return std::nullopt;
  }
  return Json(value);
}

std::optional<bool> ParseBool(std::string_view text) {
  for (const std::string_view yes : {"true", "yes", "1"}) {
    if (EqualsIgnoringCase(text, yes)) return true;
  }
  for (const std::string_view no : {"false", "no", "0"}) {
    if (EqualsIgnoringCase(text, no)) return false;
  }
  return std::nullopt;
}

Json SplitTags(std::string_view text) {
  Json tags = Json::array();
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(';', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view tag = Trim(text.substr(start, end - start));
    if (!tag.empty()) tags.push_back(std::string(tag));
    start = end + 1;
  }
  return tags;
}

struct PhoneCells {
  std::optional<std::string> number;
  std::optional<std::string> type;
  std::string_view type_column;
};

}  // namespace

const std::vector<std::string_view>& LeadCsvColumns() {
  static const std::vector<std::string_view> kNames = [] {
    std::vector<std::string_view> names;
    for (const Column& column : kColumns) names.push_back(column.name);
    return names;
  }();
  return kNames;
}

LeadCsvHeader LeadCsvHeader::FromRow(const std::vector<std::string>& header_row) {
  LeadCsvHeader header;
  header.positions_.assign(kColumns.size(), std::nullopt);
  header.size_ = header_row.size();
  std::set<size_t> reported;
  for (size_t i = 0; i < header_row.size(); ++i) {
    std::string_view name = header_row[i];
    if (i == 0 && name.starts_with(kByteOrderMark)) name.remove_prefix(kByteOrderMark.size());
    name = Trim(name);
    const std::optional<size_t> column = ColumnIndex(name);
    if (!column) {
      header.unknown_.push_back({.index = i, .name = std::string(name)});
    } else if (header.positions_[*column]) {
      if (reported.insert(*column).second) {
        header.errors_.push_back({.field = std::string(kColumns[*column].name),
                                  .message = "This column appears more than once in the header."});
      }
    } else {
      header.positions_[*column] = i;
    }
  }
  return header;
}

std::optional<size_t> LeadCsvHeader::CellIndex(std::string_view column) const {
  const std::optional<size_t> index = ColumnIndex(column);
  return index ? CellIndexOfColumn(*index) : std::nullopt;
}

std::optional<size_t> LeadCsvHeader::CellIndexOfColumn(size_t column) const {
  return column < positions_.size() ? positions_[column] : std::nullopt;
}

std::vector<std::string> LeadToCsvRow(const Json& lead, const UsernameForUserId& username_for) {
  std::vector<std::string> row;
  row.reserve(kColumns.size());
  for (const Column& column : kColumns) {
    const Json* value =
        column.phone >= 0 ? PhoneMember(lead, column.phone, column.path) : Find(lead, column.path);
    switch (column.kind) {
      case Kind::kCents:
        row.push_back(CentsText(value));
        break;
      case Kind::kPercent:
        row.push_back(PercentText(value));
        break;
      case Kind::kTags:
        row.push_back(TagsText(value));
        break;
      case Kind::kAssignee:
        row.push_back(AssigneeText(value, username_for));
        break;
      default:
        row.push_back(CellText(value));
        break;
    }
  }
  return row;
}

LeadCsvRecord LeadFromCsvRow(const LeadCsvHeader& header, const std::vector<std::string>& cells,
                             const UserIdForUsername& user_id_for) {
  LeadCsvRecord record;
  PhoneCells phones[2];
  for (size_t index = 0; index < kColumns.size(); ++index) {
    const Column& column = kColumns[index];
    const std::optional<size_t> position = header.CellIndexOfColumn(index);
    if (!position || *position >= cells.size()) continue;
    const std::string& cell = cells[*position];
    const std::string_view trimmed = Trim(cell);
    if (trimmed.empty()) continue;  // an empty cell means "absent"
    auto fail = [&](std::string message) {
      record.errors.push_back({.field = std::string(column.name), .message = std::move(message)});
    };
    switch (column.kind) {
      case Kind::kText:
        Set(record.fields, column.path, cell);
        break;
      case Kind::kServerText:
        if (column.name == "id") record.id = cell;
        if (column.name == "createdAt") record.created_at = cell;
        break;
      case Kind::kPhoneNumber:
        phones[column.phone].number = cell;
        break;
      case Kind::kPhoneType:
        phones[column.phone].type = cell;
        phones[column.phone].type_column = column.name;
        break;
      case Kind::kCents:
        if (const auto cents = ParseInteger(trimmed)) {
          Set(record.fields, column.path, *cents);
        } else {
          fail("Must be a whole number of cents, digits only (e.g. 125000 for $1,250.00).");
        }
        break;
      case Kind::kPercent:
        if (auto percent = ParsePercent(trimmed)) {
          Set(record.fields, column.path, std::move(*percent));
        } else {
          fail("Must be a number, such as 10 or 12.5.");
        }
        break;
      case Kind::kBool:
        if (const auto flag = ParseBool(trimmed)) {
          Set(record.fields, column.path, *flag);
        } else {
          fail("Must be true or false (yes/no and 1/0 are accepted too).");
        }
        break;
      case Kind::kTags:
        if (Json tags = SplitTags(trimmed); !tags.empty()) {
          Set(record.fields, column.path, std::move(tags));
        }
        break;
      case Kind::kAssignee: {
        const std::optional<std::string> user_id =
            user_id_for ? user_id_for(trimmed) : std::nullopt;
        if (user_id) {
          Set(record.fields, column.path, *user_id);
        } else {
          fail("No user has the username \"" + std::string(trimmed) + "\".");
        }
        break;
      }
    }
  }
  // A second phone alone becomes the first: phones is a list, its order is the only meaning.
  Json phone_list = Json::array();
  for (const PhoneCells& phone : phones) {
    if (phone.number) {
      Json entry = {{"number", *phone.number}};
      if (phone.type) entry["type"] = *phone.type;
      phone_list.push_back(std::move(entry));
    } else if (phone.type) {
      record.errors.push_back(
          {.field = std::string(phone.type_column),
           .message = "A phone type needs a phone number beside it; the phone cell is empty."});
    }
  }
  if (!phone_list.empty()) record.fields["phones"] = std::move(phone_list);
  return record;
}

}  // namespace ccrm::leads
