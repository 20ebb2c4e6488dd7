// The `changes` of an audit record: field-level diffs ({field: {old, new}}) and the masking that
// keeps secrets out of the trail while still showing that they were set or cleared.
#pragma once

#include <string_view>

#include "common/json.hpp"

namespace ccrm::audit {

// The value every secret becomes in the trail.
inline constexpr const char* kMasked = "***";

// {field: {"old": …, "new": …}} for every field whose value differs; nested objects are
// compared field by field and reported under dotted paths ("address.city"). A null or absent
// side counts as an empty object, so Diff(null, created) lists every field of a new entity.
// Arrays and scalars compare as whole values; an absent field reads as null.
// Throws std::invalid_argument when a side is neither an object nor null.
Json Diff(const Json& before, const Json& after);

// True when a field name (or dotted path) names a secret: its last word, after dropping words
// for the secret's form (hash, pem, value, encrypted…), is password/passwd/passphrase/secret/
// token/key/credential(s). Words split on camelCase, '_', '-' and '.'. So "passwordHash",
// "refreshToken", "apiKey", "privateKeyPem", "mfa.secret" are secrets; "keyboard", "monkey",
// "keyId", "apiKey.name", "passwordChangedAt" are not.
bool IsSecretField(std::string_view name);

// A copy of `changes` with secret fields masked: {old, new} become "***" unless null (so "was
// set" / "was cleared" stays visible), and secret-named members nested inside any value are
// masked the same way. Throws std::invalid_argument unless `changes` is an object.
Json MaskChanges(const Json& changes);

}  // namespace ccrm::audit
