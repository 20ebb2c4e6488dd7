// The S3-compatible endpoint on the same server: path-style PUT, GET (ranges), HEAD and
// DELETE of /s3/{bucket}/{key}, authenticated by SigV4 (sigv4_authentication.hpp), answering
// S3's headers and XML errors, so that S3 clients and URLs presigned for S3 work against it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "blobs/object_triggers.hpp"
#include "gateway/router.hpp"
#include "storage/blob_store.hpp"

namespace ccrm::blobs {

inline constexpr const char* kS3PathPrefix = "/s3";

struct S3Endpoint {
  storage::BlobStorePtr blobs;
  std::shared_ptr<const ObjectTriggers> triggers;
  uint64_t max_object_bytes = 5ull * 1024 * 1024 * 1024;  // S3's single PUT limit
};

void AddS3Routes(gateway::Router& router, std::shared_ptr<const S3Endpoint> endpoint);

}  // namespace ccrm::blobs
