#include "auth/password_policy.hpp"

#include "common/utf8.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>
#include <unordered_set>

namespace ccrm::auth {

// server/data/common-passwords.txt, compiled in by scripts/embed-file.py (see CMakeLists.txt).
std::string_view CommonPasswordsText();

namespace {

const std::unordered_set<std::string_view>& CommonPasswords() {
  static const std::unordered_set<std::string_view> set = [] {
    std::unordered_set<std::string_view> entries;
    const std::string_view text = CommonPasswordsText();
    entries.reserve(60000);
    size_t start = 0;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      std::string_view line = text.substr(start, end - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (!line.empty()) entries.insert(line);
      start = end + 1;
    }
    return entries;
  }();
  return set;
}

bool IsDigitOrPunct(char c) {
  return (c >= '0' && c <= '9') || (c >= '!' && c <= '/') || (c >= ':' && c <= '@') ||
         (c >= '[' && c <= '`') || (c >= '{' && c <= '~') || c == ' ';
}

std::string StripTrailing(std::string s) {
  while (!s.empty() && IsDigitOrPunct(s.back())) s.pop_back();
  return s;
}

std::string StripLeading(std::string s) {
  size_t i = 0;
  while (i < s.size() && IsDigitOrPunct(s[i])) ++i;
  return s.substr(i);
}

// The password as typed (lower-cased) and the "core" people decorate with digits and symbols.
std::vector<std::string> Variants(std::string_view password) {
  const std::string lower = AsciiLower(password);
  std::vector<std::string> out = {lower, StripTrailing(lower), StripLeading(StripTrailing(lower))};
  std::erase_if(out, [](const std::string& s) { return s.empty(); });
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Keyboard rows and alphabets; a password inside one (either direction, wrapping around) is a
// walk, not a secret.
bool IsWalk(const std::u32string& s) {
  static const std::vector<std::u32string> kWalks = [] {
    const std::u32string rows[] = {U"abcdefghijklmnopqrstuvwxyz",
                                   U"0123456789",
                                   U"qwertyuiopasdfghjklzxcvbnm",
                                   U"qwertyuiop[]\\",
                                   U"asdfghjkl;'",
                                   U"zxcvbnm,./",
                                   U"qwertzuiop",
                                   U"azertyuiop",
                                   U"1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/",
                                   U"qazwsxedcrfvtgbyhnujmikolp",
                                   U"!@#$%^&*()_+",
                                   U"1234567890-="};
    std::vector<std::u32string> walks;
    for (const auto& row : rows) {
      std::u32string cycled = row + row + row;
      walks.push_back(cycled);
      walks.emplace_back(cycled.rbegin(), cycled.rend());
    }
    return walks;
  }();
  if (s.size() < 4) return false;
  return std::any_of(kWalks.begin(), kWalks.end(),
                     [&](const std::u32string& walk) { return walk.find(s) != walk.npos; });
}

std::string ToUtf8(const std::u32string& s) {
  std::string out;
  for (const char32_t cp : s) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xc0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xe0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
      out += static_cast<char>(0xf0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    }
  }
  return out;
}

bool IsTrivial(const std::string& variant) {
  const auto s = DecodeUtf8(variant);
  if (!s || s->size() < 4) return false;  // short cores are judged with their decoration
  std::u32string distinct = *s;
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  if (distinct.size() < 4) return true;
  if (IsWalk(*s)) return true;
  // A unit repeated ("abcdabcdabcd", "passwordpassword"): as weak as the unit.
  for (size_t period = 1; period <= s->size() / 2; ++period) {
    bool periodic = true;
    for (size_t i = period; i < s->size() && periodic; ++i) periodic = (*s)[i] == (*s)[i - period];
    if (!periodic) continue;
    const std::u32string unit = s->substr(0, period);
    return period <= 4 || IsWalk(unit) || CommonPasswords().contains(ToUtf8(unit));
  }
  return false;
}

}  // namespace

size_t CommonPasswordCount() { return CommonPasswords().size(); }

std::vector<FieldError> CheckPassword(std::string_view password, std::string_view username,
                                      std::string_view email, std::string_view field) {
  std::vector<FieldError> errors;
  auto refuse = [&](std::string message) {
    errors.push_back({std::string(field), std::move(message)});
  };

  const auto code_points = DecodeUtf8(password);
  if (!code_points) {
    refuse("The password contains bytes that are not text (it must be UTF-8).");
    return errors;
  }
  if (std::any_of(code_points->begin(), code_points->end(),
                  [](char32_t c) { return c < 0x20 || c == 0x7f; })) {
    refuse("The password must not contain control characters such as line breaks or tabs.");
    return errors;
  }
  if (code_points->size() < kMinPasswordLength) {
    refuse(
        fmt::format("Use at least {} characters (this one has {}). A few unrelated words "
                    "make a long password that is easy to remember.",
                    kMinPasswordLength, code_points->size()));
  }
  if (code_points->size() > kMaxPasswordLength) {
    refuse(fmt::format("Use at most {} characters.", kMaxPasswordLength));
    return errors;
  }

  const auto variants = Variants(password);
  auto matches = [&](std::string_view personal) {
    if (personal.empty()) return false;
    const std::string lower = AsciiLower(personal);
    return std::find(variants.begin(), variants.end(), lower) != variants.end();
  };
  const size_t at = email.find('@');
  if (matches(username)) {
    refuse("The password must not be your username.");
  } else if (matches(email) || (at != std::string_view::npos && matches(email.substr(0, at)))) {
    refuse("The password must not be your email address or its name part.");
  }

  const auto& common = CommonPasswords();
  if (std::any_of(variants.begin(), variants.end(),
                  [&](const std::string& v) { return common.contains(v); })) {
    refuse(
        "This password is one of the most commonly used passwords, which attackers try "
        "first. Choose something less predictable.");
  } else if (std::any_of(variants.begin(), variants.end(), IsTrivial)) {
    refuse(
        "This password is too easy to guess: it is a repeated character or pattern, or a "
        "sequence of letters, digits or keys. Choose something less predictable.");
  }
  return errors;
}

}  // namespace ccrm::auth
