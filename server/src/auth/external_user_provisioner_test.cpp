// Local users for the external issuer's, over a real SQLite store: made once, named and emailed
// without taking anyone's name or address, groups kept in line with the token, disabled here
// means refused.
#include "auth/external_user_provisioner.hpp"

#include <gtest/gtest.h>

#include "audit/audit_test_fixture.hpp"
#include "common/ids.hpp"

namespace ccrm::auth {
namespace {

using audit::testing::AuditStoreTest;

constexpr const char* kIssuer = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Pool";

class ExternalUserProvisionerTest : public AuditStoreTest {
 protected:
  void SetUp() override {
    AuditStoreTest::SetUp();
    users_ = std::make_shared<UserRepository>(store_, log_);
    users_->EnsureTables();
    provisioner_ = std::make_shared<ExternalUserProvisioner>(users_, clock_);
  }

  static ExternalIdentity Zoe() {
    return {.issuer = kIssuer,
            .subject = "0f6c2a4e-1111-2222-3333-444455556666",
            .username = "Zoe.Adjuster",
            .email = "zoe@example.com",
            .groups = {"agent"},
            .request_id = "req-1",
            .ip = "203.0.113.9"};
  }

  // A local user made as an admin would (no audit needed for these checks).
  void CreateLocal(const std::string& username, const std::string& email) {
    User user;
    user.id = NewId("usr");
    user.username = username;
    user.email = email;
    user.groups = {"agent"};
    ASSERT_EQ(users_->Create(user, {.actor = "system", .action = "user.create"}), UserWrite::kOk);
  }

  std::vector<Json> AuditOf(const std::string& user_id) {
    return log_->List({.entity = "user", .entity_id = user_id}).items;
  }

  std::shared_ptr<UserRepository> users_;
  std::shared_ptr<ExternalUserProvisioner> provisioner_;
};

TEST_F(ExternalUserProvisionerTest, FirstSightMakesOneUserThatLaterTokensFind) {
  const auto id = provisioner_->Resolve(Zoe());
  ASSERT_TRUE(id);
  EXPECT_TRUE(IsValidId(*id, "usr"));
  EXPECT_EQ(*id, ExternalUserProvisioner::UserIdOf(kIssuer, Zoe().subject));
  const auto user = users_->Get(*id);
  ASSERT_TRUE(user);
  EXPECT_EQ(user->username, "zoe.adjuster");
  EXPECT_EQ(user->email, "zoe@example.com");
  EXPECT_EQ(user->groups, std::vector<std::string>{"agent"});
  EXPECT_EQ(user->external_issuer, kIssuer);
  EXPECT_EQ(user->external_subject, Zoe().subject);
  EXPECT_TRUE(user->password_hash.empty());
  EXPECT_EQ(UserToJson(*user)["external"]["subject"], Zoe().subject);

  EXPECT_EQ(provisioner_->Resolve(Zoe()), id);  // the same user, nothing written again
  const auto records = AuditOf(*id);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0]["action"], "user.provision");
  EXPECT_EQ(records[0]["actor"], *id);
  EXPECT_EQ(records[0]["requestId"], "req-1");
}

TEST_F(ExternalUserProvisionerTest, SubjectsAndIssuersAreKeptApart) {
  ExternalIdentity other = Zoe();
  other.subject = "another-subject";
  other.username = "zoe.other";
  other.email.clear();
  EXPECT_NE(provisioner_->Resolve(other), provisioner_->Resolve(Zoe()));
  ExternalIdentity elsewhere = Zoe();  // the same subject at another issuer: another person
  elsewhere.issuer = "https://idp.example.org";
  elsewhere.username = "zoe.elsewhere";
  elsewhere.email.clear();
  EXPECT_NE(provisioner_->Resolve(elsewhere), provisioner_->Resolve(Zoe()));
  EXPECT_NE(ExternalUserProvisioner::UserIdOf("ab", "c"), ExternalUserProvisioner::UserIdOf("a", "bc"));
}

TEST_F(ExternalUserProvisionerTest, NeverTakesALocalUsersNameOrEmail) {
  CreateLocal("zoe.adjuster", "zoe@example.com");
  const auto id = provisioner_->Resolve(Zoe());
  ASSERT_TRUE(id);
  const auto user = users_->Get(*id);
  ASSERT_TRUE(user);
  EXPECT_EQ(user->username, "zoe.adjuster-" + id->substr(id->size() - 6));
  EXPECT_EQ(user->email, "");  // not linked to the local account holding that address
  EXPECT_EQ(users_->FindByUsername("zoe.adjuster")->email, "zoe@example.com");
}

TEST_F(ExternalUserProvisionerTest, AnotherUsersEmailLeavesTheUsernameAloneAndViceVersa) {
  CreateLocal("someone.else", "zoe@example.com");
  auto id = provisioner_->Resolve(Zoe());
  EXPECT_EQ(users_->Get(*id)->username, "zoe.adjuster");  // free: kept
  EXPECT_EQ(users_->Get(*id)->email, "");                  // taken: left out

  ExternalIdentity max = Zoe();
  max.subject = "sub-max";
  max.username = "max";
  max.email = "max@example.com";
  CreateLocal("max", "other@example.com");
  id = provisioner_->Resolve(max);
  EXPECT_EQ(users_->Get(*id)->username, "max-" + id->substr(id->size() - 6));
  EXPECT_EQ(users_->Get(*id)->email, "max@example.com");  // free: kept
}

TEST_F(ExternalUserProvisionerTest, WhenEveryUsernameTriedIsTakenTheIdIsTheUsername) {
  const std::string id = ExternalUserProvisioner::UserIdOf(kIssuer, Zoe().subject);
  CreateLocal("zoe.adjuster", "a@example.com");
  CreateLocal("zoe.adjuster-" + id.substr(id.size() - 6), "b@example.com");
  EXPECT_EQ(provisioner_->Resolve(Zoe()), id);
  EXPECT_EQ(users_->Get(id)->username, "ext-" + id.substr(4));
}

TEST_F(ExternalUserProvisionerTest, AStoredUserOfAnotherIdentityIsNeverTakenOver) {
  // Not possible without a digest collision or a damaged store, but then refused, not used.
  User local;
  local.id = ExternalUserProvisioner::UserIdOf(kIssuer, Zoe().subject);
  local.username = "local.admin";
  local.email = "admin@example.com";
  local.groups = {"admin"};
  ASSERT_EQ(users_->Create(local, {.actor = "system", .action = "user.create"}), UserWrite::kOk);
  EXPECT_THROW(provisioner_->Resolve(Zoe()), std::runtime_error);
  EXPECT_EQ(users_->Get(local.id)->groups, std::vector<std::string>{"admin"});  // untouched
}

TEST_F(ExternalUserProvisionerTest, TokensWithoutEmailOrUsableNamesStillGetAUser) {
  ExternalIdentity a = Zoe();
  a.email.clear();
  a.username.clear();
  const auto first = provisioner_->Resolve(a);
  ASSERT_TRUE(first);
  EXPECT_EQ(users_->Get(*first)->username, "0f6c2a4e-1111-2222-3333-444455556666");
  EXPECT_EQ(users_->Get(*first)->email, "");
  ExternalIdentity b = Zoe();
  b.subject = "s2";
  b.email = "not an email";
  b.username = "Max@Example.COM";
  const auto second = provisioner_->Resolve(b);
  ASSERT_TRUE(second);
  EXPECT_EQ(users_->Get(*second)->username, "max.example.com");
  EXPECT_EQ(users_->Get(*second)->email, "");  // two users without email: no guard clash
  EXPECT_EQ(ExternalUserProvisioner::UsernameOf("é"), "user");
  EXPECT_EQ(ExternalUserProvisioner::UsernameOf("Al"), "al-user");
  EXPECT_EQ(ExternalUserProvisioner::UsernameOf(std::string(100, 'x')).size(), 64u);
}

TEST_F(ExternalUserProvisionerTest, AnOlderTokenDoesNotBringBackGroupsTakenAway) {
  ExternalIdentity admin = Zoe();
  admin.groups = {"admin"};
  admin.issued_at_ms = 1000;
  const auto id = provisioner_->Resolve(admin);
  ExternalIdentity demoted = Zoe();
  demoted.issued_at_ms = 2000;  // the issuer took admin away; a newer token says agent
  EXPECT_EQ(provisioner_->Resolve(demoted), id);
  EXPECT_EQ(users_->Get(*id)->groups, (std::vector<std::string>{"agent"}));
  EXPECT_EQ(provisioner_->Resolve(admin), id);  // the old token again, first seen elsewhere
  EXPECT_EQ(users_->Get(*id)->groups, (std::vector<std::string>{"agent"}));
  EXPECT_EQ(users_->Get(*id)->external_groups_as_of_ms, 2000);
  ExternalIdentity promoted = admin;
  promoted.issued_at_ms = 3000;  // a newer token may still raise them
  EXPECT_EQ(provisioner_->Resolve(promoted), id);
  EXPECT_EQ(users_->Get(*id)->groups, (std::vector<std::string>{"admin"}));
}

TEST_F(ExternalUserProvisionerTest, GroupsFollowTheTokenAndAreAudited) {
  const auto id = provisioner_->Resolve(Zoe());
  ExternalIdentity promoted = Zoe();
  promoted.groups = {"manager", "agent"};
  EXPECT_EQ(provisioner_->Resolve(promoted), id);
  EXPECT_EQ(users_->Get(*id)->groups, (std::vector<std::string>{"manager", "agent"}));
  promoted.groups = {"agent", "manager"};  // the same set in another order: no write
  EXPECT_EQ(provisioner_->Resolve(promoted), id);
  const auto records = AuditOf(*id);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0]["action"], "user.sync");  // newest first
  EXPECT_EQ(records[0]["changes"]["groups"]["new"], (Json{"manager", "agent"}));
}

TEST_F(ExternalUserProvisionerTest, ADisabledUserIsRefused) {
  const auto id = provisioner_->Resolve(Zoe());
  User before = *users_->Get(*id);
  User after = before;
  after.enabled = false;
  ASSERT_EQ(users_->Update(before, after, {.actor = "system", .action = "user.disable"}),
            UserWrite::kOk);
  EXPECT_EQ(provisioner_->Resolve(Zoe()), std::nullopt);
}

TEST_F(ExternalUserProvisionerTest, ConcurrentFirstRequestsMakeOneUser) {
  std::vector<std::thread> threads;
  std::vector<std::optional<std::string>> ids(8);
  for (size_t i = 0; i < ids.size(); ++i) {
    threads.emplace_back([&, i] { ids[i] = provisioner_->Resolve(Zoe()); });
  }
  for (auto& t : threads) t.join();
  for (const auto& id : ids) EXPECT_EQ(id, ids[0]);
  EXPECT_EQ(AuditOf(*ids[0]).size(), 1u);
  EXPECT_EQ(users_->List(10, "").items.size(), 1u);
}

}  // namespace
}  // namespace ccrm::auth
