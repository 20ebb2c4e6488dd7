// Every operation of /openapi.json, called by every kind of caller: anonymous, an agent, a
// manager, an admin, an API key with the route's scope and one without. What a caller may use
// must get past the access check; what it may not must get exactly the documented refusal
// (401 without the right kind of credentials, 404 for a user outside the route's groups, 403 for
// a key without the scope). The expectations come from each operation's `x-access`, which a
// unit test holds equal to what the router enforces; a new route is covered the day it lands.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "identity_client.hpp"

namespace ccrm::testing {
namespace {

std::string Binary() { return RequiredEnvPath("CCRM_BINARY"); }

struct Caller {
  std::string name;
  std::string token;    // bearer token, or empty
  std::string api_key;  // X-Api-Key, or empty
  std::set<std::string> groups;
  std::set<std::string> scopes;
};

// The status a caller must get when the operation's access (x-access) refuses it, or 0 when it
// is let through.
int ExpectedRefusal(const std::string& access, const Caller& caller) {
  if (access == "public") return 0;
  const bool user = !caller.token.empty();
  const bool key = !caller.api_key.empty();
  if (access.starts_with("apikey:")) {
    if (!key) return 401;
    return caller.scopes.contains(access.substr(7)) ? 0 : 403;
  }
  if (!user) return 401;  // anonymous, or a key on a user route
  if (access == "users") return 0;
  const std::string groups = access.substr(6);  // "users:a,b"
  size_t start = 0;
  while (start <= groups.size()) {
    const size_t end = std::min(groups.find(',', start), groups.size());
    if (caller.groups.contains(groups.substr(start, end - start))) return 0;
    start = end + 1;
  }
  return 404;
}

HttpResponse Call(uint16_t port, const std::string& method, const std::string& target,
                  const Caller& caller) {
  HeaderList headers;
  if (!caller.token.empty()) headers.push_back({"Authorization", "Bearer " + caller.token});
  if (!caller.api_key.empty()) headers.push_back({"X-Api-Key", caller.api_key});
  std::string body;
  if (method == "DELETE") {
    // A version no record has: whoever may delete gets 412 and nothing is deleted (routes
    // without optimistic locking, such as revoking an API key, do delete).
    headers.push_back({"If-Match", "\"0\""});
  }
  if (method == "POST" || method == "PATCH" || method == "PUT") {
    // A body no operation accepts: whoever gets past the access check is stopped by validation
    // (400/422), so probing changes nothing.
    headers.push_back({"Content-Type", "application/json"});
    body = R"({"accessMatrixProbe": true})";
  }
  return Request(port, method, target, headers, body);
}

std::string CreateKey(const std::string& data_dir, const std::string& scope) {
  const auto result = RunCommand(
      {Binary(), "apikey", "create", "--data-dir", data_dir, "--name", "matrix", "--scope", scope});
  EXPECT_EQ(result.exit_status, 0) << result.out << result.err;
  const size_t at = result.out.find("ccrm_key_");
  return at == std::string::npos ? "" : result.out.substr(at, result.out.find('\n', at) - at);
}

TEST(AccessMatrix, EveryOperationRefusesExactlyWhomItsAccessExcludes) {
  TempDir dir;
  const std::string scoped_key = CreateKey(dir.path(), "connect:ingest");
  const std::string other_key = CreateKey(dir.path(), "connect:lookup");
  ServerProcess server(WithAdminPassword({.data_dir = dir.path()}));
  const uint16_t port = server.port();
  const std::string admin_token = AccessToken(port, "admin", kAdminPassword);
  const TestUser agent = CreateUser(port, admin_token, "matrix.agent", "agent");
  const TestUser manager = CreateUser(port, admin_token, "matrix.manager", "manager");
  // Real ids for path parameters, so an allowed caller never sees a 404 for a missing record.
  const std::string victim_key = CreateKey(dir.path(), "connect:ingest");
  const std::string victim_key_id = victim_key.substr(5, victim_key.find('_', 9) - 5);
  // A lead of the agent's, with a deadline, for the lead routes.
  const auto lead =
      Request(port, "POST", "/api/v1/leads",
              {{"Authorization", "Bearer " + agent.token}, {"Content-Type", "application/json"}},
              R"({"firstName":"Matrix","lastName":"Lead"})");
  ASSERT_EQ(lead.status, 201) << lead.body;
  const std::string lead_id = Json::parse(lead.body)["id"];
  const auto with_deadline =
      Request(port, "POST", "/api/v1/leads/" + lead_id + "/deadlines",
              {{"Authorization", "Bearer " + agent.token}, {"Content-Type", "application/json"}},
              R"({"kind":"follow_up","dueAt":"2030-01-01T00:00:00Z"})");
  ASSERT_EQ(with_deadline.status, 201) << with_deadline.body;
  const std::string deadline_id = Json::parse(with_deadline.body)["deadlines"][0]["id"];
  const auto new_document =
      Request(port, "POST", "/api/v1/leads/" + lead_id + "/documents",
              {{"Authorization", "Bearer " + agent.token}, {"Content-Type", "application/json"}},
              R"({"fileName":"lor.pdf","contentType":"application/pdf","sizeBytes":10,"category":"lor"})");
  ASSERT_EQ(new_document.status, 201) << new_document.body;
  const std::string document_id = Json::parse(new_document.body)["document"]["id"];
  const auto new_call =
      Request(port, "POST", "/api/v1/calls",
              {{"Authorization", "Bearer " + agent.token}, {"Content-Type", "application/json"}},
              R"({"direction":"inbound","customerNumber":"(512) 555-0100","startedAt":"2026-12-01T15:00:00Z"})");
  ASSERT_EQ(new_call.status, 201) << new_call.body;
  const std::string call_id = Json::parse(new_call.body)["id"];
  // Each path parameter, by the path up to and including it.
  const std::map<std::string, std::string> ids = {
      {"/api/v1/calls/{id}", call_id},
      {"/api/v1/documents/{id}", document_id},
      {"/api/v1/users/{id}", agent.id},
      {"/api/v1/api-keys/{id}", victim_key_id},
      {"/api/v1/leads/{id}", lead_id},
      {"/api/v1/leads/{id}/deadlines/{deadlineId}", deadline_id}};

  // The admin comes last: an allowed DELETE has an effect that must not disturb the others.
  const std::vector<Caller> callers = {
      {"anonymous", "", "", {}, {}},
      {"key with scope", "", scoped_key, {}, {"connect:ingest"}},
      {"key without scope", "", other_key, {}, {"connect:lookup"}},
      {"agent", agent.token, "", {"agent"}, {}},
      {"manager", manager.token, "", {"manager"}, {}},
      {"admin", admin_token, "", {"admin"}, {}},
  };

  const Json document = Json::parse(Get(port, "/openapi.json").body);
  int operations = 0;
  for (const Caller& caller : callers) {
    for (const auto& [path, item] : document["paths"].items()) {
      for (const auto& [method_lower, operation] : item.items()) {
        if (!operation.is_object() || !operation.contains("operationId")) continue;
        std::string method = method_lower;
        for (char& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        const std::string access = operation.value("x-access", "");
        ASSERT_FALSE(access.empty()) << method << " " << path << " lacks x-access";
        if (path == "/api/v1/auth/logout" || access == "public") continue;  // public: see below
        // A job answers its submitter only, 404 for everyone else (record-level, like a lead):
        // LeadImportJobsTest checks that; here it would be 404 for every caller.
        if (path == "/api/v1/lead-imports/{id}") continue;
        // One dead letter cannot serve every method: the admin's DELETE discards it before its
        // GET and retry. DeadLettersTest covers each of those routes for every role.
        if (path.starts_with("/api/v1/admin/dead-letters/")) continue;
        // The S3-compatible endpoint authenticates by SigV4, not by tokens or keys, and answers
        // S3's XML refusals: s3_sdk.test.mjs and S3EndpointTest cover it.
        if (path.starts_with("/s3/")) continue;
        std::string target;
        for (size_t at = 0; at < path.size();) {
          const size_t brace = path.find('{', at);
          if (brace == std::string::npos) {
            target += path.substr(at);
            break;
          }
          const size_t close = path.find('}', brace);
          const auto id = ids.find(path.substr(0, close + 1));
          ASSERT_NE(id, ids.end())
              << "no id for " << path.substr(0, close + 1) << ": add one to `ids`";
          target += path.substr(at, brace - at) + id->second;
          at = close + 1;
        }
        const HttpResponse reply = Call(port, method, target, caller);
        const int refusal = ExpectedRefusal(access, caller);
        const std::string what = caller.name + " " + method + " " + target + " (" + access + ")";
        if (refusal != 0) {
          EXPECT_TRUE(IsProblem(reply, refusal)) << what << ": " << reply.Describe() << reply.body;
          if (refusal == 401) {
            // The challenge names what the route takes: an API key, or a bearer token.
            const char* scheme = access.starts_with("apikey:") ? "ApiKey" : "Bearer";
            EXPECT_TRUE(reply.HeaderOr("WWW-Authenticate").starts_with(scheme) ||
                        !caller.api_key.empty())
                << what << ": " << reply.HeaderOr("WWW-Authenticate");
          }
        } else {
          EXPECT_NE(reply.status, 401) << what << ": " << reply.body;
          EXPECT_NE(reply.status, 403) << what << ": " << reply.body;
          EXPECT_NE(reply.status, 404) << what << ": " << reply.body;
          EXPECT_LT(reply.status, 500) << what << ": " << reply.body;
        }
        ++operations;
      }
    }
  }
  EXPECT_GT(operations, 6 * 10);
  // Public operations answer everyone, signed in or not.
  for (const char* path : {"/healthz", "/readyz", "/openapi.json", "/.well-known/jwks.json",
                           "/.well-known/openid-configuration"}) {
    EXPECT_EQ(Get(port, path).status, 200) << path;
    EXPECT_EQ(GetWith(port, path, agent.token).status, 200) << path;
  }
  // The admin's DELETE of the victim key went through: it is revoked.
  const Json keys = Json::parse(GetWith(port, "/api/v1/api-keys", admin_token).body);
  bool revoked = false;
  for (const auto& key : keys["items"]) {
    if (key["id"] == victim_key_id) revoked = !key.value("revokedAt", Json()).is_null();
  }
  EXPECT_TRUE(revoked) << keys;
}

}  // namespace
}  // namespace ccrm::testing
