#include "auth/user.hpp"

#include <algorithm>
#include <cctype>

namespace ccrm::auth {

bool User::InGroup(std::string_view group) const {
  return std::find(groups.begin(), groups.end(), group) != groups.end();
}

Json UserToItem(const User& user) {
  Json item = {
      {"id", user.id},
      {"username", user.username},
      {"usernameKey", user.username},
      {"email", user.email},
      // A constant partition so the byList index can page through every user by username.
      {"kind", "user"},
      {"groups", user.groups},
      {"enabled", user.enabled},
      {"mfa",
       {{"enabled", user.mfa.enabled},
        {"secret", user.mfa.sealed_secret},
        {"pendingSecret", user.mfa.pending_sealed_secret},
        {"lastUsedStep", user.mfa.last_used_step}}},
      {"failedAttempts", user.failed_attempts},
      {"lockedUntil", user.locked_until},
      {"passwordHash", user.password_hash},
      {"mustChangePassword", user.must_change_password},
      {"sessionsRevokedAtMs", user.sessions_revoked_at_ms},
      {"createdAt", user.created_at},
      {"updatedAt", user.updated_at},
      {"version", user.version},
  };
  // The byEmail index is sparse, as a DynamoDB GSI: a user without email is not in it.
  if (!user.email.empty()) item["emailKey"] = NormalizeEmail(user.email);
  if (user.external()) {
    item["external"] = {{"issuer", user.external_issuer},
                        {"subject", user.external_subject},
                        {"groupsAsOfMs", user.external_groups_as_of_ms}};
  }
  return item;
}

User UserFromItem(const Json& item) {
  User user;
  user.id = item.value("id", "");
  user.username = item.value("username", "");
  user.email = item.value("email", "");
  if (item.contains("groups") && item["groups"].is_array()) {
    for (const auto& g : item["groups"]) {
      if (g.is_string()) user.groups.push_back(g.get<std::string>());
    }
  }
  user.enabled = item.value("enabled", true);
  if (item.contains("mfa") && item["mfa"].is_object()) {
    const Json& mfa = item["mfa"];
    user.mfa.enabled = mfa.value("enabled", false);
    user.mfa.sealed_secret = mfa.value("secret", "");
    user.mfa.pending_sealed_secret = mfa.value("pendingSecret", "");
    user.mfa.last_used_step = mfa.value("lastUsedStep", int64_t{-1});
  }
  user.failed_attempts = item.value("failedAttempts", 0);
  user.locked_until = item.value("lockedUntil", "");
  user.password_hash = item.value("passwordHash", "");
  user.must_change_password = item.value("mustChangePassword", false);
  user.sessions_revoked_at_ms = item.value("sessionsRevokedAtMs", int64_t{0});
  user.created_at = item.value("createdAt", "");
  user.updated_at = item.value("updatedAt", "");
  user.version = item.value("version", int64_t{0});
  if (const auto external = item.find("external"); external != item.end() && external->is_object()) {
    user.external_issuer = external->value("issuer", "");
    user.external_subject = external->value("subject", "");
    user.external_groups_as_of_ms = external->value("groupsAsOfMs", int64_t{0});
  }
  return user;
}

Json UserToJson(const User& user) {
  return {
      {"id", user.id},
      {"username", user.username},
      {"email", user.email},
      {"groups", user.groups},
      {"enabled", user.enabled},
      {"mfaEnabled", user.mfa.enabled},
      {"mustChangePassword", user.must_change_password},
      {"lockedUntil", user.locked_until.empty() ? Json(nullptr) : Json(user.locked_until)},
      {"createdAt", user.created_at},
      {"updatedAt", user.updated_at},
      {"version", user.version},
      {"external", user.external() ? Json{{"issuer", user.external_issuer},
                                          {"subject", user.external_subject}}
                                   : Json(nullptr)},
  };
}

namespace {
std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}
}  // namespace

std::string NormalizeUsername(std::string_view username) { return Lower(username); }
std::string NormalizeEmail(std::string_view email) { return Lower(email); }

void ValidateUsername(const std::string& username, std::vector<FieldError>& errors) {
  if (username.size() < 3 || username.size() > 64) {
    errors.push_back({"username", "must be 3 to 64 characters"});
    return;
  }
  for (const char c : username) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
                    c == '-';
    if (!ok) {
      errors.push_back({"username", "may hold only a-z, 0-9, '.', '_' and '-'"});
      return;
    }
  }
}

void ValidateEmail(const std::string& email, std::vector<FieldError>& errors) {
  // Deliberately simple (local@domain.tld, no spaces or controls): the real check is the mail
  // that reaches the person; a full RFC 5322 parser would accept addresses nobody can use.
  const size_t at = email.find('@');
  bool ok = email.size() <= 254 && at != std::string::npos && at > 0 &&
            email.find('@', at + 1) == std::string::npos && at + 1 < email.size();
  if (ok) {
    const std::string domain = email.substr(at + 1);
    const size_t dot = domain.find('.');
    ok = dot != std::string::npos && dot > 0 && domain.back() != '.' &&
         domain.find("..") == std::string::npos;
    for (const char c : email) {
      if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f || c == '<' || c == '>' ||
          c == ',' || c == ';' || c == '"') {
        ok = false;
      }
    }
  }
  if (!ok) errors.push_back({"email", "must be an email address such as name@example.com"});
}

void ValidateGroups(const std::vector<std::string>& groups, std::vector<FieldError>& errors) {
  if (groups.empty()) {
    errors.push_back({"groups", "must name at least one of admin, manager, agent"});
    return;
  }
  for (const auto& g : groups) {
    if (g != kGroupAdmin && g != kGroupManager && g != kGroupAgent) {
      errors.push_back({"groups", "unknown group \"" + g + "\" (admin, manager, agent)"});
      return;
    }
  }
}

std::optional<std::vector<std::string>> GroupsFromJson(const Json& value,
                                                       std::vector<FieldError>& errors) {
  if (!value.is_array()) {
    errors.push_back({"groups", "must be an array of group names"});
    return std::nullopt;
  }
  std::vector<std::string> groups;
  for (const auto& g : value) {
    if (!g.is_string()) {
      errors.push_back({"groups", "must be an array of group names"});
      return std::nullopt;
    }
    const std::string name = g.get<std::string>();
    if (std::find(groups.begin(), groups.end(), name) == groups.end()) groups.push_back(name);
  }
  return groups;
}

}  // namespace ccrm::auth
