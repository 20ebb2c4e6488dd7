// Moving values sealed under master.key to a new master key (`ccrm keys rotate-master`): each
// owner of sealed values (signing keys, TOTP secrets, the audit digest key, blob data keys)
// walks its own items with these two steps, so the rotation needs no knowledge of their layout.
#pragma once

#include <string>
#include <string_view>

#include "common/json.hpp"
#include "crypto/master_key.hpp"
#include "storage/record_store.hpp"

namespace ccrm::storage {

// Reseals the base64url value at `field` (a JSON pointer, e.g. "/mfa/secret") of `item` from
// `from` to `to`. Nothing there (absent or empty): false. Already under `to` (a resumed run):
// false. Throws StorageError naming `what` when the value opens under neither key: it was
// altered, or sealed by a third key, and must not be carried over silently.
bool ResealField(Json& item, std::string_view field, std::string_view aad,
                 const crypto::MasterKey& from, const crypto::MasterKey& to, std::string_view what);

// Writes back an item whose sealed values changed, conditional on the version it was read at
// (bumped, so caches that compare versions re-read it), or on its existence when it has none.
// Throws StorageError when the item changed meanwhile: rotations run with the server stopped.
void PutResealed(RecordStore& records, const std::string& table, Json item, std::string_view what);

}  // namespace ccrm::storage
