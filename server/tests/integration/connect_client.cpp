#include "connect_client.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "crypto/digest.hpp"
#include "storage/aws/sigv4.hpp"

namespace ccrm::testing {
namespace {

constexpr char kS3KeyId[] = "AKIDRECORDINGS000001";
constexpr char kS3Secret[] = "recordings-secret-0123456789";

}  // namespace

std::string CreateIngestKey(uint16_t port, const std::string& admin, const std::string& scope) {
  const HttpResponse r = CallApi(port, "POST", "/api/v1/api-keys", admin,
                                 {{"name", "connect " + scope}, {"scopes", Json::array({scope})}});
  EXPECT_EQ(r.status, 201) << r.body;
  return BodyOf(r).value("secret", "");
}

Json Event(const std::string& contact, const std::string& type, Json detail) {
  detail["contactId"] = contact;
  detail["eventType"] = type;
  detail["channel"] = "VOICE";
  detail["initiationMethod"] = "INBOUND";
  detail["initiationTimestamp"] = "2026-12-01T15:00:00.123Z";
  return {{"version", "0"},
          {"id", "evt-" + contact + "-" + type},
          {"detail-type", "Amazon Connect Contact Event"},
          {"source", "aws.connect"},
          {"time", "2026-12-01T15:00:01Z"},
          {"detail", detail}};
}

Json Ctr(const std::string& contact, const std::string& number, const std::string& last_update,
         const std::string& agent) {
  return {{"AWSContactTraceRecordFormatVersion", "2017-03-10"},
          {"ContactId", contact},
          {"Channel", "VOICE"},
          {"InitiationMethod", "INBOUND"},
          {"InitiationTimestamp", "2026-12-01T15:00:00Z"},
          {"DisconnectTimestamp", "2026-12-01T15:06:40Z"},
          {"LastUpdateTimestamp", last_update},
          {"CustomerEndpoint", {{"Address", number}, {"Type", "TELEPHONE_NUMBER"}}},
          {"Agent", {{"Username", agent}, {"ConnectedToAgentTimestamp", "2026-12-01T15:00:30Z"}}},
          {"Queue", {{"Name", "Claims intake"}}},
          {"DisconnectReason", "CUSTOMER_DISCONNECT"},
          {"Attributes", {{"claimType", "hail"}}},
          {"Recording", {{"Location", "recordings/connect/acme/CallRecordings/2026/12/01/" + contact + "_20261201T15:00_UTC.wav"},
                         {"Status", "AVAILABLE"},
                         {"Type", "AUDIO"}}},
          {"SomethingNew", {{"ignored", true}}}};
}

HttpResponse Post(uint16_t port, const std::string& path, const std::string& key, const std::string& body,
                  const std::string& type) {
  return Request(port, "POST", path, {{"X-Api-Key", key}, {"Content-Type", type}}, body);
}

// The call of a contact as a manager sees it, without what differs by construction.
Json CallOf(uint16_t port, const std::string& token, const std::string& contact) {
  const Json page = BodyOf(CallApi(port, "GET", "/api/v1/calls?limit=200", token));
  for (const Json& call : page["items"]) {
    if (call.value("contactId", "") == contact) {
      Json copy = call;
      for (const char* key : {"id", "createdAt", "updatedAt", "version", "contactId"}) copy.erase(key);
      return copy;
    }
  }
  return nullptr;
}

std::string CallIdOf(uint16_t port, const std::string& token, const std::string& contact) {
  const Json page = BodyOf(CallApi(port, "GET", "/api/v1/calls?limit=200", token));
  for (const Json& call : page["items"]) {
    if (call.value("contactId", "") == contact) return call.value("id", "");
  }
  return "";
}

Json ConnectFixture(const std::string& name) {
  std::ifstream in(std::string(CCRM_FIXTURES_DIR) + "/connect/" + name);
  EXPECT_TRUE(in) << name;
  std::stringstream text;
  text << in.rdbuf();
  return Json::parse(text.str());
}

ServerProcess::Options WithRecordingsKeys(ServerProcess::Options options) {
  options.env["CCRM_BLOBS_ACCESS_KEY_ID"] = kS3KeyId;
  options.env["CCRM_BLOBS_SECRET_ACCESS_KEY"] = kS3Secret;
  return options;
}

HttpResponse PutRecordingsObject(uint16_t port, const std::string& key, const std::string& bytes) {
  const std::string path = "/s3/recordings/" + key;
  HeaderList headers = {{"Host", "127.0.0.1:" + std::to_string(port)}};
  const storage::aws::HeaderList signed_headers = storage::aws::SignHeaders(
      {kS3KeyId, kS3Secret, ""}, "PUT", path, "", headers, crypto::Sha256Hex(bytes), "us-east-1", "s3",
      std::chrono::system_clock::now());
  headers.insert(headers.end(), signed_headers.begin(), signed_headers.end());
  return Request(port, "PUT", path, headers, bytes);
}

}  // namespace ccrm::testing
