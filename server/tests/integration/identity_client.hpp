// Signing in against the real binary, for integration tests: JSON requests with a bearer token,
// login, and users of each role made through the admin API.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>
#include <nlohmann/json.hpp>
#include <string>

#include "harness.hpp"

namespace ccrm::testing {

using Json = nlohmann::json;

// The bootstrap admin's password in tests that start the server with CCRM_ADMIN_PASSWORD.
inline constexpr const char* kAdminPassword = "integration-admin-passphrase";

// Server options with the bootstrap admin's password preset.
ServerProcess::Options WithAdminPassword(ServerProcess::Options options = {});

// `ccrm ARGS...` (the binary CCRM_BINARY names) run to completion with `env` added.
CommandResult RunCcrm(const std::vector<std::string>& args, const Environment& env = {},
                      Seconds timeout = Seconds(120));
// A server on `data_dir` (which outlives it, for restarts and commands on the same data), with
// the bootstrap admin's password preset.
std::unique_ptr<ServerProcess> StartServerOn(const std::string& data_dir);

// `method target` with a JSON body (omitted when null) and a bearer token (omitted when empty).
HttpResponse SendJson(uint16_t port, const std::string& method, const std::string& target,
                      const Json& body, const std::string& token = "");
HttpResponse PostJson(uint16_t port, const std::string& target, const Json& body,
                      const std::string& token = "");
HttpResponse GetWith(uint16_t port, const std::string& target, const std::string& token);

// POST /auth/login; the parsed reply (tokens or a challenge). Expects 200.
Json Login(uint16_t port, const std::string& username, const std::string& password);
// The access token of a plain password sign-in (no challenge expected).
std::string AccessToken(uint16_t port, const std::string& username, const std::string& password);

struct TestUser {
  std::string id;
  std::string username;
  std::string password;
  std::string token;  // an access token
};
// Creates a user in `group` through POST /api/v1/users with `admin_token` and signs them in.
TestUser CreateUser(uint16_t port, const std::string& admin_token, const std::string& username,
                    const std::string& group);

// Current TOTP code for a base32 secret, computed by Python's standard library (an
// implementation independent of ours). `offset_steps` shifts the 30 s step.
std::string TotpCode(const std::string& base32_secret, int offset_steps = 0);

}  // namespace ccrm::testing
