#include "app/blob_keys.hpp"

#include <cctype>

#include "app/derived_keys.hpp"
#include "crypto/digest.hpp"

namespace ccrm::app {

BlobKeys MakeBlobKeys(const Config& config, storage::RecordStore& records,
                      const crypto::MasterKey& master_key) {
  BlobKeys keys;
  std::string id =
      crypto::HexEncode(DerivedKeys::Get(records, master_key, kS3AccessKeyIdPurpose)).substr(0, 16);
  for (char& c : id) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  keys.server.access_key_id = "CCRM" + id;
  keys.server.secret_access_key = crypto::HexEncode(DerivedKeys::Get(records, master_key, kS3SecretPurpose));
  keys.accepted[keys.server.access_key_id] = keys.server.secret_access_key;
  if (!config.blobs.access_key_id.empty()) {
    keys.accepted[config.blobs.access_key_id] = config.blobs.secret_access_key;
  }
  return keys;
}

}  // namespace ccrm::app
