#include "auth/user_routes.hpp"

#include "auth/auth_routes.hpp"
#include "common/json_members.hpp"
#include "gateway/request_params.hpp"

namespace ccrm::auth {
namespace {

gateway::Response UserReply(int status, const User& user) {
  auto response = gateway::Response::WithJson(status, UserToJson(user));
  response.headers.Set("ETag", gateway::VersionETag(user.version));
  return response;
}

NewUser ParseNewUser(const Json& body) {
  // "enabled" too: a new user is enabled; PATCH it afterwards to disable.
  RequireKnownMembers(body, {"username", "email", "groups", "password", "temporaryPassword"});
  NewUser request;
  std::vector<FieldError> errors;
  auto string_field = [&](const char* name) -> std::string {
    const auto it = body.find(name);
    if (it == body.end() || !it->is_string()) {
      errors.push_back({name, "is required (a string)"});
      return "";
    }
    return it->get<std::string>();
  };
  request.username = string_field("username");
  request.email = string_field("email");
  if (const auto it = body.find("groups"); it != body.end()) {
    if (auto groups = GroupsFromJson(*it, errors)) request.groups = *groups;
  } else {
    errors.push_back({"groups", "is required (an array of group names)"});
  }
  if (const auto it = body.find("password"); it != body.end() && !it->is_null()) {
    if (!it->is_string()) {
      errors.push_back({"password", "must be a string"});
    } else {
      request.password = it->get<std::string>();
    }
  }
  if (const auto it = body.find("temporaryPassword"); it != body.end()) {
    if (!it->is_boolean()) {
      errors.push_back({"temporaryPassword", "must be true or false"});
    } else {
      request.temporary = it->get<bool>();
    }
  }
  if (!errors.empty()) throw ProblemException(Problem::Validation(std::move(errors)));
  return request;
}

UserPatch ParsePatch(const Json& body) {
  RequireKnownMembers(body, {"groups", "enabled", "email"});
  UserPatch patch;
  std::vector<FieldError> errors;
  for (const auto& [name, value] : body.items()) {
    if (name == "groups") {
      patch.groups = GroupsFromJson(value, errors);
    } else if (name == "enabled") {
      if (value.is_boolean()) {
        patch.enabled = value.get<bool>();
      } else {
        errors.push_back({"enabled", "must be true or false"});
      }
    } else if (name == "email") {
      if (value.is_string()) {
        patch.email = value.get<std::string>();
      } else {
        errors.push_back({"email", "must be a string"});
      }
    }
  }
  if (!errors.empty()) throw ProblemException(Problem::Validation(std::move(errors)));
  return patch;
}

}  // namespace

void AddUserRoutes(gateway::Router& router, std::shared_ptr<UserService> users) {
  const gateway::RouteOptions admin{.offload = true, .access = gateway::Access::Users({"admin"})};
  const gateway::RouteOptions anyone{.offload = true, .access = gateway::Access::Users()};
  // Routes that hash or verify an argon2id password run on the heavy pool.
  const gateway::RouteOptions admin_hashing{
      .offload = true, .heavy = true, .access = gateway::Access::Users({"admin"})};
  const gateway::RouteOptions anyone_hashing{
      .offload = true, .heavy = true, .access = gateway::Access::Users()};

  router.Add(
      "POST", "/api/v1/users",
      [users](gateway::Request& request) {
        const auto created = users->Create(ParseNewUser(request.JsonBody()), ContextOf(request));
        Json body = UserToJson(created.user);
        if (created.temporary_password) body["temporaryPassword"] = *created.temporary_password;
        auto response = gateway::Response::WithJson(201, body);
        response.headers.Set("Location", "/api/v1/users/" + created.user.id);
        response.headers.Set("ETag", gateway::VersionETag(created.user.version));
        response.headers.Set("Cache-Control", "no-store");
        return response;
      },
      admin_hashing);
  router.Add(
      "GET", "/api/v1/users",
      [users](gateway::Request& request) {
        const auto page =
            users->List(gateway::PageLimit(request), request.Query("cursor").value_or(""));
        Json items = Json::array();
        for (const auto& item : page.items) items.push_back(UserToJson(UserFromItem(item)));
        Json body = {{"items", items}, {"nextCursor", nullptr}};
        if (page.next_cursor) body["nextCursor"] = *page.next_cursor;
        return gateway::Response::WithJson(200, body);
      },
      admin);
  // Who may be named as an assignee, for the people who assign (managers and admins): ids,
  // usernames, groups and whether enabled; no emails, MFA or lockout state, which stay with
  // user administration.
  router.Add(
      "GET", "/api/v1/users/directory",
      [users](gateway::Request& request) {
        const auto page =
            users->List(gateway::PageLimit(request), request.Query("cursor").value_or(""));
        Json items = Json::array();
        for (const auto& item : page.items) {
          const User user = UserFromItem(item);
          items.push_back({{"id", user.id},
                           {"username", user.username},
                           {"groups", user.groups},
                           {"enabled", user.enabled}});
        }
        Json body = {{"items", items}, {"nextCursor", nullptr}};
        if (page.next_cursor) body["nextCursor"] = *page.next_cursor;
        return gateway::Response::WithJson(200, body);
      },
      gateway::RouteOptions{.offload = true,
                            .access = gateway::Access::Users({"admin", "manager"})});
  router.Add(
      "GET", "/api/v1/users/me",
      [users](gateway::Request& request) {
        const auto me = users->GetCached(request.principal.id);
        auto response = gateway::Response::WithText(200, me->api_json, "application/json");
        response.headers.Set("ETag", gateway::VersionETag(me->user.version));
        return response;
      },
      // Inline: it runs on the io thread when the authorizer's InlineCheck found the token,
      // user and session cached (then so is this user), else on the pool like other routes.
      gateway::RouteOptions{.offload = false, .access = gateway::Access::Users()});
  router.Add(
      "POST", "/api/v1/users/me/password",
      [users](gateway::Request& request) {
        const Json body = request.JsonBody();
        RequireKnownMembers(body, {"currentPassword", "newPassword"});
        users->ChangePassword(request.principal.id, RequiredString(body, "currentPassword"),
                              RequiredString(body, "newPassword"), ContextOf(request));
        return gateway::Response::NoContent();
      },
      anyone_hashing);
  router.Add(
      "POST", "/api/v1/users/me/mfa/totp",
      [users](gateway::Request& request) {
        const auto enrolment = users->StartTotp(request.principal.id, ContextOf(request));
        auto response = gateway::Response::WithJson(
            200, {{"secret", enrolment.secret_base32}, {"otpauthUri", enrolment.otpauth_uri}});
        response.headers.Set("Cache-Control", "no-store");
        return response;
      },
      anyone);
  router.Add(
      "POST", "/api/v1/users/me/mfa/totp/verify",
      [users](gateway::Request& request) {
        const Json body = request.JsonBody();
        RequireKnownMembers(body, {"code"});
        return UserReply(200,
                         users->VerifyTotp(request.principal.id, RequiredString(body, "code", 16),
                                           ContextOf(request)));
      },
      anyone);
  router.Add(
      "GET", "/api/v1/users/{id}",
      [users](gateway::Request& request) {
        return UserReply(200, users->Get(std::string(request.PathParam("id"))));
      },
      admin);
  router.Add(
      "PATCH", "/api/v1/users/{id}",
      [users](gateway::Request& request) {
        return UserReply(
            200, users->Patch(std::string(request.PathParam("id")), ParsePatch(request.JsonBody()),
                              gateway::IfMatchVersion(request), ContextOf(request)));
      },
      admin);
  router.Add(
      "POST", "/api/v1/users/{id}/reset-password",
      [users](gateway::Request& request) {
        const std::string password =
            users->ResetPassword(std::string(request.PathParam("id")), ContextOf(request));
        auto response = gateway::Response::WithJson(200, {{"temporaryPassword", password}});
        response.headers.Set("Cache-Control", "no-store");
        return response;
      },
      admin_hashing);
}

}  // namespace ccrm::auth
