// Phone numbers as people type them, normalized to E.164 (libphonenumber behind a small API).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ccrm {

// Longer input is refused before the library sees it: no real number, even with an extension
// and punctuation, needs more, and it bounds the work a hostile string can cause.
inline constexpr size_t kMaxPhoneInputLength = 40;

// The E.164 form ("+15552010100") of a number as entered, or nullopt when it is not a plausible
// phone number. A number without a country code is read as dialled in `default_region` (an ISO
// 3166 code such as "US", any case), so "(555) 201-0100" and "555.201.0100" from "US", "020 7946
// 0958" from "GB" and an international prefix from the region ("011 44 20 7946 0958" from "US",
// "00 1 555 201 0100" from "GB") all work; "+" numbers work from any region, even an unknown one.
//
// Accepted characters: ASCII digits, spaces and + ( ) - . / (a "+" only first), then optionally
// an extension: "x", "ext", "ext.", "extension" or "#" followed by 1-10 digits. The extension is
// dropped from the result (E.164 has none; the caller keeps the entered text, which still has it).
// Letters are refused, vanity numbers included: in a CRM's phone field they are far more often a
// note typed in the wrong place ("call after 5pm") than "1-800-FLOWERS", and the library would
// turn "5552010100abc" into a different number.
//
// Plausible means the library's IsPossibleNumber with the area code present (a 7-digit US local
// number is refused: it cannot be dialled from elsewhere, so it has no E.164 form), and for
// country code 1 the fixed NANP shape (area code and exchange start with 2-9). IsValidNumber is
// deliberately not required: it checks the ranges assigned in the library's metadata snapshot,
// which refuses the 555 area code, Ofcom's drama ranges and any range assigned after the
// installed package was built - an office must be able to save whatever number a client gives.
//
// Thread-safe; the library's logger is silenced once, so it never writes to stderr.
std::optional<std::string> NormalizeToE164(std::string_view entered,
                                           std::string_view default_region);

// NormalizeToE164's reading by libphonenumber alone (read again until it reads as itself), for
// `main` already cut to its number (MainPart: permitted characters, no extension) and `region`
// upper-cased and known (or "ZZ").
// NormalizeToE164 reads the everyday North American shapes itself first; this is exposed for
// the test that holds the two readings together.
std::optional<std::string> NormalizeToE164ByLibrary(std::string_view main,
                                                    const std::string& region);

// The ASCII digits of `text` in order ("+1 (555) 201-0100" -> "15552010100"): what the search
// index stores and matches phone numbers by.
std::string PhoneDigits(std::string_view text);

// Whether libphonenumber has metadata for `region` (an ISO 3166 alpha-2 code, any case; "001"
// and other non-geographic entities are not regions). A server setting naming the default
// region should be checked with this at startup.
bool IsKnownPhoneRegion(std::string_view region);

}  // namespace ccrm
