// A JSON body as a lead PATCH takes it: parsed with the nesting limit, applied as a merge patch
// to a stored lead, then validated and normalized as the service does.
// Invariants: parsing refuses only with the documented exceptions; a document within the limit
// never trips the nesting check; merge patch and validation never throw on any JSON; an
// accepted lead is a fixed point (validating the normalized lead again finds nothing and
// changes nothing); and the normalized lead survives a round trip through its JSON text.
#include <cstdint>
#include <string_view>

#include "common/json_merge_patch.hpp"
#include "common/json_parse.hpp"
#include "fuzz_check.hpp"
#include "leads/lead_validation.hpp"

namespace {

const ccrm::Json& StoredLead() {
  static const ccrm::Json lead = ccrm::Json::parse(R"({
    "id": "lead_01m8d6gbck2tj2y13kbfjtvk1a", "version": 3, "createdAt": "2026-11-30T10:00:00.000Z",
    "createdBy": "usr_01m8d6gbck2tj2y13kbfjtvk1b", "updatedAt": "2026-12-01T10:00:00.000Z",
    "firstName": "Maria", "lastName": "Gonzalez", "email": "maria@example.com",
    "phones": [{"number": "(512) 555-0134", "type": "mobile", "e164": "+15125550134"}],
    "status": "lor_signed", "legalHold": false, "tags": ["roof", "hail-2025"],
    "address": {"line1": "12 Oak St", "city": "Austin", "state": "TX", "postalCode": "78701",
                "country": "US"},
    "claim": {"lossType": "hail", "carrier": "State Farm", "deductibleCents": 250000,
              "feePercent": 10, "adjuster": {"name": "Ann", "phone": "512-555-0199"}},
    "deadlines": []})");
  return lead;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  ccrm::Json patch;
  try {
    patch = ccrm::ParseOutsideJson(text);
  } catch (const ccrm::JsonTooDeep&) {
    FUZZ_CHECK(!ccrm::JsonNestingWithin(text), "only too-deep text is refused as too deep");
    return 0;
  } catch (const ccrm::Json::parse_error&) {
    return 0;
  } catch (const ccrm::Json::out_of_range&) {
    return 0;  // a number beyond a double
  }
  FUZZ_CHECK(ccrm::JsonNestingWithin(text), "a parsed document is within the limit");

  ccrm::Json lead = ccrm::ApplyMergePatch(StoredLead(), patch);
  ccrm::leads::StripServerOwnedLeadFields(lead);
  const auto errors = ccrm::leads::ValidateAndNormalizeLead(lead);
  for (const auto& error : errors) FUZZ_CHECK(!error.message.empty(), "an error says why");
  if (!errors.empty()) return 0;

  ccrm::Json again = lead;
  const auto second = ccrm::leads::ValidateAndNormalizeLead(again);
  FUZZ_CHECK(second.empty(), "an accepted lead is accepted again");
  FUZZ_CHECK(again == lead, "normalizing a normalized lead changes nothing");
  const auto reparsed = ccrm::TryParseOutsideJson(lead.dump());
  FUZZ_CHECK(reparsed.has_value() && *reparsed == lead, "the lead's JSON reads back the same");
  return 0;
}
