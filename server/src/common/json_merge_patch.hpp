// RFC 7396 JSON Merge Patch: how PATCH bodies (leads, documents) change a stored document.
#pragma once

#include "common/json.hpp"

namespace ccrm {

// The target with `patch` applied, per RFC 7396 §2: an object patch is merged member by member
// (a null member removes that member, an object member merges recursively, anything else
// replaces); a patch that is not an object (array, string, number, boolean, null) replaces the
// target whole. Nulls the patch uses to remove members never end up in the result; nulls already
// in the target, and nulls inside a replacing array, are left as they are (the RFC says so).
Json ApplyMergePatch(const Json& target, const Json& patch);

// Same, in place; cheaper when the caller owns the target anyway.
void MergePatchInPlace(Json& target, const Json& patch);

// Removes every object member whose value is null, at any depth (objects inside arrays
// included), so a document keeps "absent" as "missing" and never as null. Null elements of
// arrays stay: removing them would shift the positions of the others.
void RemoveNulls(Json& document);

}  // namespace ccrm
