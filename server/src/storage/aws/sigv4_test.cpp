// SigV4 against AWS's published examples (S3 API reference, "Signature Calculations for the
// Authorization Header" and "Authenticating Requests: Using Query Parameters"), and the
// verifier's refusals.
#include "storage/aws/sigv4.hpp"

#include <gtest/gtest.h>

namespace ccrm::storage::aws {
namespace {

using Outcome = Verification::Outcome;

const AwsCredentials kExample{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""};
const char* kHost = "examplebucket.s3.amazonaws.com";
const char* kEmptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

std::chrono::system_clock::time_point At(const char* amz_date) { return *ParseAmzDate(amz_date); }

std::string SignatureIn(const HeaderList& added) {
  for (const auto& [name, value] : added) {
    if (name == "authorization") return value.substr(value.find("Signature=") + 10);
  }
  return "";
}

SigV4Verifier ExampleVerifier() {
  return SigV4Verifier({{kExample.access_key_id, kExample.secret_access_key}}, "us-east-1", "s3");
}

TEST(SigV4Test, PublishedHeaderVectors) {
  const auto now = At("20130524T000000Z");
  // GET Object with a range.
  HeaderList get = {{"Host", kHost}, {"Range", "bytes=0-9"}};
  EXPECT_EQ(SignatureIn(SignHeaders(kExample, "GET", "/test.txt", "", get, kEmptyHash,
                                    "us-east-1", "s3", now)),
            "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
  // PUT Object, with a signed payload and a path that needs encoding.
  HeaderList put = {{"Host", kHost},
                    {"Date", "Fri, 24 May 2013 00:00:00 GMT"},
                    {"x-amz-storage-class", "REDUCED_REDUNDANCY"}};
  EXPECT_EQ(SignatureIn(SignHeaders(
                kExample, "PUT", "/test$file.text", "", put,
                "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072", "us-east-1",
                "s3", now)),
            "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
  // GET Bucket Lifecycle: a query parameter without a value.
  HeaderList host = {{"Host", kHost}};
  EXPECT_EQ(SignatureIn(SignHeaders(kExample, "GET", "/", "lifecycle", host, kEmptyHash,
                                    "us-east-1", "s3", now)),
            "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
  // GET Bucket (list objects): parameters sorted.
  EXPECT_EQ(SignatureIn(SignHeaders(kExample, "GET", "/", "max-keys=2&prefix=J", host, kEmptyHash,
                                    "us-east-1", "s3", now)),
            "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
}

TEST(SigV4Test, PublishedPresignedVector) {
  PresignRequest request{.method = "GET",
                         .endpoint = std::string("https://") + kHost,
                         .path = "/test.txt",
                         .region = "us-east-1",
                         .now = At("20130524T000000Z"),
                         .expires_seconds = 86400};
  const std::string url = Presign(kExample, request);
  EXPECT_EQ(url,
            "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&"
            "X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&"
            "X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&"
            "X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
}

struct Presigned {
  std::string path;
  std::string query;
};

Presigned Split(const std::string& url) {
  const size_t start = url.find('/', url.find("://") + 3);
  const size_t q = url.find('?');
  return {url.substr(start, q - start), url.substr(q + 1)};
}

TEST(SigV4Test, TheVerifierAcceptsWhatWasSignedAndNothingElse) {
  const auto signed_at = At("20130524T000000Z");
  PresignRequest request{.method = "PUT",
                         .endpoint = "http://127.0.0.1:8080",
                         .path = "/s3/documents/leads/L1/ünï cødé.pdf",
                         .region = "us-east-1",
                         .now = signed_at,
                         .expires_seconds = 900,
                         .signed_headers = {{"content-type", "application/pdf"}}};
  const Presigned p = Split(Presign(kExample, request));
  EXPECT_EQ(p.path, "/s3/documents/leads/L1/%C3%BCn%C3%AF%20c%C3%B8d%C3%A9.pdf");
  const SigV4Verifier verifier = ExampleVerifier();
  HeaderList headers = {{"Host", "127.0.0.1:8080"}, {"Content-Type", "application/pdf"}};
  auto verify = [&](std::string_view method, std::string_view path, std::string_view query,
                    const HeaderList& h, std::chrono::system_clock::time_point now) {
    return verifier.Verify({.method = method, .path = path, .raw_query = query, .headers = &h}, now);
  };
  const std::string path = request.path;
  const auto now = signed_at + std::chrono::seconds(60);
  const Verification ok = verify("PUT", path, p.query, headers, now);
  EXPECT_EQ(ok.outcome, Outcome::kOk) << ok.message;
  EXPECT_EQ(ok.access_key_id, "AKIAIOSFODNN7EXAMPLE");
  EXPECT_TRUE(ok.presigned);
  // Another method, another key, another signed header value.
  EXPECT_EQ(verify("GET", path, p.query, headers, now).outcome, Outcome::kSignatureMismatch);
  EXPECT_EQ(verify("PUT", path + "x", p.query, headers, now).outcome, Outcome::kSignatureMismatch);
  HeaderList other_type = {{"Host", "127.0.0.1:8080"}, {"Content-Type", "text/html"}};
  EXPECT_EQ(verify("PUT", path, p.query, other_type, now).outcome, Outcome::kSignatureMismatch);
  HeaderList other_host = {{"Host", "evil.example"}, {"Content-Type", "application/pdf"}};
  EXPECT_EQ(verify("PUT", path, p.query, other_host, now).outcome, Outcome::kSignatureMismatch);
  HeaderList no_type = {{"Host", "127.0.0.1:8080"}};
  EXPECT_EQ(verify("PUT", path, p.query, no_type, now).outcome, Outcome::kSignatureMismatch);
  // An unsigned x-amz- header added on the way.
  HeaderList extra = headers;
  extra.emplace_back("x-amz-acl", "public-read");
  EXPECT_EQ(verify("PUT", path, p.query, extra, now).outcome, Outcome::kMalformed);
  // Any byte of the query altered.
  for (size_t i = 0; i < p.query.size(); ++i) {
    std::string altered = p.query;
    altered[i] = altered[i] == 'A' ? 'B' : 'A';
    EXPECT_NE(verify("PUT", path, altered, headers, now).outcome, Outcome::kOk) << altered;
  }
  // Expired, and dated in the future.
  EXPECT_EQ(verify("PUT", path, p.query, headers, signed_at + std::chrono::seconds(901)).outcome,
            Outcome::kExpired);
  EXPECT_EQ(verify("PUT", path, p.query, headers, signed_at - std::chrono::hours(1)).outcome,
            Outcome::kExpired);
  // Nothing signed at all.
  EXPECT_EQ(verify("PUT", path, "", headers, now).outcome, Outcome::kUnsigned);
}

TEST(SigV4Test, TheVerifierChecksHeaderSignedRequests) {
  const auto now = At("20130524T000000Z");
  HeaderList headers = {{"Host", kHost}, {"Range", "bytes=0-9"}};
  const HeaderList added =
      SignHeaders(kExample, "GET", "/test.txt", "", headers, kEmptyHash, "us-east-1", "s3", now);
  headers.insert(headers.end(), added.begin(), added.end());
  const SigV4Verifier verifier = ExampleVerifier();
  auto verify = [&](const HeaderList& h, std::chrono::system_clock::time_point at) {
    return verifier.Verify({.method = "GET", .path = "/test.txt", .raw_query = "", .headers = &h}, at);
  };
  const Verification ok = verify(headers, now);
  EXPECT_EQ(ok.outcome, Outcome::kOk) << ok.message;
  EXPECT_FALSE(ok.presigned);
  EXPECT_EQ(ok.payload_hash, kEmptyHash);
  HeaderList other_range = headers;
  other_range[1].second = "bytes=0-99";
  EXPECT_EQ(verify(other_range, now).outcome, Outcome::kSignatureMismatch);
  EXPECT_EQ(verify(headers, now + std::chrono::minutes(16)).outcome, Outcome::kTooSkewed);
  // An unknown key, another region.
  const HeaderList stranger = SignHeaders({"AKIDSTRANGER", "secret", ""}, "GET", "/test.txt", "",
                                          {{"Host", kHost}}, kEmptyHash, "us-east-1", "s3", now);
  HeaderList with_stranger = {{"Host", kHost}};
  with_stranger.insert(with_stranger.end(), stranger.begin(), stranger.end());
  EXPECT_EQ(verify(with_stranger, now).outcome, Outcome::kUnknownKey);
  const HeaderList elsewhere = SignHeaders(kExample, "GET", "/test.txt", "", {{"Host", kHost}},
                                           kEmptyHash, "eu-west-1", "s3", now);
  HeaderList with_elsewhere = {{"Host", kHost}};
  with_elsewhere.insert(with_elsewhere.end(), elsewhere.begin(), elsewhere.end());
  EXPECT_EQ(verify(with_elsewhere, now).outcome, Outcome::kWrongScope);
}

TEST(SigV4Test, AmzDatesRoundTripAndBadOnesAreRefused) {
  const auto t = At("20240229T235959Z");
  EXPECT_EQ(AmzDate(t), "20240229T235959Z");
  for (const char* bad : {"", "20240229T235959", "2024-02-29T23:59:59Z", "20241329T000000Z",
                          "2024022xT000000Z", "20240229T246000Z",
                          "94071005T221320Z"}) {  // past what the clock can count (fuzzing)
    EXPECT_FALSE(ParseAmzDate(bad)) << bad;
  }
}

}  // namespace
}  // namespace ccrm::storage::aws
