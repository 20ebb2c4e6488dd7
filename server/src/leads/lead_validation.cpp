#include "leads/lead_validation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "common/phone_number.hpp"
#include "common/utf8.hpp"
#include "leads/field_checks.hpp"

namespace ccrm::leads {
namespace {

constexpr size_t kMaxPhones = 5;
constexpr size_t kMaxTags = 20;
// Arrays longer than this are refused without looking at their items: it bounds the work and
// the errors a hostile body can cause, yet a list slightly over the limit still gets item errors.
constexpr size_t kMaxItemsExamined = 100;

constexpr size_t kNameChars = 100;
constexpr size_t kMaxUserIdLength = 64;

bool Contains(const auto& names, std::string_view key) {
  return std::find(names.begin(), names.end(), key) != names.end();
}

// Removes `key` from `object` when its value is an empty object.
void DropIfEmpty(Json& object, std::string_view key) {
  const auto it = object.find(key);
  if (it != object.end() && it->is_object() && it->empty()) object.erase(it);
}

// An object member: nullptr when absent (null removed) or not an object (reported).
Json* ObjectMember(Json& parent, std::string_view key, const std::string& path,
                   FieldErrors& errors) {
  Json* value = Member(parent, key, path, false, errors);
  if (value != nullptr && !value->is_object()) {
    errors.Add(path, "must be an object");
    return nullptr;
  }
  return value;
}

// An array member: nullptr when absent, not an array or longer than kMaxItemsExamined
// (reported as longer than `max_items`).
Json* ArrayMember(Json& parent, std::string_view key, const std::string& path, size_t max_items,
                  std::string_view what, FieldErrors& errors) {
  Json* value = Member(parent, key, path, false, errors);
  if (value == nullptr) return nullptr;
  if (!value->is_array()) {
    errors.Add(path, "must be an array");
    return nullptr;
  }
  if (value->size() > kMaxItemsExamined) {
    errors.Add(path, fmt::format("must have at most {} {}", max_items, what));
    return nullptr;
  }
  return value;
}

// Validates the phone number member `key` of `object` and writes its E.164 form to `e164_key`
// (removed when the number is absent or refused). Returns the E.164 form when there is one.
std::optional<std::string> CheckPhone(Json& object, std::string_view key, std::string_view e164_key,
                                      const std::string& path, bool required,
                                      const LeadValidationOptions& options, FieldErrors& errors) {
  if (const auto it = object.find(e164_key); it != object.end()) object.erase(it);
  const std::string* number = CheckText(
      object, key, path, {.max_chars = kMaxPhoneInputLength, .required = required}, errors);
  if (number == nullptr) return std::nullopt;
  auto e164 = NormalizeToE164(*number, options.default_region);
  if (!e164) {
    errors.Add(path, "is not a phone number");
    return std::nullopt;
  }
  object[std::string(e164_key)] = *e164;
  return e164;
}

void CheckPhones(Json& lead, const LeadValidationOptions& options, FieldErrors& errors) {
  Json* phones = ArrayMember(lead, "phones", "phones", kMaxPhones, "phone numbers", errors);
  if (phones == nullptr) return;
  if (phones->size() > kMaxPhones) {
    errors.Add("phones", fmt::format("must have at most {} phone numbers", kMaxPhones));
  }
  std::map<std::string, size_t> seen;  // E.164 -> index of its first phone
  for (size_t i = 0; i < phones->size(); ++i) {
    Json& phone = (*phones)[i];
    const std::string path = IndexPath("phones", i);
    if (!phone.is_object()) {
      errors.Add(path, "must be an object");
      continue;
    }
    RefuseUnknownMembers(phone, path, {"number", "e164", "type", "wrongNumber"}, errors);
    const std::string number_path = MemberPath(path, "number");
    const auto e164 = CheckPhone(phone, "number", "e164", number_path, true, options, errors);
    if (e164) {
      const auto [it, inserted] = seen.emplace(*e164, i);
      if (!inserted) {
        errors.Add(number_path, fmt::format("is the same number as phones[{}]", it->second));
      }
    }
    CheckEnum(phone, "type", MemberPath(path, "type"), {"mobile", "home", "work"}, false, "mobile",
              errors);
    // Set by a call's wrong_number disposition; a person may clear it.
    if (phone.contains("wrongNumber")) {
      CheckBool(phone, "wrongNumber", MemberPath(path, "wrongNumber"), false, errors);
      if (phone.contains("wrongNumber") && phone["wrongNumber"] == false) phone.erase("wrongNumber");
    }
  }
}


void CheckTags(Json& lead, FieldErrors& errors) {
  Json* tags = ArrayMember(lead, "tags", "tags", kMaxTags, "tags", errors);
  if (tags == nullptr) return;
  Json kept = Json::array();
  std::set<std::string> seen;  // lower-cased
  bool all_good = true;
  for (size_t i = 0; i < tags->size(); ++i) {
    Json& tag = (*tags)[i];
    const std::string path = IndexPath("tags", i);
    if (!tag.is_string()) {
      errors.Add(path, "must be a string");
      all_good = false;
      continue;
    }
    // CheckText works on members; a one-member holder lets tags share its rules.
    Json holder = Json::object({{"tag", std::move(tag)}});
    const std::string* text =
        CheckText(holder, "tag", path, {.max_chars = 40, .required = true}, errors);
    if (text == nullptr) {
      all_good = false;
      tag = std::move(holder["tag"]);
      continue;
    }
    // The CSV export joins tags with ';' and the import splits them there.
    if (text->find(';') != std::string::npos) {
      errors.Add(path, "must not contain ';'");
      all_good = false;
      tag = std::move(holder["tag"]);
      continue;
    }
    if (seen.insert(AsciiLower(*text)).second) kept.push_back(*text);
    tag = std::move(holder["tag"]);
  }
  if (kept.size() > kMaxTags) {
    errors.Add("tags", fmt::format("must have at most {} tags", kMaxTags));
  } else if (all_good) {
    *tags = std::move(kept);
  }
}

void CheckAddress(Json& lead, FieldErrors& errors) {
  Json* address = ObjectMember(lead, "address", "address", errors);
  if (address == nullptr) return;
  RefuseUnknownMembers(*address, "address",
                       {"line1", "line2", "city", "state", "postalCode", "country"}, errors);
  CheckText(*address, "line1", "address.line1", {.max_chars = 200}, errors);
  CheckText(*address, "line2", "address.line2", {.max_chars = 200}, errors);
  CheckText(*address, "city", "address.city", {.max_chars = 100}, errors);
  CheckText(*address, "state", "address.state", {.max_chars = 100}, errors);
  CheckText(*address, "postalCode", "address.postalCode", {.max_chars = 20}, errors);
  if (std::string* country = TrimmedString(*address, "country", "address.country", false, errors)) {
    for (char& c : *country) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    if (!IsIsoCountryCode(*country)) {
      errors.Add("address.country", "must be a 2-letter ISO 3166 country code such as US");
    }
  }
  DropIfEmpty(lead, "address");
}

void CheckAssignedTo(Json& lead, FieldErrors& errors) {
  std::string* id = TrimmedString(lead, "assignedTo", "assignedTo", false, errors);
  if (id == nullptr) return;
  bool ok = id->size() > 4 && id->size() <= kMaxUserIdLength && id->starts_with("usr_");
  for (const char c : *id) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '_' || c == '-');
  }
  if (!ok) errors.Add("assignedTo", "must be a user id (usr_...)");
}

void CheckAdjuster(Json& claim, const LeadValidationOptions& options, FieldErrors& errors) {
  Json* adjuster = ObjectMember(claim, "adjuster", "claim.adjuster", errors);
  if (adjuster == nullptr) return;
  RefuseUnknownMembers(*adjuster, "claim.adjuster", {"name", "phone", "phoneE164", "email"},
                       errors);
  CheckText(*adjuster, "name", "claim.adjuster.name", {.max_chars = kNameChars}, errors);
  CheckPhone(*adjuster, "phone", "phoneE164", "claim.adjuster.phone", false, options, errors);
  CheckEmail(*adjuster, "email", "claim.adjuster.email", errors);
  DropIfEmpty(claim, "adjuster");
}

void CheckClaim(Json& lead, const LeadValidationOptions& options, FieldErrors& errors) {
  Json* claim = ObjectMember(lead, "claim", "claim", errors);
  if (claim == nullptr) return;
  RefuseUnknownMembers(
      *claim, "claim",
      {"carrier", "policyNumber", "policyForm", "claimNumber", "dateOfLoss", "dateReported",
       "lossType", "lossDescription", "deductibleCents", "paEstimateCents", "carrierEstimateCents",
       "settlementCents", "feePercent", "lorSignedAt", "adjuster"},
      errors);
  CheckText(*claim, "carrier", "claim.carrier", {.max_chars = 200}, errors);
  CheckText(*claim, "policyNumber", "claim.policyNumber", {.max_chars = 100}, errors);
  CheckText(*claim, "policyForm", "claim.policyForm", {.max_chars = 100}, errors);
  CheckText(*claim, "claimNumber", "claim.claimNumber", {.max_chars = 100}, errors);
  const std::string* loss = CheckDate(*claim, "dateOfLoss", "claim.dateOfLoss", errors);
  const std::string* reported = CheckDate(*claim, "dateReported", "claim.dateReported", errors);
  // Same fixed-width format: comparing the strings compares the dates.
  if (loss != nullptr && reported != nullptr && *reported < *loss) {
    errors.Add("claim.dateReported", "must not be before dateOfLoss");
  }
  CheckEnum(*claim, "lossType", "claim.lossType",
            {"wind", "hail", "water", "fire", "flood", "hurricane", "mold", "theft", "vandalism",
             "other"},
            false, "", errors);
  CheckText(*claim, "lossDescription", "claim.lossDescription",
            {.max_chars = 10'000, .multi_line = true}, errors);
  for (const char* key :
       {"deductibleCents", "paEstimateCents", "carrierEstimateCents", "settlementCents"}) {
    CheckCents(*claim, key, MemberPath("claim", key), errors);
  }
  CheckPercent(*claim, "feePercent", "claim.feePercent", errors);
  CheckDateTime(*claim, "lorSignedAt", "claim.lorSignedAt", false, errors);
  CheckAdjuster(*claim, options, errors);
  DropIfEmpty(lead, "claim");
}

}  // namespace

void StripServerOwnedLeadFields(Json& lead) {
  if (!lead.is_object()) return;
  for (const auto key : kServerOwnedLeadFields) {
    if (const auto it = lead.find(key); it != lead.end()) lead.erase(it);
  }
}

std::vector<FieldError> ValidateAndNormalizeLead(Json& lead, const LeadValidationOptions& options) {
  FieldErrors errors;
  if (!lead.is_object()) {
    errors.Add("", "must be a JSON object");
    return errors.Take();
  }
  for (auto it = lead.begin(); it != lead.end(); ++it) {
    if (Contains(kServerOwnedLeadFields, it.key())) {
      errors.Add(it.key(), "is read-only");
    } else if (!Contains(kWritableLeadFields, it.key())) {
      errors.Add(PrintableKey(it.key()), "is not a known field");
    }
  }
  CheckText(lead, "firstName", "firstName", {.max_chars = kNameChars, .required = true}, errors);
  CheckText(lead, "lastName", "lastName", {.max_chars = kNameChars, .required = true}, errors);
  CheckEmail(lead, "email", "email", errors);
  CheckPhones(lead, options, errors);
  CheckEnum(lead, "preferredContact", "preferredContact", {"phone", "email", "sms"}, false, "",
            errors);
  CheckAddress(lead, errors);
  CheckEnum(lead, "status", "status",
            {"new", "contacted", "qualified", "inspection_scheduled", "lor_signed", "claim_filed",
             "negotiating", "settled", "lost"},
            false, "new", errors);
  CheckText(lead, "source", "source", {.max_chars = 100}, errors);
  CheckAssignedTo(lead, errors);
  CheckTags(lead, errors);
  CheckBool(lead, "legalHold", "legalHold", false, errors);
  CheckClaim(lead, options, errors);
  return errors.Take();
}

std::vector<FieldError> ValidateDeadlineInput(Json& deadline, bool creating) {
  FieldErrors errors;
  if (!deadline.is_object()) {
    errors.Add("", "must be a JSON object");
    return errors.Take();
  }
  for (auto it = deadline.begin(); it != deadline.end(); ++it) {
    if (it.key() == "id") {
      errors.Add("id", "is read-only");
    } else if (!Contains(std::array<std::string_view, 4>{"kind", "dueAt", "doneAt", "note"},
                         it.key())) {
      errors.Add(PrintableKey(it.key()), "is not a known field");
    }
  }
  // In an update body (a merge patch) null means "remove": allowed for doneAt (reopen) and note,
  // not for the members every deadline has.
  if (!creating) {
    for (const char* key : {"kind", "dueAt"}) {
      if (const auto it = deadline.find(key); it != deadline.end() && it->is_null()) {
        errors.Add(key, "cannot be removed");
        deadline.erase(it);
      }
    }
  }
  CheckEnum(deadline, "kind", "kind",
            {"follow_up", "proof_of_loss", "suit_limitation", "carrier_response", "reinspection",
             "appraisal", "other"},
            creating, "", errors);
  CheckDateTime(deadline, "dueAt", "dueAt", creating, errors);
  const bool had_done_at = deadline.contains("doneAt");
  const bool had_note = deadline.contains("note");
  CheckDateTime(deadline, "doneAt", "doneAt", false, errors);
  CheckText(deadline, "note", "note", {.max_chars = 2000, .multi_line = true}, errors);
  // The checks drop a null or blank member, which in an update body would mean "no change";
  // the client asked to reopen or to clear the note, which the merge spells null.
  if (!creating && had_done_at && !deadline.contains("doneAt")) deadline["doneAt"] = nullptr;
  if (!creating && had_note && !deadline.contains("note")) deadline["note"] = nullptr;
  return errors.Take();
}

}  // namespace ccrm::leads
