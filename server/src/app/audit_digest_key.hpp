// The key that signs the audit digests: RSA, generated on first use and kept in the record
// store sealed under master.key, so every server sharing the store signs with the same key and
// its public part (published beside the digests) stays valid.
#pragma once

#include "crypto/master_key.hpp"
#include "crypto/rsa_key.hpp"
#include "storage/record_store.hpp"

namespace ccrm::app {

// Loads the sealed key, or creates it (a conditional write: concurrent first starts agree on
// one). Throws crypto::MasterKeyError when the stored key does not open under this master key.
crypto::RsaKey LoadOrCreateDigestKey(storage::RecordStore& records, const crypto::MasterKey& master);
// Reseals the stored key from `from` to `to` (`ccrm keys rotate-master`); true when it changed.
bool ResealDigestKey(storage::RecordStore& records, const crypto::MasterKey& from,
                     const crypto::MasterKey& to);

}  // namespace ccrm::app
