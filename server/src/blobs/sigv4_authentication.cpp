#include "blobs/sigv4_authentication.hpp"

#include "blobs/s3_error.hpp"

namespace ccrm::blobs {

gateway::BeforeHook MakeSigV4Hook(std::shared_ptr<const storage::aws::SigV4Verifier> verifier,
                                  ClockPtr clock) {
  return [verifier = std::move(verifier), clock = std::move(clock)](
             const gateway::Route&, gateway::Request& request) -> std::optional<gateway::Response> {
    using Outcome = storage::aws::Verification::Outcome;
    const storage::aws::Verification v =
        verifier->Verify({.method = request.method,
                          .path = request.path,
                          .raw_query = request.query,
                          .headers = &request.headers.All()},
                         clock->Now());
    auto refuse = [&](int status, std::string_view code) {
      return S3Error(status, code, v.message, request.path, request.request_id);
    };
    switch (v.outcome) {
      case Outcome::kOk:
        request.principal = Principal{.id = "s3:" + v.access_key_id,
                                      .name = v.access_key_id,
                                      .groups = {kS3Scope},
                                      .is_api_key = true};
        return std::nullopt;
      case Outcome::kUnsigned:
        return refuse(403, "AccessDenied");
      case Outcome::kMalformed:
      case Outcome::kWrongScope:
        return refuse(400, request.query.find("X-Amz-Algorithm") != std::string::npos
                               ? "AuthorizationQueryParametersError"
                               : "AuthorizationHeaderMalformed");
      case Outcome::kUnknownKey:
        return refuse(403, "InvalidAccessKeyId");
      case Outcome::kExpired:
        return refuse(403, "AccessDenied");
      case Outcome::kTooSkewed:
        return refuse(403, "RequestTimeTooSkewed");
      case Outcome::kSignatureMismatch:
        return refuse(403, "SignatureDoesNotMatch");
    }
    return refuse(403, "AccessDenied");
  };
}

}  // namespace ccrm::blobs
