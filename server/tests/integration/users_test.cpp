// Sign-in against the real binary: bootstrap and forced password change, login -> /users/me,
// refresh rotation and reuse, logout, lockout, admin routes by admin and agent, PyJWT interop.
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <thread>

#include "identity_client.hpp"

namespace ccrm::testing {
namespace {

TEST(UsersIntegration, FirstStartPrintsATemporaryPasswordThatMustBeChanged) {
  ServerProcess server;
  std::string out;
  for (int i = 0; i < 50 && out.find("bootstrap admin password: ") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    out = server.Stdout();
  }
  const size_t at = out.find("bootstrap admin password: ");
  ASSERT_NE(at, std::string::npos) << out;
  const size_t start = at + std::string("bootstrap admin password: ").size();
  const std::string password = out.substr(start, out.find(' ', start) - start);
  const Json challenge = Login(server.port(), "admin", password);
  ASSERT_EQ(challenge.value("challenge", ""), "NEW_PASSWORD_REQUIRED") << challenge;
  const auto tokens =
      PostJson(server.port(), "/api/v1/auth/new-password",
               {{"session", challenge["session"]}, {"newPassword", kAdminPassword}});
  ASSERT_EQ(tokens.status, 200) << tokens.body;
  const Json me = Json::parse(
      GetWith(server.port(), "/api/v1/users/me", Json::parse(tokens.body)["accessToken"]).body);
  EXPECT_EQ(me["username"], "admin");
  EXPECT_EQ(me["mustChangePassword"], false);
  // Printed once: a restart on the same data says nothing.
  EXPECT_EQ(out.find("bootstrap admin password: ", start), std::string::npos);
}

TEST(UsersIntegration, LoginMeRefreshReuseAndLogout) {
  ServerProcess server(WithAdminPassword());
  const Json tokens = Login(server.port(), "admin", kAdminPassword);
  const auto me = GetWith(server.port(), "/api/v1/users/me", tokens["accessToken"]);
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.body.find("passwordHash"), std::string::npos);

  const auto refreshed =
      PostJson(server.port(), "/api/v1/auth/refresh", {{"refreshToken", tokens["refreshToken"]}});
  ASSERT_EQ(refreshed.status, 200) << refreshed.body;
  const Json next = Json::parse(refreshed.body);
  EXPECT_NE(next["refreshToken"], tokens["refreshToken"]);
  // Reuse of the rotated token: refused and the family revoked.
  EXPECT_EQ(
      PostJson(server.port(), "/api/v1/auth/refresh", {{"refreshToken", tokens["refreshToken"]}})
          .status,
      401);
  EXPECT_EQ(
      PostJson(server.port(), "/api/v1/auth/refresh", {{"refreshToken", next["refreshToken"]}})
          .status,
      401);
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));  // the session cache's TTL
  EXPECT_EQ(GetWith(server.port(), "/api/v1/users/me", next["accessToken"]).status, 401);

  const Json other = Login(server.port(), "admin", kAdminPassword);
  EXPECT_EQ(
      PostJson(server.port(), "/api/v1/auth/logout", {{"refreshToken", other["refreshToken"]}})
          .status,
      204);
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  EXPECT_EQ(GetWith(server.port(), "/api/v1/users/me", other["accessToken"]).status, 401);
  EXPECT_EQ(
      PostJson(server.port(), "/api/v1/auth/refresh", {{"refreshToken", other["refreshToken"]}})
          .status,
      401);

  const Json admin = Login(server.port(), "admin", kAdminPassword);
  const auto audit = GetWith(server.port(), "/api/v1/audit?limit=200", admin["accessToken"]);
  ASSERT_EQ(audit.status, 200) << audit.body;
  for (const char* action :
       {"user.create", "auth.login", "auth.refresh", "auth.refresh_reuse", "auth.logout"}) {
    EXPECT_NE(audit.body.find(std::string("\"") + action + "\""), std::string::npos) << action;
  }
}

TEST(UsersIntegration, LockoutLooksLikeAWrongPassword) {
  ServerProcess server(WithAdminPassword());
  const auto wrong = PostJson(server.port(), "/api/v1/auth/login",
                              {{"username", "admin"}, {"password", "not-the-password"}});
  const auto unknown = PostJson(server.port(), "/api/v1/auth/login",
                                {{"username", "nobody"}, {"password", "not-the-password"}});
  ASSERT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.body, unknown.body);
  for (int i = 0; i < 4; ++i) {
    PostJson(server.port(), "/api/v1/auth/login",
             {{"username", "admin"}, {"password", "not-the-password"}});
  }
  const auto locked = PostJson(server.port(), "/api/v1/auth/login",
                               {{"username", "admin"}, {"password", kAdminPassword}});
  EXPECT_EQ(locked.status, 401);
  EXPECT_EQ(locked.body, wrong.body);
}

TEST(UsersIntegration, AdminRoutesAreForAdminsOnly) {
  ServerProcess server(WithAdminPassword());
  const std::string admin = Login(server.port(), "admin", kAdminPassword)["accessToken"];
  const auto created = PostJson(server.port(), "/api/v1/users",
                                {{"username", "Agent.Smith"},
                                 {"email", "smith@example.com"},
                                 {"groups", {"agent"}},
                                 {"password", "agent-smith-passphrase"}},
                                admin);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = Json::parse(created.body)["id"];
  EXPECT_EQ(GetWith(server.port(), "/api/v1/users", admin).status, 200);
  EXPECT_EQ(GetWith(server.port(), "/api/v1/users/" + id, admin).status, 200);
  const std::string agent =
      Login(server.port(), "agent.smith", "agent-smith-passphrase")["accessToken"];
  EXPECT_EQ(GetWith(server.port(), "/api/v1/users", agent).status, 404);
  EXPECT_EQ(GetWith(server.port(), "/api/v1/users/" + id, agent).status, 404);
  EXPECT_EQ(GetWith(server.port(), "/api/v1/users/me", agent).status, 200);
  EXPECT_EQ(
      PostJson(server.port(), "/api/v1/users/" + id + "/reset-password", Json::object(), agent)
          .status,
      404);
  const auto reset =
      PostJson(server.port(), "/api/v1/users/" + id + "/reset-password", Json::object(), admin);
  ASSERT_EQ(reset.status, 200) << reset.body;
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  EXPECT_EQ(GetWith(server.port(), "/api/v1/users/me", agent).status, 401);  // sessions revoked
}

TEST(UsersIntegration, AccessTokenVerifiesWithPyJwtAgainstOurJwks) {
  if (std::system("/usr/bin/python3 -c 'import jwt' >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "python3-jwt is not installed";
  }
  ServerProcess server(WithAdminPassword());
  const std::string token = Login(server.port(), "admin", kAdminPassword)["accessToken"];
  const auto jwks = Get(server.port(), "/.well-known/jwks.json");
  ASSERT_EQ(jwks.status, 200);
  const auto config = Json::parse(Get(server.port(), "/.well-known/openid-configuration").body);
  const std::string script =
      "import json,sys,jwt\n"
      "jwks=json.loads(sys.argv[1]); tok=sys.argv[2]; iss=sys.argv[3]\n"
      "kid=jwt.get_unverified_header(tok)['kid']\n"
      "key=[k for k in jwks['keys'] if k['kid']==kid][0]\n"
      "pub=jwt.algorithms.RSAAlgorithm.from_jwk(json.dumps(key))\n"
      "c=jwt.decode(tok,pub,algorithms=['RS256'],issuer=iss,options={'verify_aud':False})\n"
      "assert c['token_use']=='access' and c['client_id']=='ccrm-web' and c['username']=='admin', "
      "c\n"
      "print('ok')\n";
  const auto result = RunCommand(
      {"/usr/bin/python3", "-c", script, jwks.body, token, config["issuer"].get<std::string>()});
  EXPECT_EQ(result.exit_status, 0) << result.out << result.err;
  EXPECT_EQ(result.out, "ok\n");
}

}  // namespace
}  // namespace ccrm::testing
