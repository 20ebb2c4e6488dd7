// ASCII text helpers for protocol text (header names, tokens, schemes), where case rules are
// ASCII's and never the locale's.
#pragma once

#include <string_view>

namespace ccrm {

// Equal ignoring ASCII case ("Content-Length" == "content-length").
bool IEquals(std::string_view a, std::string_view b);
// Without leading and trailing spaces, tabs, CR and LF.
std::string_view TrimAscii(std::string_view text);

}  // namespace ccrm
