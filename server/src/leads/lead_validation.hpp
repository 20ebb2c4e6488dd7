// What a lead document and a deadline body may hold: every client-writable field checked at
// once, each error under its own path, and the document normalized in place.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.hpp"
#include "common/problem.hpp"

namespace ccrm::leads {

struct LeadValidationOptions {
  // The region a phone number without a country code is read in (ISO 3166 alpha-2): the
  // office's, since office staff type the numbers. The lead's address country is deliberately
  // not used: the loss property's country says nothing about how a number was written, and the
  // same typed text would mean different numbers on different leads, or change meaning when
  // someone corrects the address.
  std::string default_region = "US";
};

// Members the server sets and a client may not: a stored lead carries them, so strip them
// (StripServerOwnedLeadFields) before validating the result of a merge patch.
inline constexpr std::array<std::string_view, 7> kServerOwnedLeadFields = {
    "id", "deadlines", "createdAt", "createdBy", "updatedAt", "version", "deletedAt"};

// The members a client may write.
inline constexpr std::array<std::string_view, 12> kWritableLeadFields = {
    "firstName", "lastName", "email",      "phones", "preferredContact", "address",
    "status",    "source",   "assignedTo", "tags",   "legalHold",        "claim"};

// Removes kServerOwnedLeadFields from `lead` (an object; anything else is left alone).
void StripServerOwnedLeadFields(Json& lead);

// Validates the client-writable part of a whole lead - a create body, or a stored lead (server
// fields stripped) with a merge patch applied - and normalizes it in place. Returns every
// problem found (empty when the lead is acceptable; then feed nothing, else feed the result to
// Problem::Validation). Paths look like "firstName", "phones[1].number", "claim.adjuster.email",
// "tags[3]"; "" is the document itself. Never throws on any JSON value.
//
// Normalization: strings trimmed; optional members that are null or blank removed (a stored
// lead never holds null); empty address, claim and adjuster objects removed; status defaults to
// "new", legalHold to false, phone type to "mobile"; tags de-duplicated ignoring ASCII case,
// keeping the first; email domain lower-cased; address country upper-cased; lorSignedAt
// rewritten as UTC with milliseconds; a whole feePercent stored as an integer.
//
// Phones: phones[i].e164 is computed here from phones[i].number and whatever the client sent
// there is overwritten without complaint, so a client can send back the phones of a GET after
// editing a number. Likewise claim.adjuster.phoneE164 is computed from claim.adjuster.phone
// (kept as entered), so the adjuster's number is stored both ways like every other phone.
// A number the phone module refuses is "is not a phone number"; two phones of one lead with the
// same E.164 are an error on the later one.
std::vector<FieldError> ValidateAndNormalizeLead(Json& lead,
                                                 const LeadValidationOptions& options = {});

// Validates a deadline body in place: kind (required when `creating`), dueAt (RFC 3339, required
// when creating; rewritten as UTC with milliseconds), doneAt (RFC 3339, or null to reopen), note
// (at most 2,000 characters, several lines allowed). "id" is read-only; other members are
// refused. An update body is a merge patch: a null or blank doneAt or note is kept as null (reopen,
// clear the note) for the merge, while kind and dueAt cannot be removed; on create, null and
// blank optional members are simply dropped.
std::vector<FieldError> ValidateDeadlineInput(Json& deadline, bool creating);

}  // namespace ccrm::leads
