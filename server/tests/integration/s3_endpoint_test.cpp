// The S3-compatible endpoint over HTTP against the real binary, for what the AWS SDK test
// (server/tests/peers/s3_sdk.test.mjs) cannot send: S3's refusals of malformed and oversized
// uploads, a body that lies about its length, a payload hash that does not match, aws-chunked
// bodies, a 2 GB-class upload that never sits in memory, and kill -9 in the middle of an
// upload (no half object, nothing acknowledged lost).
#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "crypto/digest.hpp"
#include "harness.hpp"
#include "identity_client.hpp"
#include "storage/aws/sigv4.hpp"

namespace ccrm::testing {
namespace {

constexpr char kKeyId[] = "AKIDINTEGRATION00001";
constexpr char kSecret[] = "integration-secret-0123456789";

ServerProcess::Options WithS3Keys(ServerProcess::Options options = {}) {
  options.env["CCRM_BLOBS_ACCESS_KEY_ID"] = kKeyId;
  options.env["CCRM_BLOBS_SECRET_ACCESS_KEY"] = kSecret;
  return options;
}

std::string Host(uint16_t port) { return "127.0.0.1:" + std::to_string(port); }

// A request signed in the header form (SignHeaders), path already encoded as it goes out.
HeaderList Signed(uint16_t port, const std::string& method, const std::string& path,
                  const std::string& payload_hash, HeaderList headers = {}) {
  headers.emplace_back("Host", Host(port));
  const storage::aws::HeaderList added = storage::aws::SignHeaders(
      {kKeyId, kSecret, ""}, method, path, "", headers, payload_hash, "us-east-1", "s3",
      std::chrono::system_clock::now());
  headers.insert(headers.end(), added.begin(), added.end());
  return headers;
}

std::string Code(const HttpResponse& r) {
  const size_t start = r.body.find("<Code>");
  const size_t end = r.body.find("</Code>");
  if (start == std::string::npos || end == std::string::npos) return "<no code: " + r.body + ">";
  return r.body.substr(start + 6, end - start - 6);
}

HttpResponse Put(uint16_t port, const std::string& key, const std::string& body,
                 HeaderList extra = {}) {
  const std::string path = "/s3/recordings/" + key;
  HeaderList headers = Signed(port, "PUT", path, crypto::Sha256Hex(body), std::move(extra));
  return Request(port, "PUT", path, headers, body);
}

HttpResponse GetObject(uint16_t port, const std::string& key) {
  const std::string path = "/s3/recordings/" + key;
  return Request(port, "GET", path, Signed(port, "GET", path, crypto::Sha256Hex("")));
}

TEST(S3EndpointTest, RefusesWhatS3Refuses) {
  ServerProcess server(WithS3Keys({.env = {{"CCRM_BLOBS_MAX_OBJECT_BYTES", "100000"}}}));
  const uint16_t port = server.port();

  EXPECT_EQ(Put(port, "calls/a.wav", "RIFF....WAVE").status, 200);
  EXPECT_EQ(GetObject(port, "calls/a.wav").body, "RIFF....WAVE");

  // Unsigned: AccessDenied, in S3's XML.
  const HttpResponse unsigned_get = Request(port, "GET", "/s3/recordings/calls/a.wav");
  EXPECT_EQ(unsigned_get.status, 403);
  EXPECT_EQ(unsigned_get.HeaderOr("Content-Type"), "application/xml");
  EXPECT_EQ(Code(unsigned_get), "AccessDenied");

  // Over blobs.max_object_bytes: declared, refused before the body; chunked, as it shows.
  const std::string big(100001, 'b');
  const HttpResponse too_big = Put(port, "big", big);
  EXPECT_EQ(too_big.status, 413);  // the route's limit answers on the head, as a problem
  HeaderList chunked_headers =
      Signed(port, "PUT", "/s3/recordings/big", crypto::Sha256Hex(big), {{"Transfer-Encoding", "chunked"}});
  std::string chunked = "PUT /s3/recordings/big HTTP/1.1\r\n";
  for (const auto& [name, value] : chunked_headers) chunked += name + ": " + value + "\r\n";
  chunked += "\r\n";
  for (size_t at = 0; at < big.size(); at += 30000) {
    const std::string piece = big.substr(at, 30000);
    char size[16];
    std::snprintf(size, sizeof size, "%zx", piece.size());
    chunked += std::string(size) + "\r\n" + piece + "\r\n";
  }
  chunked += "0\r\n\r\n";
  const HttpResponse streamed = Send(port, chunked);
  EXPECT_EQ(streamed.status, 400) << streamed.body;
  EXPECT_EQ(Code(streamed), "EntityTooLarge");
  EXPECT_EQ(GetObject(port, "big").status, 404);

  // A payload hash that does not match what arrives: nothing stored.
  const std::string path = "/s3/recordings/hash";
  const HttpResponse mismatch =
      Request(port, "PUT", path, Signed(port, "PUT", path, crypto::Sha256Hex("something else")), "content");
  EXPECT_EQ(mismatch.status, 400);
  EXPECT_EQ(Code(mismatch), "XAmzContentSHA256Mismatch");
  EXPECT_EQ(GetObject(port, "hash").status, 404);

  // aws-chunked bodies are not supported.
  const HttpResponse aws_chunked =
      Put(port, "aws-chunked", "x", {{"Content-Encoding", "aws-chunked"}});
  EXPECT_EQ(aws_chunked.status, 501);
  EXPECT_EQ(Code(aws_chunked), "NotImplemented");

  // Names: an unknown bucket, a key over 1,024 bytes.
  const std::string other = "/s3/elsewhere/x";
  EXPECT_EQ(Code(Request(port, "GET", other, Signed(port, "GET", other, crypto::Sha256Hex("")))),
            "NoSuchBucket");
  EXPECT_EQ(Code(Put(port, std::string(1025, 'k'), "x")), "KeyTooLongError");

  // The documents bucket takes only uploads a document waits for.
  const std::string doc_path = "/s3/documents/leads/lead_x/doc_01JD7Q8Z3M4N5P6R7S8T9V0W1X";
  const HttpResponse unwanted = Request(port, "PUT", doc_path,
                                        Signed(port, "PUT", doc_path, crypto::Sha256Hex("x")), "x");
  EXPECT_EQ(unwanted.status, 403);
  EXPECT_EQ(Code(unwanted), "AccessDenied");
}

TEST(S3EndpointTest, ABodyShorterThanDeclaredStoresNothing) {
  ServerProcess server(WithS3Keys());
  const uint16_t port = server.port();
  const std::string body(50000, 's');
  HeaderList headers = Signed(port, "PUT", "/s3/recordings/short", "UNSIGNED-PAYLOAD",
                              {{"Content-Length", "80000"}});
  std::string raw = "PUT /s3/recordings/short HTTP/1.1\r\n";
  for (const auto& [name, value] : headers) raw += name + ": " + value + "\r\n";
  raw += "\r\n" + body;
  {
    Connection connection(port);
    ASSERT_TRUE(connection.Write(raw));
    connection.ShutdownWrite();  // the client gives up halfway
    connection.WaitClosed();
  }
  EXPECT_TRUE(WaitFor([&] { return GetObject(port, "short").status == 404; }, Seconds(5)));
  // And the server is fine.
  EXPECT_EQ(Put(port, "short", "whole").status, 200);
  EXPECT_EQ(GetObject(port, "short").body, "whole");
}

// Resident memory of a process, in KiB (VmRSS).
long ResidentKiB(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
  }
  return -1;
}

TEST(S3EndpointTest, ALargeUploadStreamsThroughInBoundedMemoryAndSurvivesKill9Midway) {
  TempDir dir;
  ServerProcess::Options options = WithS3Keys({.data_dir = dir.path()});
  auto server = std::make_unique<ServerProcess>(options);
  uint16_t port = server->port();
  const long before = ResidentKiB(server->pid());

  // 256 MiB in one PUT, fed 1 MiB at a time: the server holds a pipe's worth, not the body.
  constexpr size_t kBlock = 1024 * 1024;
  constexpr size_t kBlocks = 256;
  std::string block(kBlock, '\0');
  for (size_t i = 0; i < kBlock; ++i) block[i] = static_cast<char>((i * 7919) >> 3);
  const std::string path = "/s3/recordings/big.wav";
  HeaderList headers = Signed(port, "PUT", path, "UNSIGNED-PAYLOAD",
                              {{"Content-Length", std::to_string(kBlock * kBlocks)}});
  std::string head = "PUT " + path + " HTTP/1.1\r\n";
  for (const auto& [name, value] : headers) head += name + ": " + value + "\r\n";
  head += "\r\n";
  long peak = 0;
  {
    Connection connection(port);
    ASSERT_TRUE(connection.Write(head));
    for (size_t i = 0; i < kBlocks; ++i) {
      ASSERT_TRUE(connection.Write(block, Seconds(60))) << "block " << i;
      if (i % 16 == 0) peak = std::max(peak, ResidentKiB(server->pid()));
    }
    const std::optional<HttpResponse> reply = connection.ReadResponse(Seconds(60));
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 200) << reply->body;
  }
  EXPECT_LT(peak - before, 64 * 1024) << "resident memory grew by " << (peak - before) / 1024
                                      << " MiB during a 256 MiB upload";
  const HttpResponse head_reply =
      Request(port, "HEAD", path, Signed(port, "HEAD", path, crypto::Sha256Hex("")));
  EXPECT_EQ(head_reply.HeaderOr("Content-Length"), std::to_string(kBlock * kBlocks));

  // Another upload of the same key, killed halfway: after the restart the old object is whole
  // and nothing of the new one shows.
  headers = Signed(port, "PUT", path, "UNSIGNED-PAYLOAD",
                   {{"Content-Length", std::to_string(kBlock * kBlocks)}});
  head = "PUT " + path + " HTTP/1.1\r\n";
  for (const auto& [name, value] : headers) head += name + ": " + value + "\r\n";
  head += "\r\n";
  {
    Connection connection(port);
    ASSERT_TRUE(connection.Write(head));
    for (size_t i = 0; i < kBlocks / 2; ++i) ASSERT_TRUE(connection.Write(block, Seconds(60)));
    server->Kill9();
  }
  server.reset();
  server = std::make_unique<ServerProcess>(options);
  port = server->port();
  const HttpResponse after = Request(port, "HEAD", path, Signed(port, "HEAD", path, crypto::Sha256Hex("")));
  EXPECT_EQ(after.status, 200);
  EXPECT_EQ(after.HeaderOr("Content-Length"), std::to_string(kBlock * kBlocks));
  const std::string range_path = path;
  HeaderList range = Signed(port, "GET", range_path, crypto::Sha256Hex(""), {{"Range", "bytes=0-1048575"}});
  const HttpResponse first = Request(port, "GET", range_path, range);
  EXPECT_EQ(first.status, 206);
  EXPECT_EQ(first.body, block);
}

}  // namespace
}  // namespace ccrm::testing
