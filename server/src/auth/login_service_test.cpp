// Sign-in over a real SQLite store: lockout with equal answers, refresh rotation and reuse
// detection, logout, MFA step reuse, token claims, bootstrap.
#include "auth/login_service.hpp"

#include <gtest/gtest.h>

#include "audit/audit_test_fixture.hpp"
#include "auth/external_user_provisioner.hpp"
#include "auth/user_service.hpp"
#include "crypto/base32.hpp"
#include "crypto/digest.hpp"

namespace ccrm::auth {
namespace {

using audit::testing::AuditStoreTest;

class LoginServiceTest : public AuditStoreTest {
 protected:
  void SetUp() override {
    AuditStoreTest::SetUp();
    users_ = std::make_shared<UserRepository>(store_, log_);
    users_->EnsureTables();
    refresh_ = std::make_shared<RefreshTokens>(store_, clock_, std::chrono::hours(24 * 30));
    refresh_->EnsureTables();
    sessions_ = std::make_shared<SessionCache>(users_, refresh_, std::chrono::milliseconds(0));
    static auto key = std::make_shared<const crypto::RsaKey>(crypto::RsaKey::Generate());
    key_ = key;
    tokens_ = std::make_shared<TokenService>(
        [this] { return SigningKey{"k1", key_}; },
        TokenOptions{"http://issuer.test", "ccrm-web", std::chrono::seconds(3600)}, clock_);
    credentials_ = std::make_shared<Credentials>(
        std::make_shared<const crypto::MasterKey>(crypto::MasterKey::FromBytes(std::string(32, 'm'))), clock_);
    login_ = std::make_shared<LoginService>(users_, refresh_, tokens_, sessions_, credentials_,
                                            clock_);
    service_ = std::make_shared<UserService>(users_, credentials_, sessions_, clock_);
    NewUser alice{"Alice", "alice@example.com", {"agent"}, kPassword, false};
    alice_ = service_->Create(alice, ctx_).user;
  }

  Json Claims(const std::string& token, TokenUse use = TokenUse::kAccess) {
    JwtVerifyOptions options = tokens_->AccessVerifyOptions();
    options.token_use = use;
    auto result = VerifyJwt(
        token, [this](std::string_view) { return key_; }, options, clock_->Now());
    EXPECT_TRUE(result.ok()) << result.description();
    return result.ok() ? result.claims() : Json();
  }

  std::string ProblemOf(const std::function<void()>& fn) {
    try {
      fn();
    } catch (const ProblemException& e) {
      return std::to_string(e.problem().status) + " " + e.problem().ToJson().dump();
    }
    return "no problem";
  }

  static constexpr const char* kPassword = "correct-horse-battery";
  CallContext ctx_{"usr_admin", "192.0.2.1", "req-1"};
  std::shared_ptr<const crypto::RsaKey> key_;
  std::shared_ptr<UserRepository> users_;
  std::shared_ptr<RefreshTokens> refresh_;
  std::shared_ptr<SessionCache> sessions_;
  std::shared_ptr<TokenService> tokens_;
  std::shared_ptr<Credentials> credentials_;
  std::shared_ptr<LoginService> login_;
  std::shared_ptr<UserService> service_;
  User alice_;
};

TEST_F(LoginServiceTest, UserIsStoredLowerCaseWithoutSecretsInItsJson) {
  EXPECT_EQ(alice_.username, "alice");
  const Json shown = UserToJson(alice_);
  EXPECT_FALSE(shown.contains("passwordHash"));
  EXPECT_FALSE(shown.dump().find("pbkdf2") != std::string::npos);
  EXPECT_NE(ProblemOf([&] { service_->Create({"alice", "x@example.com", {"agent"}, kPassword, false}, ctx_); }).find("409"),
            std::string::npos);
  EXPECT_NE(ProblemOf([&] { service_->Create({"b!", "bad", {"boss"}, "short", false}, ctx_); }).find("400"),
            std::string::npos);
}

TEST_F(LoginServiceTest, TokensCarryCognitoClaims) {
  const auto result = login_->Login("ALICE", kPassword, ctx_);
  ASSERT_TRUE(result.tokens);
  const Json access = Claims(result.tokens->access_token);
  EXPECT_EQ(access["sub"], alice_.id);
  EXPECT_EQ(access["token_use"], "access");
  EXPECT_EQ(access["client_id"], "ccrm-web");
  EXPECT_EQ(access["username"], "alice");
  EXPECT_EQ(access["cognito:groups"], Json::array({"agent"}));
  EXPECT_EQ(access["scope"], "openid profile email");
  EXPECT_FALSE(access.contains("aud"));
  EXPECT_EQ(access["exp"].get<int64_t>() - access["iat"].get<int64_t>(), 3600);
  const Json id = Claims(result.tokens->id_token, TokenUse::kId);
  EXPECT_EQ(id["aud"], "ccrm-web");
  EXPECT_EQ(id["cognito:username"], "alice");
  EXPECT_EQ(id["email"], "alice@example.com");
  EXPECT_EQ(id["origin_jti"], access["origin_jti"]);
  EXPECT_FALSE(sessions_->IsFamilyRevoked(access["origin_jti"]));
  EXPECT_TRUE(sessions_->IsUserActive(alice_.id));
}

TEST_F(LoginServiceTest, LockoutAnswersLikeAWrongPasswordAndUnknownUser) {
  const std::string unknown = ProblemOf([&] { login_->Login("nobody", kPassword, ctx_); });
  const std::string wrong = ProblemOf([&] { login_->Login("alice", "wrong-password-x", ctx_); });
  EXPECT_EQ(unknown, wrong);
  EXPECT_EQ(wrong.substr(0, 3), "401");
  for (int i = 0; i < 4; ++i) ProblemOf([&] { login_->Login("alice", "wrong-password-x", ctx_); });
  // Locked now: even the right password gets the same answer.
  EXPECT_EQ(ProblemOf([&] { login_->Login("alice", kPassword, ctx_); }), wrong);
  clock_->Advance(std::chrono::minutes(16));
  EXPECT_TRUE(login_->Login("alice", kPassword, ctx_).tokens);
  EXPECT_FALSE(log_->List({.action = "auth.lockout"}).items.empty());
}

// A user of the external issuer signs in there: no password, MFA or failed attempts here.
TEST_F(LoginServiceTest, ExternalUsersHaveNoPasswordOrMfaHere) {
  ExternalUserProvisioner provisioner(users_, clock_);
  const auto id = provisioner.Resolve({.issuer = "https://idp.example.com",
                                       .subject = "sub-1",
                                       .username = "zed",
                                       .email = "",
                                       .groups = {"agent", "manager"},
                                       .request_id = "r",
                                       .ip = ""});
  ASSERT_TRUE(id);
  const std::string unknown = ProblemOf([&] { login_->Login("nobody", kPassword, ctx_); });
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(ProblemOf([&] { login_->Login("zed", "any-password-at-all", ctx_); }), unknown);
  }
  EXPECT_EQ(users_->Get(*id)->failed_attempts, 0);  // nothing counted, nothing locked
  EXPECT_TRUE(users_->Get(*id)->locked_until.empty());
  EXPECT_EQ(ProblemOf([&] { service_->ResetPassword(*id, ctx_); }).substr(0, 3), "409");
  EXPECT_EQ(ProblemOf([&] { service_->ChangePassword(*id, "", "new-password-long", ctx_); })
                .substr(0, 3),
            "409");
  EXPECT_EQ(ProblemOf([&] { service_->StartTotp(*id, ctx_); }).substr(0, 3), "409");
  // Their groups follow the issuer: the same set in another order is no change, another set is.
  EXPECT_NO_THROW(service_->Patch(*id, {.groups = {{"manager", "agent"}}}, std::nullopt, ctx_));
  EXPECT_EQ(ProblemOf([&] { service_->Patch(*id, {.groups = {{"admin"}}}, std::nullopt, ctx_); })
                .substr(0, 3),
            "400");
  // What an admin may change: enabled, email.
  EXPECT_FALSE(service_->Patch(*id, {.enabled = false}, std::nullopt, ctx_).enabled);
  EXPECT_EQ(service_->Patch(*id, {.email = "zed@example.com"}, std::nullopt, ctx_).email,
            "zed@example.com");
}

TEST_F(LoginServiceTest, RefreshRotatesAndReuseRevokesTheFamily) {
  const auto first = *login_->Login("alice", kPassword, ctx_).tokens;
  const auto second = login_->Refresh(first.refresh_token, ctx_);
  EXPECT_NE(second.refresh_token, first.refresh_token);
  const auto third = login_->Refresh(second.refresh_token, ctx_);
  // The old one again: refused, and the whole family with it.
  EXPECT_EQ(ProblemOf([&] { login_->Refresh(first.refresh_token, ctx_); }).substr(0, 3), "401");
  EXPECT_EQ(ProblemOf([&] { login_->Refresh(third.refresh_token, ctx_); }).substr(0, 3), "401");
  EXPECT_TRUE(sessions_->IsFamilyRevoked(Claims(third.access_token)["origin_jti"]));
  EXPECT_FALSE(log_->List({.action = "auth.refresh_reuse"}).items.empty());
}

TEST_F(LoginServiceTest, LogoutAndDisablingRevoke) {
  const auto a = *login_->Login("alice", kPassword, ctx_).tokens;
  login_->Logout(a.refresh_token, ctx_);
  EXPECT_TRUE(sessions_->IsFamilyRevoked(Claims(a.access_token)["origin_jti"]));
  EXPECT_EQ(ProblemOf([&] { login_->Refresh(a.refresh_token, ctx_); }).substr(0, 3), "401");
  clock_->Advance(std::chrono::milliseconds(5));
  const auto b = *login_->Login("alice", kPassword, ctx_).tokens;
  clock_->Advance(std::chrono::milliseconds(5));
  service_->Patch(alice_.id, {.enabled = false}, std::nullopt, ctx_);
  EXPECT_FALSE(sessions_->IsUserActive(alice_.id));
  EXPECT_TRUE(sessions_->IsFamilyRevoked(Claims(b.access_token)["origin_jti"]));
}

TEST_F(LoginServiceTest, MfaChallengeAndStepCannotBeReused) {
  const auto enrolment = service_->StartTotp(alice_.id, ctx_);
  const std::string secret = *crypto::Base32Decode(enrolment.secret_base32);
  auto code_at = [&](int64_t step) {
    std::string counter(8, '\0');
    for (int i = 7; i >= 0; --i) counter[i] = static_cast<char>((step >> (8 * (7 - i))) & 0xff);
    const std::string mac = crypto::HmacSha1(secret, counter);
    const int o = mac[19] & 0x0f;
    const uint32_t bin = ((static_cast<uint8_t>(mac[o]) & 0x7f) << 24) |
                         (static_cast<uint8_t>(mac[o + 1]) << 16) |
                         (static_cast<uint8_t>(mac[o + 2]) << 8) | static_cast<uint8_t>(mac[o + 3]);
    std::string c = std::to_string(bin % 1000000);
    return std::string(6 - c.size(), '0') + c;
  };
  const int64_t step = clock_->NowMillis() / 30000;
  service_->VerifyTotp(alice_.id, code_at(step), ctx_);
  clock_->Advance(std::chrono::seconds(30));
  const auto challenge = login_->Login("alice", kPassword, ctx_);
  ASSERT_FALSE(challenge.tokens);
  EXPECT_EQ(challenge.challenge, "SOFTWARE_TOKEN_MFA");
  // The enrolment's code (step now - 1, inside the window) was used: refused.
  EXPECT_EQ(ProblemOf([&] { login_->RespondMfa(challenge.session, code_at(step), ctx_); }).substr(0, 3), "401");
  EXPECT_TRUE(login_->RespondMfa(challenge.session, code_at(step + 1), ctx_).tokens);
  const auto again = login_->Login("alice", kPassword, ctx_);
  EXPECT_EQ(ProblemOf([&] { login_->RespondMfa(again.session, code_at(step + 1), ctx_); }).substr(0, 3), "401");
}

TEST_F(LoginServiceTest, WrongMfaCodesCountTowardTheLockout) {
  service_->StartTotp(alice_.id, ctx_);
  const auto enrolment = service_->StartTotp(alice_.id, ctx_);
  (void)enrolment;
  // Enrolment finished by setting the flag directly: only the counting matters here.
  User before = *users_->Get(alice_.id);
  User after = before;
  after.mfa.enabled = true;
  after.mfa.sealed_secret = before.mfa.pending_sealed_secret;
  users_->Update(before, after, {.actor = "test", .action = "test.mfa"});
  for (int i = 0; i < LoginService::kMaxFailures; ++i) {
    const auto challenge = login_->Login("alice", kPassword, ctx_);
    ASSERT_EQ(challenge.challenge, "SOFTWARE_TOKEN_MFA") << "attempt " << i;
    EXPECT_EQ(ProblemOf([&] { login_->RespondMfa(challenge.session, "000000", ctx_); }).substr(0, 3),
              "401");
  }
  // Locked: the right password no longer even reaches the challenge.
  EXPECT_EQ(ProblemOf([&] { login_->Login("alice", kPassword, ctx_); }).substr(0, 3), "401");
  EXPECT_FALSE(log_->List({.action = "auth.lockout"}).items.empty());
}

// The sign-in limits come before any password is tried: beyond them, even the right password
// gets 429 (with retryAfter), and nothing is counted against the account.
TEST_F(LoginServiceTest, SignInLimitsPerAccountAndPerAddress) {
  auto limits = std::make_shared<SignInLimits>(SignInLimitOptions{
      .ip_rate = 0.001, .ip_burst = 7, .account_rate = 0.001, .account_burst = 3});
  LoginService limited(users_, refresh_, tokens_, sessions_, credentials_, clock_, limits);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(ProblemOf([&] { limited.Login("alice", "wrong-password-x", ctx_); }).substr(0, 3),
              "401");
  }
  const std::string refused = ProblemOf([&] { limited.Login("alice", kPassword, ctx_); });
  EXPECT_EQ(refused.substr(0, 3), "429") << refused;
  EXPECT_NE(refused.find("retryAfter"), std::string::npos) << refused;
  EXPECT_EQ(users_->Get(alice_.id)->failed_attempts, 3) << "the refused attempt tried nothing";
  // Unknown names are limited alike (per name as typed, any case), so a 429 tells nothing.
  for (int i = 0; i < 3; ++i) ProblemOf([&] { limited.Login("Nobody", "x-password-long", ctx_); });
  // The address has spent its seven (the refused attempt too): another account from it is
  // refused, from another address not.
  EXPECT_EQ(ProblemOf([&] { limited.Login("bob", "x-password-long", ctx_); }).substr(0, 3), "429");
  const CallContext elsewhere{"anonymous", "198.51.100.9", "req-2"};
  EXPECT_EQ(ProblemOf([&] { limited.Login("bob", "x-password-long", elsewhere); }).substr(0, 3),
            "401");
  EXPECT_EQ(ProblemOf([&] { limited.Login("NOBODY", "x-password-long", elsewhere); }).substr(0, 3),
            "429");
}

TEST_F(LoginServiceTest, AWrongCurrentPasswordCountsTowardTheLockout) {
  for (int i = 0; i < LoginService::kMaxFailures; ++i) {
    EXPECT_EQ(ProblemOf([&] {
                service_->ChangePassword(alice_.id, "wrong-password-x", "a-new-passphrase-42", ctx_);
              }).substr(0, 3),
              "400");
  }
  // Locked: changing answers 429 with the time left, and sign-in is refused too.
  const std::string locked = ProblemOf(
      [&] { service_->ChangePassword(alice_.id, kPassword, "a-new-passphrase-42", ctx_); });
  EXPECT_EQ(locked.substr(0, 3), "429") << locked;
  EXPECT_NE(locked.find("\"retryAfter\":900"), std::string::npos) << locked;
  EXPECT_EQ(ProblemOf([&] { login_->Login("alice", kPassword, ctx_); }).substr(0, 3), "401");
  EXPECT_FALSE(log_->List({.action = "auth.lockout"}).items.empty());
  clock_->Advance(std::chrono::minutes(16));
  EXPECT_NO_THROW(service_->ChangePassword(alice_.id, kPassword, "a-new-passphrase-42", ctx_));
  EXPECT_TRUE(login_->Login("alice", "a-new-passphrase-42", ctx_).tokens);
}

TEST_F(LoginServiceTest, PasswordChangesAreWithinTheSignInLimits) {
  auto limits = std::make_shared<SignInLimits>(SignInLimitOptions{
      .ip_rate = 1000, .ip_burst = 1000, .account_rate = 0.001, .account_burst = 2});
  UserService limited(users_, credentials_, sessions_, clock_, limits);
  for (int i = 0; i < 2; ++i) {
    ProblemOf([&] { limited.ChangePassword(alice_.id, "wrong-password-x", "a-new-passphrase-42", ctx_); });
  }
  EXPECT_EQ(ProblemOf([&] {
              limited.ChangePassword(alice_.id, kPassword, "a-new-passphrase-42", ctx_);
            }).substr(0, 3),
            "429");
}

TEST_F(LoginServiceTest, TemporaryPasswordAsksForANewOne) {
  const std::string temporary = service_->ResetPassword(alice_.id, ctx_);
  const auto challenge = login_->Login("alice", temporary, ctx_);
  ASSERT_EQ(challenge.challenge, "NEW_PASSWORD_REQUIRED");
  EXPECT_EQ(ProblemOf([&] { login_->RespondNewPassword(challenge.session, "short", ctx_); }).substr(0, 3), "400");
  EXPECT_TRUE(login_->RespondNewPassword(challenge.session, "another-long-passphrase", ctx_).tokens);
  EXPECT_TRUE(login_->Login("alice", "another-long-passphrase", ctx_).tokens);
}

TEST_F(LoginServiceTest, BootstrapOnlyOnAnEmptyTable) {
  EXPECT_FALSE(service_->Bootstrap(std::nullopt));  // alice exists
}

}  // namespace
}  // namespace ccrm::auth
