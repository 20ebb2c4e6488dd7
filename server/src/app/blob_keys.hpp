// The key pairs of the S3-compatible endpoint: the server's own (for the URLs it presigns),
// derived from master.key (app/derived_keys.hpp: the same across master key rotations), and the operator's optional pair for S3 clients (blobs.access_key_id, secret_access_key).
#pragma once

#include <map>
#include <string>

#include "app/config.hpp"
#include "crypto/master_key.hpp"
#include "storage/aws/sigv4.hpp"
#include "storage/record_store.hpp"

namespace ccrm::app {

struct BlobKeys {
  storage::aws::AwsCredentials server;
  // Every pair the endpoint accepts: access key id -> secret.
  std::map<std::string, std::string, std::less<>> accepted;
};

BlobKeys MakeBlobKeys(const Config& config, storage::RecordStore& records,
                      const crypto::MasterKey& master_key);

}  // namespace ccrm::app
