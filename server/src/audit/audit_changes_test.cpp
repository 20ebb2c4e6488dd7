// Diff and masking of an audit record's `changes`.
#include "audit/audit_changes.hpp"

#include <gtest/gtest.h>

namespace ccrm::audit {
namespace {

TEST(AuditChangesTest, DiffListsChangedAddedAndRemovedFields) {
  const Json before = {{"name", "Ann"}, {"email", "a@example.com"}, {"phone", "+15550100"},
                       {"groups", {"agent"}}};
  const Json after = {{"name", "Ann"}, {"email", "b@example.com"}, {"enabled", false},
                      {"groups", {"agent", "manager"}}};
  EXPECT_EQ(Diff(before, after),
            Json({{"email", {{"old", "a@example.com"}, {"new", "b@example.com"}}},
                  {"phone", {{"old", "+15550100"}, {"new", nullptr}}},
                  {"enabled", {{"old", nullptr}, {"new", false}}},
                  {"groups", {{"old", {"agent"}}, {"new", {"agent", "manager"}}}}}));
}

TEST(AuditChangesTest, DiffReportsNestedFieldsAsDottedPaths) {
  const Json before = {{"address", {{"city", "Austin"}, {"zip", "78701"}, {"geo", {{"lat", 1}}}}}};
  const Json after = {{"address", {{"city", "Dallas"}, {"zip", "78701"}, {"geo", {{"lat", 2}}}}}};
  EXPECT_EQ(Diff(before, after), Json({{"address.city", {{"old", "Austin"}, {"new", "Dallas"}}},
                                       {"address.geo.lat", {{"old", 1}, {"new", 2}}}}));
}

TEST(AuditChangesTest, DiffAgainstNullListsEveryField) {
  EXPECT_EQ(Diff(nullptr, {{"id", "usr_1"}}), Json({{"id", {{"old", nullptr}, {"new", "usr_1"}}}}));
  EXPECT_EQ(Diff({{"id", "usr_1"}}, nullptr), Json({{"id", {{"old", "usr_1"}, {"new", nullptr}}}}));
  EXPECT_EQ(Diff({{"a", 1}}, {{"a", 1}}), Json::object());
  EXPECT_THROW(Diff(Json::array(), Json::object()), std::invalid_argument);
}

TEST(AuditChangesTest, SecretFieldNamesAreWordsNotSubstrings) {
  for (const char* name : {"password", "passwordHash", "secret", "token", "refreshToken", "apiKey",
                           "key", "totpSecret", "privateKey", "PRIVATE_KEY", "client_secret",
                           "mfa.secret", "credentials.value", "APIKey", "newPassword",
                           "tokenHash", "privateKeyPem", "signing-key"}) {
    EXPECT_TRUE(IsSecretField(name)) << name;
  }
  for (const char* name : {"keyboard", "monkey", "keyId", "apiKey.name", "email", "tokenless",
                           "secretary", "username", "", "passwordChangedAt", "tokenFamily"}) {
    EXPECT_FALSE(IsSecretField(name)) << name;
  }
}

TEST(AuditChangesTest, MaskKeepsNullsSoSetAndClearedStayVisible) {
  const Json changes = {{"password", {{"old", "hunter2hunter2"}, {"new", "correct horse"}}},
                        {"totpSecret", {{"old", "JBSWY3DP"}, {"new", nullptr}}},
                        {"apiKey", {{"old", nullptr}, {"new", "ccrm_key_x"}}},
                        {"username", {{"old", "ann"}, {"new", "anne"}}}};
  EXPECT_EQ(MaskChanges(changes),
            Json({{"password", {{"old", "***"}, {"new", "***"}}},
                  {"totpSecret", {{"old", "***"}, {"new", nullptr}}},
                  {"apiKey", {{"old", nullptr}, {"new", "***"}}},
                  {"username", {{"old", "ann"}, {"new", "anne"}}}}));
}

TEST(AuditChangesTest, MaskReachesSecretsNestedInValues) {
  const Json changes = {
      {"mfa", {{"old", nullptr}, {"new", {{"enabled", true}, {"secret", "JBSWY3DP"}}}}},
      {"keys", {{"old", Json::array()}, {"new", {{{"kid", "k1"}, {"privateKey", "PEM"}}}}}},
      {"token", "raw-value"}};
  EXPECT_EQ(MaskChanges(changes),
            Json({{"mfa", {{"old", nullptr}, {"new", {{"enabled", true}, {"secret", "***"}}}}},
                  {"keys", {{"old", Json::array()}, {"new", {{{"kid", "k1"}, {"privateKey", "***"}}}}}},
                  {"token", "***"}}));
  EXPECT_THROW(MaskChanges(Json::array()), std::invalid_argument);
}

}  // namespace
}  // namespace ccrm::audit
