// The per-field checks the lead and deadline validators are built from: each reads one member,
// reports what is wrong under its path, and normalizes it in place.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.hpp"
#include "common/json_members.hpp"
#include "common/problem.hpp"

namespace ccrm::leads {

// Past this many errors the rest are summarized in one: a real form never gets near it, and a
// hostile body with a million unknown members must not produce a million-entry reply.
inline constexpr size_t kMaxFieldErrors = 100;

// The largest integer a JSON number holds exactly everywhere (2^53 - 1, JavaScript's
// Number.MAX_SAFE_INTEGER): a browser would silently round anything larger.
inline constexpr int64_t kMaxSafeInteger = 9'007'199'254'740'991;

class FieldErrors {
 public:
  void Add(std::string field, std::string message);
  bool empty() const { return errors_.empty(); }
  std::vector<FieldError> Take();

 private:
  std::vector<FieldError> errors_;
  size_t dropped_ = 0;
};

// "claim" + "carrier" -> "claim.carrier"; "" + "email" -> "email".
std::string MemberPath(std::string_view parent, std::string_view key);
// "phones" + 1 -> "phones[1]".
std::string IndexPath(std::string_view parent, size_t index);
// PrintableKey (common/json_members.hpp) names members in errors.
using ccrm::PrintableKey;

// Reports every member of `object` whose name is not in `known` as "is not a known field".
void RefuseUnknownMembers(const Json& object, std::string_view path,
                          std::initializer_list<std::string_view> known, FieldErrors& errors);

// The member `key` of `object`, or nullptr when absent. A null member is removed first: in a
// stored document an optional field is either there or missing, and a create body may use null
// for "none". When `required`, absence is reported as "is required".
Json* Member(Json& object, std::string_view key, const std::string& path, bool required,
             FieldErrors& errors);

// Strictly valid UTF-8 (no overlong forms, surrogates or values past U+10FFFF)?
bool IsValidUtf8(std::string_view text);

struct TextRule {
  size_t max_chars = 0;     // in Unicode code points
  bool required = false;    // absent, null or empty after trimming is an error
  bool multi_line = false;  // tab, line feed and carriage return allowed inside
};

// A string member, trimmed of ASCII whitespace in place. An optional member that is empty after
// trimming is removed: forms send "" for a field left blank. Returns the stored string, nullptr
// when absent or not a string (reported).
std::string* TrimmedString(Json& object, std::string_view key, const std::string& path,
                           bool required, FieldErrors& errors);

// A TrimmedString that is valid UTF-8, has no control characters (C0, DEL, C1) and at most
// `max_chars` characters. Returns the stored string when acceptable, nullptr otherwise.
std::string* CheckText(Json& object, std::string_view key, const std::string& path,
                       const TextRule& rule, FieldErrors& errors);

// A string member that must be one of `allowed` (exactly, case-sensitive). When absent and
// `fallback` is not empty, it is set to `fallback`.
void CheckEnum(Json& object, std::string_view key, const std::string& path,
               std::initializer_list<std::string_view> allowed, bool required,
               std::string_view fallback, FieldErrors& errors);

// A boolean member; set to `fallback` when absent.
void CheckBool(Json& object, std::string_view key, const std::string& path, bool fallback,
               FieldErrors& errors);

// A calendar date "YYYY-MM-DD" that exists (no February 30th). Returns the stored string.
const std::string* CheckDate(Json& object, std::string_view key, const std::string& path,
                             FieldErrors& errors);

// An RFC 3339 date-time with an offset; rewritten as UTC with milliseconds.
void CheckDateTime(Json& object, std::string_view key, const std::string& path, bool required,
                   FieldErrors& errors);

// Money: a JSON integer of cents, 0 to kMaxSafeInteger. 12.0, 1e3 and "1200" are refused: a float
// or a string here means the client is not counting in cents.
void CheckCents(Json& object, std::string_view key, const std::string& path, FieldErrors& errors);

// A percentage 0-100 with at most two decimals; stored as an integer when whole.
void CheckPercent(Json& object, std::string_view key, const std::string& path, FieldErrors& errors);

// An email address, trimmed: the practical check (see IsPlausibleEmail); the domain lower-cased.
void CheckEmail(Json& object, std::string_view key, const std::string& path, FieldErrors& errors);

// local@domain: one '@', a local part of 1-64 bytes not starting or ending with a dot, a domain
// of non-empty dot-separated labels (at least two), no whitespace or control characters.
// Deliverability is the mail server's business, not a regex's. The 254-character limit is
// CheckEmail's.
bool IsPlausibleEmail(std::string_view email);

// An ISO 3166-1 alpha-2 code as assigned (upper-case).
bool IsIsoCountryCode(std::string_view code);

}  // namespace ccrm::leads
