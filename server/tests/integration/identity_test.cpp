// Identity on the real binary, beyond the basics of users_test: TOTP enrolment and the
// SOFTWARE_TOKEN_MFA challenge, lockout answers that take as long as a wrong password, the
// `ccrm user` and `ccrm keys` commands against a data dir a server then runs on.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <vector>

#include "identity_client.hpp"

namespace ccrm::testing {
namespace {

std::string Binary() { return RequiredEnvPath("CCRM_BINARY"); }

bool AuditHas(uint16_t port, const std::string& admin_token, const std::string& action) {
  const auto audit = GetWith(port, "/api/v1/audit?action=" + action + "&limit=50", admin_token);
  EXPECT_EQ(audit.status, 200) << audit.body;
  const Json body = Json::parse(audit.body, nullptr, false);
  return body.is_object() && !body["items"].empty();
}

TEST(IdentityIntegration, TotpEnrolmentThenEverySignInAnswersTheMfaChallenge) {
  ServerProcess server(WithAdminPassword());
  const uint16_t port = server.port();
  const std::string admin = AccessToken(port, "admin", kAdminPassword);
  const TestUser agent = CreateUser(port, admin, "mfa.agent", "agent");

  const auto started = PostJson(port, "/api/v1/users/me/mfa/totp", Json::object(), agent.token);
  ASSERT_EQ(started.status, 200) << started.body;
  EXPECT_EQ(started.HeaderOr("Cache-Control"), "no-store");
  const Json enrolment = Json::parse(started.body);
  const std::string secret = enrolment["secret"];
  EXPECT_TRUE(enrolment["otpauthUri"].get<std::string>().starts_with("otpauth://totp/"));

  // A wrong code does not enable MFA; the right one does.
  const std::string code = TotpCode(secret);
  const std::string wrong = code == "000000" ? "111111" : "000000";
  const auto refused =
      PostJson(port, "/api/v1/users/me/mfa/totp/verify", {{"code", wrong}}, agent.token);
  EXPECT_GE(refused.status, 400) << refused.body;
  EXPECT_LT(refused.status, 500) << refused.body;
  const auto verified =
      PostJson(port, "/api/v1/users/me/mfa/totp/verify", {{"code", code}}, agent.token);
  ASSERT_EQ(verified.status, 200) << verified.body;
  EXPECT_EQ(Json::parse(verified.body)["mfaEnabled"], true) << verified.body;

  // The password alone now yields a challenge, not tokens.
  const Json challenge = Login(port, agent.username, agent.password);
  ASSERT_EQ(challenge.value("challenge", ""), "SOFTWARE_TOKEN_MFA") << challenge;
  EXPECT_FALSE(challenge.contains("accessToken"));
  const std::string session = challenge["session"];

  const auto bad = PostJson(port, "/api/v1/auth/mfa", {{"session", session}, {"code", wrong}});
  EXPECT_TRUE(IsProblem(bad, 401)) << bad.Describe() << bad.body;
  // The step used at enrolment cannot be replayed; the next step's code is accepted (±1 step).
  const auto replay = PostJson(port, "/api/v1/auth/mfa", {{"session", session}, {"code", code}});
  EXPECT_EQ(replay.status, 401) << replay.body;
  const std::string next_code = TotpCode(secret, 1);
  const Json second = Login(port, agent.username, agent.password);
  const auto tokens =
      PostJson(port, "/api/v1/auth/mfa", {{"session", second["session"]}, {"code", next_code}});
  ASSERT_EQ(tokens.status, 200) << tokens.body;
  const std::string token = Json::parse(tokens.body)["accessToken"];
  EXPECT_EQ(GetWith(port, "/api/v1/users/me", token).status, 200);
  // That code is spent too.
  const Json third = Login(port, agent.username, agent.password);
  EXPECT_EQ(PostJson(port, "/api/v1/auth/mfa", {{"session", third["session"]}, {"code", next_code}})
                .status,
            401);
  // A forged session is refused like a wrong code.
  EXPECT_EQ(PostJson(port, "/api/v1/auth/mfa", {{"session", "forged"}, {"code", next_code}}).status,
            401);

  EXPECT_TRUE(AuditHas(port, admin, "user.mfa_enable"));
  EXPECT_TRUE(AuditHas(port, admin, "auth.login_failed"));  // a wrong code counts as a failure
}

// Median wall time of `n` sign-ins with these credentials, and the replies (all must be equal).
struct Timed {
  double median_ms = 0;
  std::string body;
};
Timed TimeLogins(uint16_t port, const std::string& username, const std::string& password, int n) {
  std::vector<double> samples;
  Timed timed;
  for (int i = 0; i < n; ++i) {
    const auto start = std::chrono::steady_clock::now();
    const auto reply =
        PostJson(port, "/api/v1/auth/login", {{"username", username}, {"password", password}});
    samples.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count());
    EXPECT_EQ(reply.status, 401) << reply.body;
    if (i == 0) timed.body = reply.body;
    EXPECT_EQ(reply.body, timed.body);
  }
  std::sort(samples.begin(), samples.end());
  timed.median_ms = samples[samples.size() / 2];
  return timed;
}

TEST(IdentityIntegration, LockedUnknownAndWrongPasswordAnswerAlikeAndAsSlowly) {
  ServerProcess server(WithAdminPassword());
  const uint16_t port = server.port();
  const std::string admin = AccessToken(port, "admin", kAdminPassword);
  const TestUser victim = CreateUser(port, admin, "lock.victim", "agent");

  // Five failures lock the account (each one is a wrong password, timed).
  const Timed wrong = TimeLogins(port, victim.username, "wrong-password-guess", 5);
  // Now even the right password gets the same refusal, as does an unknown user.
  const Timed locked = TimeLogins(port, victim.username, victim.password, 5);
  const Timed unknown = TimeLogins(port, "no.such.user", "wrong-password-guess", 5);
  EXPECT_EQ(locked.body, wrong.body);
  EXPECT_EQ(unknown.body, wrong.body);
  // Every path pays one argon2id verification (~10-50 ms here), so none is an order of
  // magnitude faster than another; the bounds are wide because the machine may be loaded.
  RecordProperty("wrong_ms", std::to_string(wrong.median_ms));
  RecordProperty("locked_ms", std::to_string(locked.median_ms));
  RecordProperty("unknown_ms", std::to_string(unknown.median_ms));
  EXPECT_GT(locked.median_ms, wrong.median_ms / 3) << locked.median_ms << " vs " << wrong.median_ms;
  EXPECT_GT(unknown.median_ms, wrong.median_ms / 3)
      << unknown.median_ms << " vs " << wrong.median_ms;
  EXPECT_GT(wrong.median_ms, locked.median_ms / 3);
  EXPECT_TRUE(AuditHas(port, admin, "auth.lockout"));
}

// The sign-in limits over HTTP: per account, then per address, each a 429 with Retry-After
// before any password is tried; the general throttle would allow hundreds a second.
TEST(IdentityIntegration, SignInIsLimitedPerAccountAndPerAddress) {
  ServerProcess::Options options = WithAdminPassword();
  options.env["CCRM_THROTTLE_SIGNIN_ACCOUNT_BURST"] = "3";
  options.env["CCRM_THROTTLE_SIGNIN_IP_BURST"] = "6";
  ServerProcess server(options);
  const uint16_t port = server.port();
  const auto login = [&](const std::string& username, const std::string& password) {
    return PostJson(port, "/api/v1/auth/login", {{"username", username}, {"password", password}});
  };
  for (int i = 0; i < 3; ++i) EXPECT_EQ(login("admin", "wrong-password-guess").status, 401);
  const auto per_account = login("admin", kAdminPassword);
  EXPECT_TRUE(IsProblem(per_account, 429)) << per_account.Describe() << per_account.body;
  EXPECT_TRUE(per_account.HasHeader("Retry-After")) << per_account.Describe();
  EXPECT_NE(per_account.body.find("this account"), std::string::npos) << per_account.body;
  // Two more tries at other names use up the address's six.
  EXPECT_EQ(login("someone.else", "wrong-password-guess").status, 401);
  EXPECT_EQ(login("another.one", "wrong-password-guess").status, 401);
  const auto per_address = login("third.name", "wrong-password-guess");
  EXPECT_TRUE(IsProblem(per_address, 429)) << per_address.Describe() << per_address.body;
  EXPECT_NE(per_address.body.find("this address"), std::string::npos) << per_address.body;
}

TEST(IdentityIntegration, UserCommandsWorkOnTheDataDirTheServerUses) {
  TempDir dir;
  // user add with the password on stdin, then list.
  const auto added = RunCommand(
      {"/bin/sh", "-c",
       "printf '%s\\n' 'cli-agent-long-passphrase' | \"$0\" user add --data-dir \"$1\" "
       "--username cli.agent --email cli.agent@example.com --group agent --password-stdin",
       Binary(), dir.path()});
  ASSERT_EQ(added.exit_status, 0) << added.out << added.err;
  EXPECT_NE(added.out.find("created cli.agent usr_"), std::string::npos) << added.out;
  EXPECT_EQ(added.out.find("cli-agent-long-passphrase"), std::string::npos);
  const auto listed = RunCommand({Binary(), "user", "list", "--data-dir", dir.path()});
  ASSERT_EQ(listed.exit_status, 0) << listed.err;
  EXPECT_NE(listed.out.find("cli.agent\tcli.agent@example.com\tagent\tenabled"), std::string::npos)
      << listed.out;
  // A weak password and an unknown group are refused with exit 1 or 2 and a reason.
  const auto weak = RunCommand({"/bin/sh", "-c",
                                "printf 'password123\\n' | \"$0\" user add --data-dir \"$1\" "
                                "--username weak --email weak@example.com --group agent "
                                "--password-stdin",
                                Binary(), dir.path()});
  EXPECT_NE(weak.exit_status, 0);
  EXPECT_NE(weak.err.find("password"), std::string::npos) << weak.err;
  const auto group = RunCommand({Binary(), "user", "add", "--data-dir", dir.path(), "--username",
                                 "x.user", "--email", "x@example.com", "--group", "root"});
  EXPECT_NE(group.exit_status, 0);

  std::string token;
  {
    ServerProcess server(WithAdminPassword({.data_dir = dir.path()}));
    token = AccessToken(server.port(), "cli.agent", "cli-agent-long-passphrase");
    EXPECT_EQ(GetWith(server.port(), "/api/v1/users/me", token).status, 200);
  }

  // reset-password prints a temporary password that must be changed at sign-in.
  const auto reset =
      RunCommand({Binary(), "user", "reset-password", "--data-dir", dir.path(), "cli.agent"});
  ASSERT_EQ(reset.exit_status, 0) << reset.err;
  const size_t at = reset.out.find("temporary password: ");
  ASSERT_NE(at, std::string::npos) << reset.out;
  const std::string temporary = reset.out.substr(at + 20, reset.out.find('\n', at) - (at + 20));
  {
    ServerProcess server(WithAdminPassword({.data_dir = dir.path()}));
    // The reset revoked the old sessions.
    EXPECT_EQ(GetWith(server.port(), "/api/v1/users/me", token).status, 401);
    EXPECT_EQ(PostJson(server.port(), "/api/v1/auth/login",
                       {{"username", "cli.agent"}, {"password", "cli-agent-long-passphrase"}})
                  .status,
              401);
    const Json challenge = Login(server.port(), "cli.agent", temporary);
    EXPECT_EQ(challenge.value("challenge", ""), "NEW_PASSWORD_REQUIRED") << challenge;
  }

  const auto disabled =
      RunCommand({Binary(), "user", "disable", "--data-dir", dir.path(), "cli.agent"});
  ASSERT_EQ(disabled.exit_status, 0) << disabled.err;
  EXPECT_NE(RunCommand({Binary(), "user", "list", "--data-dir", dir.path()})
                .out.find("cli.agent\tcli.agent@example.com\tagent\tdisabled"),
            std::string::npos);
  const auto missing =
      RunCommand({Binary(), "user", "disable", "--data-dir", dir.path(), "nobody.here"});
  EXPECT_NE(missing.exit_status, 0);
  {
    ServerProcess server(WithAdminPassword({.data_dir = dir.path()}));
    EXPECT_EQ(PostJson(server.port(), "/api/v1/auth/login",
                       {{"username", "cli.agent"}, {"password", temporary}})
                  .status,
              401);
  }
}

TEST(IdentityIntegration, KeysRotateKeepsOldTokensValidAndPublishesBothKeys) {
  TempDir dir;
  std::string old_token;
  std::string old_kid;
  {
    ServerProcess server(WithAdminPassword({.data_dir = dir.path()}));
    old_token = AccessToken(server.port(), "admin", kAdminPassword);
    const Json jwks = Json::parse(Get(server.port(), "/.well-known/jwks.json").body);
    ASSERT_EQ(jwks["keys"].size(), 1u);
    old_kid = jwks["keys"][0]["kid"];
  }
  const auto rotated = RunCommand({Binary(), "keys", "rotate", "--data-dir", dir.path()});
  ASSERT_EQ(rotated.exit_status, 0) << rotated.err;
  ASSERT_NE(rotated.out.find("active signing key: "), std::string::npos);
  ServerProcess server(WithAdminPassword({.data_dir = dir.path()}));
  const Json jwks = Json::parse(Get(server.port(), "/.well-known/jwks.json").body);
  ASSERT_EQ(jwks["keys"].size(), 2u) << jwks;
  EXPECT_NE(jwks["keys"][0]["kid"], old_kid);  // the active key comes first
  EXPECT_EQ(jwks["keys"][1]["kid"], old_kid);
  for (const auto& key : jwks["keys"]) EXPECT_FALSE(key.contains("d")) << "private part leaked";
  // A token signed before the rotation still works; new ones carry the new kid.
  EXPECT_EQ(GetWith(server.port(), "/api/v1/users/me", old_token).status, 200);
  const std::string fresh = AccessToken(server.port(), "admin", kAdminPassword);
  EXPECT_NE(fresh.substr(0, fresh.find('.')), old_token.substr(0, old_token.find('.')));
  EXPECT_EQ(GetWith(server.port(), "/api/v1/users/me", fresh).status, 200);
  const Json audit = Json::parse(
      GetWith(server.port(), "/api/v1/audit?action=keys.rotate", fresh).body, nullptr, false);
  ASSERT_EQ(audit["items"].size(), 1u) << audit;
  EXPECT_EQ(audit["items"][0]["entityId"], jwks["keys"][0]["kid"]);
}

}  // namespace
}  // namespace ccrm::testing
