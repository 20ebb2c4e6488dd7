// The "sigv4" kind of request authentication (RouteOptions::authentication) for the
// S3-compatible endpoint: a request signed with one of the endpoint's key pairs, in the header
// or the presigned query form, is let through as that key (Access::ApiKey(kS3Scope)); anything
// else is answered as S3 answers it (403 AccessDenied, SignatureDoesNotMatch, …), in XML.
#pragma once

#include <memory>

#include "common/clock.hpp"
#include "gateway/dispatcher.hpp"
#include "storage/aws/sigv4.hpp"

namespace ccrm::blobs {

inline constexpr const char* kSigV4Authentication = "sigv4";
inline constexpr const char* kS3Scope = "s3";

gateway::BeforeHook MakeSigV4Hook(std::shared_ptr<const storage::aws::SigV4Verifier> verifier,
                                  ClockPtr clock);

}  // namespace ccrm::blobs
