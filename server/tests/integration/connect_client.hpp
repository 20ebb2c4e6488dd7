// Amazon Connect's deliveries for integration tests: API keys with a connect scope, contact
// events and CTRs shaped as Connect writes them, the committed fixtures, and objects written
// into the recordings bucket through the S3-compatible endpoint (as Connect writes to S3).
#pragma once

#include <cstdint>
#include <string>

#include "harness.hpp"
#include "leads_client.hpp"

namespace ccrm::testing {

// POST /api-keys with one scope (connect:ingest, connect:lookup): the key's secret.
std::string CreateIngestKey(uint16_t port, const std::string& admin, const std::string& scope);

// An EventBridge contact event for a voice contact started 2026-12-01T15:00:00.123Z.
Json Event(const std::string& contact, const std::string& type, Json detail = Json::object());
// An inbound CTR ending 400 s after its start, with a recording under Connect's layout.
Json Ctr(const std::string& contact, const std::string& number, const std::string& last_update,
         const std::string& agent = "ctr.agent");

// POST `body` with the key in X-Api-Key.
HttpResponse Post(uint16_t port, const std::string& path, const std::string& key, const std::string& body,
                  const std::string& type = "application/json");

// The call of a contact as `token` sees it in GET /calls, without what differs by construction
// (id, times of its making, version, contact id); null when not listed.
Json CallOf(uint16_t port, const std::string& token, const std::string& contact);
// The id of a contact's call ("" when not listed).
std::string CallIdOf(uint16_t port, const std::string& token, const std::string& contact);

// server/tests/fixtures/connect/<name>, parsed.
Json ConnectFixture(const std::string& name);

// The server's S3 credentials for the recordings bucket, set through the environment.
ServerProcess::Options WithRecordingsKeys(ServerProcess::Options options = {});
// A SigV4-signed PUT of `bytes` to recordings/<key> on the server's S3-compatible endpoint.
HttpResponse PutRecordingsObject(uint16_t port, const std::string& key, const std::string& bytes);

}  // namespace ccrm::testing
