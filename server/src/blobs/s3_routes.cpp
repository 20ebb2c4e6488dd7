#include "blobs/s3_routes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <ctime>

#include "blobs/s3_error.hpp"
#include "blobs/sigv4_authentication.hpp"

namespace ccrm::blobs {
namespace {

using gateway::Request;
using gateway::Response;

// RFC 9110's IMF-fixdate, for Last-Modified.
std::string HttpDateOf(int64_t unix_millis) {
  const std::time_t t = static_cast<std::time_t>(unix_millis / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return fmt::format("{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT", kDays[tm.tm_wday % 7], tm.tm_mday,
                     kMonths[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

bool IsHexSha256(std::string_view text) {
  return text.size() == 64 && text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

std::optional<uint64_t> ContentLength(const Request& r) {
  const std::string* header = r.Header("Content-Length");
  if (!header) return std::nullopt;
  uint64_t value = 0;
  const auto [end, error] = std::from_chars(header->data(), header->data() + header->size(), value);
  if (error != std::errc() || end != header->data() + header->size()) return std::nullopt;
  return value;
}

void DescribeObject(Response& response, const storage::BlobInfo& info) {
  response.headers.Set("ETag", info.etag);
  response.headers.Set("Last-Modified", HttpDateOf(info.last_modified_ms));
  response.headers.Set("Accept-Ranges", "bytes");
  // Always true here: every object is encrypted at rest (SSE-S3's header).
  response.headers.Set("x-amz-server-side-encryption", "AES256");
}

// What a presigned GET may ask the reply to carry (S3's response-* parameters): they are part
// of what was signed, so only whoever made the URL chose them.
void ApplyResponseOverrides(const Request& r, Response& response) {
  static constexpr std::pair<const char*, const char*> kOverrides[] = {
      {"response-content-type", "Content-Type"},
      {"response-content-disposition", "Content-Disposition"},
      {"response-cache-control", "Cache-Control"},
      {"response-content-language", "Content-Language"},
      {"response-expires", "Expires"},
  };
  for (const auto& [parameter, header] : kOverrides) {
    if (std::optional<std::string> value = r.Query(parameter)) response.headers.Set(header, *value);
  }
}

class Handlers {
 public:
  explicit Handlers(std::shared_ptr<const S3Endpoint> endpoint) : endpoint_(std::move(endpoint)) {}

  Response Put(Request& r) const {
    const std::string bucket(r.PathParam("bucket"));
    const std::string key(r.PathParam("key"));
    if (std::optional<Response> refused = CheckNames(r, bucket, key)) return std::move(*refused);
    if (const std::string* encoding = r.Header("Content-Encoding");
        encoding && encoding->find("aws-chunked") != std::string::npos) {
      return Error(r, 501, "NotImplemented",
                   "aws-chunked uploads are not supported; send the body as it is.");
    }
    blobs::Admission admission;
    if (endpoint_->triggers) admission = endpoint_->triggers->Admit(bucket, key);
    if (!admission.allowed) return Error(r, 403, "AccessDenied", admission.reason);
    storage::PutBlobOptions options;
    if (const std::string* type = r.Header("Content-Type")) options.content_type = *type;
    options.expected_size = ContentLength(r);
    options.max_size = endpoint_->max_object_bytes;
    if (const std::string* hash = r.Header("x-amz-content-sha256"); hash && IsHexSha256(*hash)) {
      options.expected_sha256 = *hash;
    }
    options.with_commit = [triggers = endpoint_->triggers,
                           checks = std::move(admission.checks)](const storage::BlobInfo& info) {
      std::vector<storage::WriteAction> actions = checks;
      if (triggers) {
        std::vector<storage::WriteAction> jobs = triggers->Created(info);
        actions.insert(actions.end(), jobs.begin(), jobs.end());
      }
      return actions;
    };
    const storage::ChunkSource source = [&r](std::string& chunk) {
      return r.body_stream->Read(chunk);
    };
    storage::BlobInfo info;
    try {
      info = endpoint_->blobs->Put(bucket, key, source, options);
    } catch (const storage::BlobTooLarge& e) {
      return Error(r, 400, "EntityTooLarge", e.what());
    } catch (const storage::BlobIncomplete& e) {
      return Error(r, 400, "IncompleteBody", e.what());
    } catch (const storage::BlobDigestMismatch& e) {
      return Error(r, 400, "XAmzContentSHA256Mismatch", e.what());
    } catch (const storage::BlobPreconditionFailed& e) {
      return Error(r, 412, "PreconditionFailed", e.what());
    } catch (const ProblemException& e) {
      // The body could not be read whole: over the route's limit, stalled, cut short.
      const int status = e.problem().status;
      if (status == 413) return Error(r, 400, "EntityTooLarge", e.problem().detail);
      if (status == 408) return Error(r, 400, "RequestTimeout", e.problem().detail);
      return Error(r, 400, "IncompleteBody", e.problem().detail);
    }
    if (endpoint_->triggers) endpoint_->triggers->Committed();
    Response response;
    response.status = 200;
    DescribeObject(response, info);
    return response;
  }

  Response Get(Request& r) const {
    const std::string bucket(r.PathParam("bucket"));
    const std::string key(r.PathParam("key"));
    if (std::optional<Response> refused = CheckNames(r, bucket, key)) return std::move(*refused);
    if (r.method == "HEAD") return Head(r, bucket, key);
    std::optional<storage::ByteRange> range;
    if (const std::string* header = r.Header("Range")) range = storage::ByteRange::Parse(*header);
    std::shared_ptr<storage::BlobReader> reader;
    try {
      reader = endpoint_->blobs->Get(bucket, key, range);
    } catch (const storage::BlobRangeNotSatisfiable& e) {
      Response response = Error(r, 416, "InvalidRange", "The requested range is not satisfiable");
      response.headers.Set("Content-Range", fmt::format("bytes */{}", e.size()));
      return response;
    }
    if (!reader) return NoSuchKey(r);
    const storage::BlobInfo& info = reader->info();
    auto sent = std::make_shared<uint64_t>(0);
    Response response = Response::Streaming(
        range ? 206 : 200, info.content_type, [reader, sent](std::string& out) {
          if (!reader->Read(out)) return false;
          *sent += out.size();
          return *sent < reader->length();
        });
    response.stream_length = reader->length();
    DescribeObject(response, info);
    if (range) {
      response.headers.Set("Content-Range",
                           fmt::format("bytes {}-{}/{}", reader->first(),
                                       reader->first() + reader->length() - 1, info.size));
    }
    ApplyResponseOverrides(r, response);
    return response;
  }

  Response Delete(Request& r) const {
    const std::string bucket(r.PathParam("bucket"));
    const std::string key(r.PathParam("key"));
    if (std::optional<Response> refused = CheckNames(r, bucket, key)) return std::move(*refused);
    endpoint_->blobs->Delete(bucket, key);  // S3 answers 204 whether or not there was one
    return Response::NoContent();
  }

 private:
  Response Head(const Request& r, const std::string& bucket, const std::string& key) const {
    const std::optional<storage::BlobInfo> info = endpoint_->blobs->Head(bucket, key);
    if (!info) return NoSuchKey(r);
    Response response;
    response.status = 200;
    response.headers.Set("Content-Type", info->content_type);
    response.headers.Set("Content-Length", std::to_string(info->size));
    DescribeObject(response, *info);
    ApplyResponseOverrides(r, response);
    return response;
  }

  std::optional<Response> CheckNames(const Request& r, const std::string& bucket,
                                     const std::string& key) const {
    const std::vector<std::string> buckets = endpoint_->blobs->Buckets();
    if (std::find(buckets.begin(), buckets.end(), bucket) == buckets.end()) {
      return Error(r, 404, "NoSuchBucket", "The specified bucket does not exist");
    }
    try {
      storage::CheckBlobKey(key);
    } catch (const storage::BlobNameError& e) {
      return Error(r, 400, key.size() > storage::kMaxBlobKeyBytes ? "KeyTooLongError" : "InvalidArgument",
                   e.what());
    }
    return std::nullopt;
  }

  static Response NoSuchKey(const Request& r) {
    return Error(r, 404, "NoSuchKey", "The specified key does not exist.");
  }

  static Response Error(const Request& r, int status, std::string_view code,
                        std::string_view message) {
    return S3Error(status, code, message, r.path, r.request_id);
  }

  std::shared_ptr<const S3Endpoint> endpoint_;
};

}  // namespace

void AddS3Routes(gateway::Router& router, std::shared_ptr<const S3Endpoint> endpoint) {
  const uint64_t max_object_bytes = endpoint->max_object_bytes;
  auto handlers = std::make_shared<const Handlers>(std::move(endpoint));
  const std::string path = std::string(kS3PathPrefix) + "/{bucket}/{key+}";
  const gateway::Access access = gateway::Access::ApiKey(kS3Scope);
  router.Add("PUT", path, [handlers](Request& r) { return handlers->Put(r); },
             {.access = access,
              .max_body_bytes = static_cast<size_t>(max_object_bytes),
              .stream_body = true,
              .authentication = kSigV4Authentication});
  router.Add("GET", path, [handlers](Request& r) { return handlers->Get(r); },
             {.access = access, .authentication = kSigV4Authentication});
  router.Add("DELETE", path, [handlers](Request& r) { return handlers->Delete(r); },
             {.access = access, .authentication = kSigV4Authentication});
}

}  // namespace ccrm::blobs
