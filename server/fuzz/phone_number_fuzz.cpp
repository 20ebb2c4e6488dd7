// Phone numbers as people type them, read in several default regions.
// Invariants: a number that normalizes is E.164 ("+", then at most 15 digits, no leading zero
// in the country code); normalizing the result again, in any region, gives it back (a stored
// number means one thing); the fast North American reading agrees with libphonenumber's; and
// PhoneDigits keeps exactly the ASCII digits.
#include <cctype>
#include <cstdio>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/phone_number.hpp"
#include "fuzz_check.hpp"

namespace {

bool IsE164(const std::string& number) {
  // E.164: "+", a country code not starting with 0, at most 15 digits in all. Some regions'
  // plans allow very short numbers ("030 9" in DE is +490309), so there is no lower bound.
  if (number.size() < 3 || number.size() > 16 || number[0] != '+' || number[1] == '0') {
    return false;
  }
  for (size_t i = 1; i < number.size(); ++i) {
    if (number[i] < '0' || number[i] > '9') return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1 || size > 200) return 0;
  static constexpr std::string_view kRegions[] = {"US", "GB", "CA", "DE", "MX", "zz", "", "XX"};
  const std::string_view region = kRegions[data[0] % std::size(kRegions)];
  const std::string_view entered(reinterpret_cast<const char*>(data) + 1, size - 1);

  const std::string digits = ccrm::PhoneDigits(entered);
  size_t expected_digits = 0;
  for (char c : entered) expected_digits += (c >= '0' && c <= '9') ? 1 : 0;
  FUZZ_CHECK(digits.size() == expected_digits, "PhoneDigits keeps every ASCII digit");
  for (char c : digits) FUZZ_CHECK(c >= '0' && c <= '9', "and nothing else");

  const auto e164 = ccrm::NormalizeToE164(entered, region);
  if (!e164) return 0;
  if (!IsE164(*e164)) std::fprintf(stderr, "\"%.*s\" in %.*s -> %s\n", int(entered.size()), entered.data(), int(region.size()), region.data(), e164->c_str());
  FUZZ_CHECK(IsE164(*e164), "a normalized number is E.164");
  for (std::string_view other : {std::string_view("US"), std::string_view("GB"), region}) {
    const auto again = ccrm::NormalizeToE164(*e164, other);
    if (!(again.has_value() && *again == *e164)) std::fprintf(stderr, "%s in %.*s -> %s\n", e164->c_str(), int(other.size()), other.data(), again ? again->c_str() : "(refused)");
    FUZZ_CHECK(again.has_value() && *again == *e164, "an E.164 number reads as itself anywhere");
  }
  return 0;
}
