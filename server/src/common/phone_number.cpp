#include "common/phone_number.hpp"

#include <phonenumbers/logger.h>
#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include <set>

namespace ccrm {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

// The library's own singleton is created once, thread-safely (pthread_once), and its methods are
// const and guard their regex cache with a mutex. Setting the logger is not thread-safe, so it
// happens here, inside a function-local static's initialization, before anyone else can use it.
const PhoneNumberUtil& Util() {
  static const PhoneNumberUtil* const util = [] {
    PhoneNumberUtil* instance = PhoneNumberUtil::GetInstance();
    // Unknown regions and unparseable input are logged by the library; they are ordinary input
    // here and must not reach the server's stderr.
    instance->SetLogger(new i18n::phonenumbers::NullLogger());  // takes ownership
    return instance;
  }();
  return *util;
}

const std::set<std::string>& SupportedRegions() {
  static const std::set<std::string> regions = [] {
    std::set<std::string> out;
    Util().GetSupportedRegions(&out);
    return out;
  }();
  return regions;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string AsciiUpper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// Whether `tail` (starting at the first letter or '#') is an extension we accept: a marker, then
// optional spaces, dots or a colon, then 1-10 digits, then optional trailing spaces.
bool IsExtension(std::string_view tail) {
  size_t pos = 0;
  if (tail[0] == '#') {
    pos = 1;
  } else {
    std::string word;
    while (pos < tail.size() && AsciiLower(tail[pos]) >= 'a' && AsciiLower(tail[pos]) <= 'z') {
      word += AsciiLower(tail[pos++]);
    }
    if (word != "x" && word != "ext" && word != "extension") return false;
  }
  while (pos < tail.size() && (tail[pos] == ' ' || tail[pos] == '.' || tail[pos] == ':')) ++pos;
  size_t digits = 0;
  while (pos < tail.size() && IsDigit(tail[pos])) ++pos, ++digits;
  while (pos < tail.size() && tail[pos] == ' ') ++pos;
  return digits >= 1 && digits <= 10 && pos == tail.size();
}

// The part of `entered` to hand to the library (the extension cut off), or nullopt when the
// characters are not those of a phone number.
std::optional<std::string_view> MainPart(std::string_view entered) {
  size_t end = entered.size();
  bool seen_digit = false;
  bool seen_other = false;  // anything but spaces, so a '+' is only accepted first
  for (size_t i = 0; i < entered.size(); ++i) {
    const char c = entered[i];
    if (IsDigit(c)) {
      seen_digit = true;
      seen_other = true;
    } else if (c == '+') {
      if (seen_other) return std::nullopt;
      seen_other = true;
    } else if (c == ' ' || c == '(' || c == ')' || c == '-' || c == '.' || c == '/') {
      if (c != ' ') seen_other = true;
    } else if (c == '#' || (AsciiLower(c) >= 'a' && AsciiLower(c) <= 'z')) {
      if (!seen_digit || !IsExtension(entered.substr(i))) return std::nullopt;
      end = i;
      break;
    } else {
      return std::nullopt;  // letters of other scripts, other punctuation, control characters
    }
  }
  if (!seen_digit) return std::nullopt;
  return entered.substr(0, end);
}

// North American numbering plan: NPA-NXX-XXXX with neither the area code nor the exchange
// starting with 0 or 1. A rule of the plan itself, not of metadata that ages.
bool IsNanpShaped(const PhoneNumber& number) {
  const std::string national = std::to_string(number.national_number());
  return national.size() == 10 && national[0] >= '2' && national[3] >= '2';
}

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

// Whether `text` is exactly `shape`, where 'D' stands for an ASCII digit; the digits are
// appended to `digits`.
bool MatchesShape(std::string_view text, std::string_view shape, std::string& digits) {
  if (text.size() != shape.size()) return false;
  const size_t before = digits.size();
  for (size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == 'D' ? !IsDigit(text[i]) : text[i] != shape[i]) {
      digits.resize(before);
      return false;
    }
    if (shape[i] == 'D') digits += text[i];
  }
  return true;
}

// The E.164 form of a North American number written in one of the shapes nearly every US or
// Canadian number arrives in — "(214) 555-0100", "214-555-0100", "214.555.0100",
// "2145550100", each optionally after "1" or "+1" — or nullopt for anything else, which the
// library then reads. libphonenumber spends ~15 µs on ICU regular expressions per number, the
// largest single cost of validating a lead (and of an import); for these shapes its answer is
// fixed: the country code 1 (given, or the region's) and the ten digits, when they have the
// NANP shape. PhoneNumberTest.TheEverydayNanpShapesAgreeWithTheLibrary holds the two together.
std::optional<std::string> EverydayNanpE164(std::string_view main, bool region_is_nanp) {
  static constexpr std::string_view kTrunks[] = {"+1 ", "+1-", "+1.", "+1", "1 ", "1-", "1.", "1"};
  static constexpr std::string_view kBodies[] = {
      "(DDD) DDD-DDDD", "(DDD)DDD-DDDD", "(DDD) DDD DDDD", "DDD-DDD-DDDD",
      "DDD.DDD.DDDD",   "DDD DDD DDDD",  "DDDDDDDDDD"};
  std::string_view text = TrimSpaces(main);
  bool plus = false;
  if (text.size() > 10) {  // the body alone has 10 characters or more; a trunk adds some
    for (const std::string_view trunk : kTrunks) {
      if (text.starts_with(trunk) && text.size() - trunk.size() >= 10) {
        plus = trunk.front() == '+';
        text.remove_prefix(trunk.size());
        break;
      }
    }
  }
  if (!plus && !region_is_nanp) return std::nullopt;  // "1 …" is no trunk prefix elsewhere
  std::string e164 = "+1";
  for (const std::string_view body : kBodies) {
    if (MatchesShape(text, body, e164)) {
      // The plan's rule (area code and exchange start with 2-9); anything else goes to the
      // library, whose reading of odd numbers is the reference.
      if (e164[2] < '2' || e164[5] < '2') return std::nullopt;
      return e164;
    }
  }
  return std::nullopt;
}

bool IsNanpRegion(const std::string& region) {
  return Util().GetCountryCodeForRegion(region) == 1;
}

// One reading by libphonenumber: parsed, plausible, formatted as E.164.
std::optional<std::string> ReadOnceByLibrary(std::string_view main, const std::string& region);

}  // namespace

std::optional<std::string> NormalizeToE164(std::string_view entered,
                                           std::string_view default_region) {
  if (entered.size() > kMaxPhoneInputLength) return std::nullopt;
  const auto main = MainPart(entered);
  if (!main) return std::nullopt;
  std::string region = AsciiUpper(default_region);
  if (!IsKnownPhoneRegion(region)) region = "ZZ";  // the library's "unknown": only "+" numbers
  if (auto e164 = EverydayNanpE164(*main, IsNanpRegion(region))) return e164;
  return NormalizeToE164ByLibrary(*main, region);
}

std::optional<std::string> NormalizeToE164ByLibrary(std::string_view main,
                                                    const std::string& region) {
  auto e164 = ReadOnceByLibrary(main, region);
  // The stored form must read as itself, or a caller ID in that form would not find the lead.
  // One reading can leave a form that reads differently again: "+52 1 15 12304 5678" reads as
  // +5215123045678, which reads as +525123045678 (the library strips Mexico's retired mobile
  // "1" once per reading), and "(000) 524 4819" in DE as +49005244819, then +495244819 (found
  // by fuzzing). Read again until it settles; a number that never does is refused.
  for (int pass = 0; e164 && pass < 3; ++pass) {
    auto again = ReadOnceByLibrary(*e164, "ZZ");
    if (again == e164) return e164;
    e164 = std::move(again);
  }
  return std::nullopt;
}

namespace {

std::optional<std::string> ReadOnceByLibrary(std::string_view main, const std::string& region) {
  const PhoneNumberUtil& util = Util();
  PhoneNumber number;
  if (util.Parse(std::string(main), region, &number) != PhoneNumberUtil::NO_PARSING_ERROR) {
    return std::nullopt;
  }
  if (util.IsPossibleNumberWithReason(number) != PhoneNumberUtil::IS_POSSIBLE) return std::nullopt;
  if (number.country_code() == 1 && !IsNanpShaped(number)) return std::nullopt;
  std::string e164;
  util.Format(number, PhoneNumberUtil::E164, &e164);
  // E.164 allows 15 digits in all; the library deems longer German numbers possible
  // ("020 5840 )74646 0958" in DE read as 17 digits; found by fuzzing), which nothing can dial.
  if (e164.size() > 16) return std::nullopt;
  return e164;
}

}  // namespace

std::string PhoneDigits(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (IsDigit(c)) out += c;
  }
  return out;
}

bool IsKnownPhoneRegion(std::string_view region) {
  if (region.size() != 2) return false;
  return SupportedRegions().count(AsciiUpper(region)) != 0;
}

}  // namespace ccrm
