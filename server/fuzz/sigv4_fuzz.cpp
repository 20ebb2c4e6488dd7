// SigV4 as the S3 endpoint checks it, and HTTP byte ranges.
// Input: method, path, query, then header lines ("name: value"), one per line.
// Invariants: checking any request never throws or crashes; a request that verifies is one
// whose signature we made: the same request presigned by Presign (for whatever method, path
// and parameters the input names) verifies, and with any byte of its signature changed it no
// longer does; a Range that parses selects bytes inside the object, never none.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "storage/aws/sigv4.hpp"
#include "storage/byte_range.hpp"

namespace {

using ccrm::storage::ByteRange;
namespace aws = ccrm::storage::aws;

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return lines;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::vector<std::string_view> lines = Lines(input);
  const std::string method(lines.size() > 0 ? lines[0] : "GET");
  const std::string path(lines.size() > 1 ? lines[1] : "/");
  const std::string query(lines.size() > 2 ? lines[2] : "");
  aws::HeaderList headers;
  for (size_t i = 3; i < lines.size(); ++i) {
    const size_t colon = lines[i].find(':');
    if (colon == std::string_view::npos) continue;
    headers.emplace_back(std::string(lines[i].substr(0, colon)), std::string(lines[i].substr(colon + 1)));
  }

  const auto now = std::chrono::system_clock::from_time_t(1700000000);
  const aws::SigV4Verifier verifier({{"AKIDFUZZ", "fuzz-secret"}}, "us-east-1", "s3");
  // Whatever arrives: an answer, never a crash or an exception.
  (void)verifier.Verify({.method = method, .path = path, .raw_query = query, .headers = &headers}, now);

  // What we presign verifies, and only unaltered.
  aws::PresignRequest request{.method = method.empty() ? "GET" : method,
                              .endpoint = "http://127.0.0.1:8080",
                              .path = path,
                              .region = "us-east-1",
                              .now = now,
                              .expires_seconds = 900};
  for (const auto& [name, value] : headers) {
    std::string lower;
    bool ok = !name.empty();
    for (char c : name) {
      const bool token = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
      ok = ok && token;
      lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    // host is the endpoint's; x-amz-* would be signed query parameters in S3's presigner;
    // Authorization would be a second way of signing (refused).
    if (ok && lower != "host" && lower != "authorization" && !lower.starts_with("x-amz-")) {
      request.signed_headers.emplace_back(lower, value);
    }
  }
  const std::string url = aws::Presign({"AKIDFUZZ", "fuzz-secret", ""}, request);
  const size_t q = url.find('?');
  FUZZ_CHECK(q != std::string::npos, "a presigned URL has a query");
  const std::string signed_query = url.substr(q + 1);
  aws::HeaderList sent = request.signed_headers;
  sent.emplace_back("Host", "127.0.0.1:8080");
  const aws::Verification ok = verifier.Verify(
      {.method = request.method, .path = request.path, .raw_query = signed_query, .headers = &sent},
      now + std::chrono::seconds(1));
  FUZZ_CHECK(ok.outcome == aws::Verification::Outcome::kOk, "what we presign verifies");
  std::string altered = signed_query;
  char& last = altered.back();
  last = last == '0' ? '1' : '0';
  const aws::Verification bad = verifier.Verify(
      {.method = request.method, .path = request.path, .raw_query = altered, .headers = &sent},
      now + std::chrono::seconds(1));
  FUZZ_CHECK(bad.outcome != aws::Verification::Outcome::kOk, "an altered signature does not");

  if (const auto range = ByteRange::Parse(input)) {
    for (uint64_t object_size : {uint64_t{0}, uint64_t{1}, uint64_t{100}, uint64_t{1} << 40}) {
      if (const auto span = range->Resolve(object_size)) {
        FUZZ_CHECK(span->length >= 1 && span->first + span->length <= object_size,
                   "a range selects bytes inside the object");
      }
    }
  }
  return 0;
}
