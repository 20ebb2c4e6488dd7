// Keys derived from master.key for one purpose (the audit chain's HMAC key, the S3 endpoint's
// own key pair) that must outlive a master key rotation: the audit chain was keyed with the old
// one, and URLs presigned with the endpoint's secret are still out there. The first rotation
// pins each such key in the record store, sealed under the new master key; later rotations
// reseal it like any other sealed value.
#pragma once

#include <string>
#include <string_view>

#include "crypto/master_key.hpp"
#include "storage/record_store.hpp"

namespace ccrm::app {

inline constexpr const char* kS3AccessKeyIdPurpose = "s3-endpoint-access-key-id";
inline constexpr const char* kS3SecretPurpose = "s3-endpoint-secret";

class DerivedKeys {
 public:
  static constexpr const char* kTable = "pinned_keys";

  // The key for `purpose`: the pinned one once a rotation pinned it, else derived from `master`.
  // Throws crypto::MasterKeyError when a pinned key does not open under `master`.
  static std::string Get(storage::RecordStore& records, const crypto::MasterKey& master,
                         std::string_view purpose);
  // Pins every purpose's key as `from` derives it (first rotation) or reseals the pinned one,
  // under `to`; returns how many were written.
  static size_t Reseal(storage::RecordStore& records, const crypto::MasterKey& from,
                       const crypto::MasterKey& to);
};

}  // namespace ccrm::app
