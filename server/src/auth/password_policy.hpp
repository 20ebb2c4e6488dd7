// What a password must be: long enough, not the person's own name, not a known or trivially
// guessable password (a shipped list of common passwords, embedded at build time).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "common/problem.hpp"

namespace ccrm::auth {

inline constexpr size_t kMinPasswordLength = 12;  // in characters (Unicode code points)
inline constexpr size_t kMaxPasswordLength = 256;

// Everything wrong with `password`, as messages for a person, each under `field`; empty when it
// is acceptable. Refused: invalid UTF-8 or control characters; fewer than 12 or more than 256
// characters; equal (ignoring case) to the username, the email or its local part; in the
// common-passwords list, also once lower-cased and stripped of leading/trailing digits and
// punctuation ("Password12345!" is "password"); a repeated character or unit, an alphabet or
// keyboard sequence. Feed the result to Problem::Validation.
std::vector<FieldError> CheckPassword(std::string_view password, std::string_view username,
                                      std::string_view email, std::string_view field = "password");

// The number of entries in the embedded common-passwords list.
size_t CommonPasswordCount();

}  // namespace ccrm::auth
