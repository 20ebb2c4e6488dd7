// AWS Signature Version 4: signing requests and presigning URLs (the S3 and DynamoDB clients,
// the documents module's upload and download URLs) and checking them (the S3-compatible
// endpoint), in both the Authorization-header form and the presigned query form.
// https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-authenticating-requests.html
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ccrm::storage::aws {

inline constexpr std::string_view kSigV4Algorithm = "AWS4-HMAC-SHA256";
inline constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";
inline constexpr int64_t kMaxPresignSeconds = 7 * 24 * 3600;  // 604800, as S3 allows

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // temporary credentials only
};

// RFC 3986 percent-encoding as SigV4 wants it: everything but A-Z a-z 0-9 - . _ ~ as %XX
// (upper-case hex); '/' kept when `keep_slash` (an S3 object path).
std::string UriEncode(std::string_view text, bool keep_slash);

// "20130524T000000Z" of an instant, and back (nullopt unless exactly that form).
std::string AmzDate(std::chrono::system_clock::time_point when);
std::optional<std::chrono::system_clock::time_point> ParseAmzDate(std::string_view text);

// What is signed, before it is put together.
struct CanonicalParts {
  std::string method;
  std::string path;  // decoded; UriEncode'd with slashes kept
  // Decoded query parameters (the signature's own left out), encoded and sorted when joined.
  std::vector<std::pair<std::string, std::string>> query;
  HeaderList headers;                        // every header the request has (any case)
  std::vector<std::string> signed_headers;  // lower case, sorted
  std::string payload_hash;                 // hex SHA-256 of the body, or UNSIGNED-PAYLOAD
};

std::string CanonicalRequest(const CanonicalParts& parts);
std::string CredentialScope(std::string_view date, std::string_view region,
                            std::string_view service);
std::string StringToSign(std::string_view amz_date, std::string_view scope,
                         std::string_view canonical_request);
// The hex signature of `string_to_sign` under the key derived from `secret` for the scope.
std::string SignatureOf(std::string_view secret, std::string_view date, std::string_view region,
                        std::string_view service, std::string_view string_to_sign);

struct PresignRequest {
  std::string method;        // GET, PUT, HEAD, DELETE
  std::string endpoint;      // scheme://host[:port], no trailing slash
  std::string path;          // decoded, starting with '/', e.g. /s3/documents/leads/L1/a.pdf
  std::string region;
  std::string service = "s3";
  std::chrono::system_clock::time_point now;
  int64_t expires_seconds = 900;  // 1..kMaxPresignSeconds
  HeaderList signed_headers;      // beyond host: e.g. content-type, content-length
  std::vector<std::pair<std::string, std::string>> query;  // e.g. response-content-disposition
};

// The full URL: endpoint + encoded path + the X-Amz-* query with its signature. The client must
// send every header in signed_headers with exactly that value. Throws std::invalid_argument
// on an expiry out of range.
std::string Presign(const AwsCredentials& credentials, const PresignRequest& request);

// Signs a request in the header form: returns the headers to add (x-amz-date,
// x-amz-content-sha256, x-amz-security-token if any, authorization). `headers` must hold host.
HeaderList SignHeaders(const AwsCredentials& credentials, std::string_view method,
                       std::string_view path, std::string_view raw_query,
                       const HeaderList& headers, std::string_view payload_hash,
                       std::string_view region, std::string_view service,
                       std::chrono::system_clock::time_point now);

// A request as the verifier sees it.
struct SignedRequest {
  std::string_view method;
  std::string_view path;       // decoded
  std::string_view raw_query;  // as received, without '?'
  const HeaderList* headers = nullptr;
};

struct Verification {
  enum class Outcome {
    kOk,
    kUnsigned,           // neither form present
    kMalformed,          // a part missing or ill-formed (S3: AuthorizationQueryParametersError)
    kUnknownKey,         // InvalidAccessKeyId
    kWrongScope,         // another region or service
    kExpired,            // presigned URL past its expiry (AccessDenied "Request has expired")
    kTooSkewed,          // header form dated too far from now (RequestTimeTooSkewed)
    kSignatureMismatch,  // SignatureDoesNotMatch
  };
  Outcome outcome = Outcome::kUnsigned;
  std::string message;        // for the error reply; never secrets
  std::string access_key_id;  // who signed (kOk)
  bool presigned = false;
  // The payload hash the signer committed to (header form): UNSIGNED-PAYLOAD or a hex SHA-256
  // the body must then have.
  std::string payload_hash;
  std::vector<std::string> signed_headers;
};

class SigV4Verifier {
 public:
  // `keys`: access key id -> secret. `max_skew`: how far a header-form request's date may be
  // from now (S3: 15 minutes), and how early a presigned URL may be dated.
  SigV4Verifier(std::map<std::string, std::string, std::less<>> keys, std::string region,
                std::string service, std::chrono::seconds max_skew = std::chrono::minutes(15));

  Verification Verify(const SignedRequest& request,
                      std::chrono::system_clock::time_point now) const;

 private:
  std::map<std::string, std::string, std::less<>> keys_;
  std::string region_;
  std::string service_;
  std::chrono::seconds max_skew_;
};

}  // namespace ccrm::storage::aws
