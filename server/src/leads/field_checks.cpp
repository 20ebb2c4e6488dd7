#include "leads/field_checks.hpp"

#include "common/utf8.hpp"

#include <fmt/format.h>

#include <cmath>
#include <optional>

#include "common/clock.hpp"

namespace ccrm::leads {
namespace {

// ISO 3166-1 alpha-2, the 249 officially assigned codes.
constexpr std::string_view kIsoCountryCodes =
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ "
    "BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM "
    "DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS "
    "GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN "
    "KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ "
    "MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM "
    "PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV "
    "SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI "
    "VN VU WF WS YE YT ZA ZM ZW";

// Longer than any RFC 3339 date-time a client has reason to send (nanoseconds and an offset
// fit in 35): checked before parsing so a megabyte of fraction digits is not scanned.
constexpr size_t kMaxDateTimeLength = 40;

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view Trimmed(std::string_view text) {
  while (!text.empty() && IsAsciiSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsAsciiSpace(text.back())) text.remove_suffix(1);
  return text;
}

struct TextScan {
  bool valid_utf8 = true;
  bool has_control = false;
  size_t code_points = 0;
};

// One pass over `text`: strict UTF-8 decoding, control characters, length in code points.
TextScan Scan(std::string_view text, bool multi_line) {
  TextScan scan;
  for (size_t i = 0; i < text.size();) {
    const auto decoded = NextCodePoint(text, i);
    if (!decoded) {
      scan.valid_utf8 = false;
      return scan;
    }
    const char32_t cp = *decoded;
    const bool allowed_space = multi_line && (cp == '\t' || cp == '\n' || cp == '\r');
    if ((cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) && !allowed_space) scan.has_control = true;
    ++scan.code_points;
  }
  return scan;
}

// What is wrong with `text` under `rule`, for a person; nullopt when it is fine.
std::optional<std::string> TextProblem(std::string_view text, const TextRule& rule) {
  // A code point takes at most 4 bytes: anything longer is too long whatever it holds.
  if (text.size() > rule.max_chars * 4) {
    return fmt::format("must be at most {} characters", rule.max_chars);
  }
  const TextScan scan = Scan(text, rule.multi_line);
  if (!scan.valid_utf8) return "must be valid UTF-8 text";
  if (scan.has_control) return "must not contain control characters";
  if (scan.code_points > rule.max_chars) {
    return fmt::format("must be at most {} characters", rule.max_chars);
  }
  return std::nullopt;
}

bool IsDigits(std::string_view text) {
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return !text.empty();
}

int ToInt(std::string_view digits) {
  int value = 0;
  for (const char c : digits) value = value * 10 + (c - '0');
  return value;
}

bool IsRealDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !IsDigits(text.substr(0, 4)) ||
      !IsDigits(text.substr(5, 2)) || !IsDigits(text.substr(8, 2))) {
    return false;
  }
  const int year = ToInt(text.substr(0, 4));
  const int month = ToInt(text.substr(5, 2));
  const int day = ToInt(text.substr(8, 2));
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + ((month == 2 && leap) ? 1 : 0);
}

std::string JoinNames(std::initializer_list<std::string_view> values) {
  std::string out;
  for (const auto value : values) {
    if (!out.empty()) out += ", ";
    out += value;
  }
  return out;
}

}  // namespace

void FieldErrors::Add(std::string field, std::string message) {
  if (errors_.size() >= kMaxFieldErrors) {
    ++dropped_;
    return;
  }
  errors_.push_back({std::move(field), std::move(message)});
}

std::vector<FieldError> FieldErrors::Take() {
  std::vector<FieldError> out = std::move(errors_);
  if (dropped_ > 0) {
    out.push_back({"", fmt::format("{} more errors were not listed", dropped_)});
  }
  errors_.clear();
  dropped_ = 0;
  return out;
}

std::string MemberPath(std::string_view parent, std::string_view key) {
  std::string out(parent);
  if (!out.empty()) out += '.';
  out += key;
  return out;
}

std::string IndexPath(std::string_view parent, size_t index) {
  return fmt::format("{}[{}]", parent, index);
}

void RefuseUnknownMembers(const Json& object, std::string_view path,
                          std::initializer_list<std::string_view> known, FieldErrors& errors) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    bool found = false;
    for (const auto name : known) found = found || it.key() == name;
    if (!found) errors.Add(MemberPath(path, PrintableKey(it.key())), "is not a known field");
  }
}

Json* Member(Json& object, std::string_view key, const std::string& path, bool required,
             FieldErrors& errors) {
  auto it = object.find(key);
  if (it != object.end() && it->is_null()) {
    object.erase(it);
    it = object.end();
  }
  if (it == object.end()) {
    if (required) errors.Add(path, "is required");
    return nullptr;
  }
  return &*it;
}

bool IsValidUtf8(std::string_view text) { return Scan(text, true).valid_utf8; }

std::string* TrimmedString(Json& object, std::string_view key, const std::string& path,
                           bool required, FieldErrors& errors) {
  Json* value = Member(object, key, path, required, errors);
  if (value == nullptr) return nullptr;
  if (!value->is_string()) {
    errors.Add(path, "must be a string");
    return nullptr;
  }
  auto& text = value->get_ref<std::string&>();
  const std::string_view trimmed = Trimmed(text);
  if (trimmed.empty()) {
    if (required) {
      errors.Add(path, "must not be empty");
    } else {
      object.erase(object.find(key));
    }
    return nullptr;
  }
  if (trimmed.size() != text.size()) text = std::string(trimmed);
  return &text;
}

std::string* CheckText(Json& object, std::string_view key, const std::string& path,
                       const TextRule& rule, FieldErrors& errors) {
  std::string* text = TrimmedString(object, key, path, rule.required, errors);
  if (text == nullptr) return nullptr;
  if (const auto problem = TextProblem(*text, rule)) {
    errors.Add(path, *problem);
    return nullptr;
  }
  return text;
}

void CheckEnum(Json& object, std::string_view key, const std::string& path,
               std::initializer_list<std::string_view> allowed, bool required,
               std::string_view fallback, FieldErrors& errors) {
  Json* value = Member(object, key, path, required, errors);
  if (value == nullptr) {
    if (!fallback.empty()) object[std::string(key)] = fallback;
    return;
  }
  if (value->is_string()) {
    const auto& text = value->get_ref<const std::string&>();
    for (const auto name : allowed) {
      if (text == name) return;
    }
  }
  errors.Add(path, "must be one of " + JoinNames(allowed));
}

void CheckBool(Json& object, std::string_view key, const std::string& path, bool fallback,
               FieldErrors& errors) {
  Json* value = Member(object, key, path, false, errors);
  if (value == nullptr) {
    object[std::string(key)] = fallback;
  } else if (!value->is_boolean()) {
    errors.Add(path, "must be true or false");
  }
}

const std::string* CheckDate(Json& object, std::string_view key, const std::string& path,
                             FieldErrors& errors) {
  std::string* text = TrimmedString(object, key, path, false, errors);
  if (text == nullptr) return nullptr;
  if (!IsRealDate(*text)) {
    errors.Add(path, "must be a real calendar date as YYYY-MM-DD");
    return nullptr;
  }
  return text;
}

void CheckDateTime(Json& object, std::string_view key, const std::string& path, bool required,
                   FieldErrors& errors) {
  std::string* text = TrimmedString(object, key, path, required, errors);
  if (text == nullptr) return;
  const auto time = text->size() <= kMaxDateTimeLength ? ParseRfc3339(*text) : std::nullopt;
  if (!time) {
    errors.Add(path, "must be an RFC 3339 date-time such as 2025-06-01T14:30:00Z");
    return;
  }
  *text = FormatRfc3339Millis(*time);
}

void CheckCents(Json& object, std::string_view key, const std::string& path, FieldErrors& errors) {
  Json* value = Member(object, key, path, false, errors);
  if (value == nullptr) return;
  if (value->is_number_unsigned()) {
    if (value->get<uint64_t>() > static_cast<uint64_t>(kMaxSafeInteger)) {
      errors.Add(path, fmt::format("must be at most {}", kMaxSafeInteger));
    }
  } else if (value->is_number_integer()) {
    const auto cents = value->get<int64_t>();
    if (cents < 0) {
      errors.Add(path, "must not be negative");
    } else if (cents > kMaxSafeInteger) {
      errors.Add(path, fmt::format("must be at most {}", kMaxSafeInteger));
    }
  } else {
    errors.Add(path, "must be an integer number of cents");
  }
}

void CheckPercent(Json& object, std::string_view key, const std::string& path,
                  FieldErrors& errors) {
  Json* value = Member(object, key, path, false, errors);
  if (value == nullptr) return;
  if (!value->is_number()) {
    errors.Add(path, "must be a number");
    return;
  }
  const double percent = value->get<double>();
  if (!std::isfinite(percent) || percent < 0 || percent > 100) {
    errors.Add(path, "must be between 0 and 100");
    return;
  }
  // 33.33 is 33.329999999999998... in binary: compare hundredths with a tolerance far below
  // 0.01 and far above the rounding error of a double near 10,000.
  const double hundredths = std::round(percent * 100);
  if (std::fabs(percent * 100 - hundredths) > 1e-6) {
    errors.Add(path, "must have at most two decimals");
    return;
  }
  const auto whole = static_cast<int64_t>(hundredths);
  if (whole % 100 == 0) {
    *value = whole / 100;
  } else {
    *value = hundredths / 100;  // the double nearest the decimal: prints as typed
  }
}

void CheckEmail(Json& object, std::string_view key, const std::string& path, FieldErrors& errors) {
  std::string* text = CheckText(object, key, path, {.max_chars = 254}, errors);
  if (text == nullptr) return;
  if (!IsPlausibleEmail(*text)) {
    errors.Add(path, "must be an email address such as name@example.com");
    return;
  }
  // Domains are case-insensitive; the local part may not be, so it is kept as typed.
  std::string& email = *text;
  for (size_t i = email.rfind('@') + 1; i < email.size(); ++i) {
    if (email[i] >= 'A' && email[i] <= 'Z') email[i] = static_cast<char>(email[i] - 'A' + 'a');
  }
}

bool IsPlausibleEmail(std::string_view email) {
  const size_t at = email.find('@');
  if (at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  const std::string_view local = email.substr(0, at);
  const std::string_view domain = email.substr(at + 1);
  if (local.empty() || local.size() > 64 || domain.size() < 3) return false;
  for (const char c : email) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) return false;  // whitespace and control characters
  }
  if (domain.find('.') == std::string_view::npos || domain.front() == '.' || domain.back() == '.' ||
      domain.find("..") != std::string_view::npos) {
    return false;
  }
  return local.front() != '.' && local.back() != '.';
}

bool IsIsoCountryCode(std::string_view code) {
  if (code.size() != 2 || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z') {
    return false;
  }
  for (size_t i = 0; i + 1 < kIsoCountryCodes.size(); i += 3) {
    if (kIsoCountryCodes.substr(i, 2) == code) return true;
  }
  return false;
}

}  // namespace ccrm::leads
