// The authorizer's unit-test fixture: our keys and an external issuer's, fake session state
// and external users, and helpers to run the hook. Shared by authorizer_test.cpp (our tokens,
// API keys) and authorizer_external_test.cpp (the external issuer).
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "auth/authorizer.hpp"
#include "auth/external_jwks.hpp"
#include "common/base64.hpp"

namespace ccrm::auth::testing {

using std::chrono::seconds;
using std::chrono::system_clock;

inline constexpr char kIssuer[] = "https://crm.example.com";
inline constexpr char kClient[] = "ccrm-web";
inline constexpr char kExtIssuer[] = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_TEST";
inline constexpr char kExtClient[] = "ext-client";
inline constexpr int64_t kNowS = 1'800'000'000;

class TestClock final : public Clock {
 public:
  system_clock::time_point Now() const override { return now; }
  system_clock::time_point now = system_clock::time_point(seconds(kNowS));
};

// Local users for external identities: "usr_" + subject, or refused when listed as disabled.
class FakeExternalUsers final : public ExternalUsers {
 public:
  std::optional<std::string> Resolve(const ExternalIdentity& identity) override {
    seen.push_back(identity);
    if (disabled.contains(identity.subject)) return std::nullopt;
    return "usr_" + identity.subject;
  }
  std::vector<ExternalIdentity> seen;
  std::set<std::string> disabled;
};

class FakeSessions final : public SessionState {
 public:
  bool IsUserActive(const std::string& user_id) override { return !disabled.contains(user_id); }
  bool KeepHeldGroups(const std::string& user_id, std::vector<std::string>& groups) override {
    if (!IsUserActive(user_id)) return false;
    const auto held = held_groups.find(user_id);
    if (held != held_groups.end()) {
      std::erase_if(groups, [&](const std::string& g) { return !held->second.contains(g); });
    }
    return !groups.empty();
  }
  bool IsFamilyRevoked(const std::string& family) override { return revoked.contains(family); }
  bool IsCached(const std::string& user_id, const std::string& family) override {
    return cached.contains(user_id + "/" + family);
  }
  bool IsUserCached(const std::string& user_id) override { return cached.contains(user_id); }
  bool IsIssuedBeforeRevocation(const std::string& user_id, int64_t issued_at_ms) override {
    const auto it = revoked_at_ms.find(user_id);
    return it != revoked_at_ms.end() && issued_at_ms <= it->second;
  }
  std::map<std::string, int64_t> revoked_at_ms;  // user -> sessions revoked at
  std::set<std::string> cached;  // "user/family" pairs, and users alone, answered from memory
  std::set<std::string> disabled;
  std::set<std::string> revoked;
  std::map<std::string, std::set<std::string>> held_groups;  // user -> stored groups, if set
};

inline const crypto::RsaKey& OurKey() {
  static const crypto::RsaKey key = crypto::RsaKey::Generate();
  return key;
}
inline const crypto::RsaKey& RotatedKey() {
  static const crypto::RsaKey key = crypto::RsaKey::Generate();
  return key;
}
inline const crypto::RsaKey& TheirKey() {
  static const crypto::RsaKey key = crypto::RsaKey::Generate();
  return key;
}
inline std::shared_ptr<const crypto::RsaKey> PublicOf(const crypto::RsaKey& key) {
  return std::make_shared<const crypto::RsaKey>(crypto::RsaKey::FromPublicPem(key.PublicPem()));
}

inline Json OurClaims() {
  return {{"iss", kIssuer},       {"sub", "usr_ann"},       {"token_use", "access"},
          {"client_id", kClient}, {"username", "ann"},      {"cognito:groups", {"agent"}},
          {"iat", kNowS - 10},    {"exp", kNowS + 3590},    {"jti", "j1"},
          {"origin_jti", "fam1"}, {"auth_time", kNowS - 10}};
}

inline Json TheirClaims() {
  return {{"iss", kExtIssuer},     {"sub", "abc-123"},
          {"token_use", "access"}, {"client_id", kExtClient},
          {"username", "zoe"},     {"iat", kNowS - 10},
          {"exp", kNowS + 3590},   {"cognito:groups", {"Admins", "Unknown", "Adjusters"}}};
}

inline std::string Part(const Json& json) { return Base64UrlEncode(json.dump()); }

class AuthorizerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    our_keys_["k1"] = PublicOf(OurKey());
    route_.options.access = gateway::Access::Users();
    public_route_.options.access = gateway::Access::Public();
    Build();
  }

  void Build() {
    AuthorizerOptions options{.issuer = kIssuer, .client_id = kClient};
    options.external =
        AuthorizerOptions::External{.issuer = kExtIssuer,
                                    .client_id = kExtClient,
                                    .groups_claim = "cognito:groups",
                                    .group_map = {{"Admins", "admin"}, {"Adjusters", "agent"}}};
    external_ = std::make_shared<ExternalJwks>(
        ExternalJwksOptions{.url = "https://idp.example.com/jwks.json"},
        [this](const std::string&) {
          ++fetches_;
          if (jwks_body_.empty()) throw std::runtime_error("unreachable");
          return jwks_body_;
        },
        clock_);
    OurKeys keys{.find = [this](std::string_view kid) -> std::shared_ptr<const crypto::RsaKey> {
                   auto it = our_keys_.find(std::string(kid));
                   return it == our_keys_.end() ? nullptr : it->second;
                 },
                 .reload =
                     [this] {
                       ++reloads_;
                       for (auto& [kid, key] : pending_keys_) our_keys_[kid] = key;
                     }};
    authorizer_ = std::make_unique<Authorizer>(
        options, keys, sessions_, external_,
        [](std::string_view presented,
           const gateway::Request&) -> std::optional<Principal> {
          if (presented != "ccrm_key_good_secret") return std::nullopt;
          return Principal{.id = "key_good",
                                    .name = "connect",
                                    .groups = {"connect:ingest"},
                                    .is_api_key = true};
        },
        clock_, nullptr, external_users_);
  }

  std::optional<gateway::Response> Run(
      const std::vector<std::pair<std::string, std::string>>& headers, bool on_public = false) {
    request_ = gateway::Request{};
    for (const auto& [name, value] : headers) request_.headers.Add(name, value);
    return (*authorizer_)(on_public ? public_route_ : route_, request_);
  }
  std::optional<gateway::Response> WithToken(const std::string& token) {
    return Run({{"Authorization", "Bearer " + token}});
  }

  // The 401 with error="invalid_token" and the given description fragment.
  static void ExpectInvalidToken(const std::optional<gateway::Response>& response,
                                 const std::string& fragment) {
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(response->status, 401);
    const std::string* challenge = response->headers.Find("WWW-Authenticate");
    ASSERT_NE(challenge, nullptr);
    EXPECT_NE(challenge->find("Bearer "), std::string::npos) << *challenge;
    EXPECT_NE(challenge->find("error=\"invalid_token\""), std::string::npos) << *challenge;
    EXPECT_NE(challenge->find(fragment), std::string::npos) << *challenge;
  }

  std::shared_ptr<TestClock> clock_ = std::make_shared<TestClock>();
  std::shared_ptr<FakeSessions> sessions_ = std::make_shared<FakeSessions>();
  std::shared_ptr<FakeExternalUsers> external_users_;  // set it, then Build(), to have them
  std::map<std::string, std::shared_ptr<const crypto::RsaKey>> our_keys_;
  std::map<std::string, std::shared_ptr<const crypto::RsaKey>> pending_keys_;
  int reloads_ = 0;
  int fetches_ = 0;
  std::string jwks_body_;
  std::shared_ptr<ExternalJwks> external_;
  std::unique_ptr<Authorizer> authorizer_;
  gateway::Route route_;
  gateway::Route public_route_;
  gateway::Request request_;
};

}  // namespace ccrm::auth::testing
