// Query strings and the If-Match header as every list and write route reads them, and search
// text read as a phone number (PhonePrefixOf).
// Invariants: a refusal is a problem (400, or 412 for a weak If-Match), never another
// exception; accepted values are within their ranges; percent-encoding a decoded value and
// decoding it again gives it back.
#include <cctype>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/problem.hpp"
#include "fuzz_check.hpp"
#include "gateway/http_types.hpp"
#include "gateway/request_params.hpp"
#include "leads/phone_query.hpp"

using ccrm::gateway::Request;

namespace {

template <typename F>
void ExpectOnlyProblems(F&& read, std::initializer_list<int> statuses) {
  try {
    read();
  } catch (const ccrm::ProblemException& problem) {
    bool expected = false;
    for (int status : statuses) expected = expected || problem.problem().status == status;
    FUZZ_CHECK(expected, "a refusal has the documented status");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Request request;
  request.query = std::string(text);
  request.headers.Add("If-Match", std::string(text.substr(0, 64)));

  ExpectOnlyProblems([&] {
    const int limit = ccrm::gateway::PageLimit(request);
    FUZZ_CHECK(limit >= 1 && limit <= ccrm::gateway::kMaxPageLimit, "a limit within range");
  }, {400});
  ExpectOnlyProblems([&] {
    const int64_t n = ccrm::gateway::IntQuery(request, "utcOffsetMinutes", 0, -840, 840);
    FUZZ_CHECK(n >= -840 && n <= 840, "an integer within range");
  }, {400});
  ExpectOnlyProblems([&] {
    const auto version = ccrm::gateway::IfMatchVersion(request);
    if (version) FUZZ_CHECK(*version >= 0, "a version is not negative");
  }, {400, 412});

  for (std::string_view name : {"q", "cursor", "status", "sort", "limit"}) {
    ExpectOnlyProblems([&] {  // 400 for a bad escape anywhere in the query
      const auto value = request.Query(name);
      if (!value) return;
      Request again;
      again.query = std::string(name) + "=" + ccrm::gateway::PercentEncode(*value);
      FUZZ_CHECK(again.Query(name) == value, "encoded and decoded again, the same value");
    }, {400});
  }
  // Search text read as a phone number typed in groups: only its digits, in order, 3-15 of them.
  if (const auto phone = ccrm::leads::PhonePrefixOf(text)) {
    FUZZ_CHECK(phone->size() >= 3 && phone->size() <= 15, "a phone prefix of 3-15 digits");
    std::string digits;
    for (const char c : text) {
      if (c >= '0' && c <= '9') digits += c;
    }
    FUZZ_CHECK(*phone == digits, "the digits of the text, in order");
  }
  const auto decoded = ccrm::gateway::PercentDecode(text, false);
  if (decoded) {
    FUZZ_CHECK(ccrm::gateway::PercentDecode(ccrm::gateway::PercentEncode(*decoded), false) == decoded,
               "PercentDecode inverts encoding");
  }
  return 0;
}
