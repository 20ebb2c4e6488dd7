#include "identity_client.hpp"

#include <gtest/gtest.h>

namespace ccrm::testing {

ServerProcess::Options WithAdminPassword(ServerProcess::Options options) {
  options.env["CCRM_ADMIN_PASSWORD"] = kAdminPassword;
  return options;
}

CommandResult RunCcrm(const std::vector<std::string>& args, const Environment& env,
                      Seconds timeout) {
  std::vector<std::string> argv = {RequiredEnvPath("CCRM_BINARY")};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv, env, timeout);
}

std::unique_ptr<ServerProcess> StartServerOn(const std::string& data_dir) {
  ServerProcess::Options options;
  options.data_dir = data_dir;
  return std::make_unique<ServerProcess>(WithAdminPassword(options));
}

HttpResponse SendJson(uint16_t port, const std::string& method, const std::string& target,
                      const Json& body, const std::string& token) {
  HeaderList headers;
  if (!body.is_null()) headers.push_back({"Content-Type", "application/json"});
  if (!token.empty()) headers.push_back({"Authorization", "Bearer " + token});
  return Request(port, method, target, headers, body.is_null() ? std::string() : body.dump());
}

HttpResponse PostJson(uint16_t port, const std::string& target, const Json& body,
                      const std::string& token) {
  return SendJson(port, "POST", target, body, token);
}

HttpResponse GetWith(uint16_t port, const std::string& target, const std::string& token) {
  return SendJson(port, "GET", target, nullptr, token);
}

Json Login(uint16_t port, const std::string& username, const std::string& password) {
  const auto reply =
      PostJson(port, "/api/v1/auth/login", {{"username", username}, {"password", password}});
  EXPECT_EQ(reply.status, 200) << reply.body;
  return Json::parse(reply.body, nullptr, false);
}

std::string AccessToken(uint16_t port, const std::string& username, const std::string& password) {
  const Json tokens = Login(port, username, password);
  EXPECT_TRUE(tokens.contains("accessToken")) << tokens;
  return tokens.value("accessToken", "");
}

TestUser CreateUser(uint16_t port, const std::string& admin_token, const std::string& username,
                    const std::string& group) {
  TestUser user{.username = username, .password = username + "-long-passphrase-9"};
  const auto created = PostJson(port, "/api/v1/users",
                                {{"username", username},
                                 {"email", username + "@example.com"},
                                 {"groups", {group}},
                                 {"password", user.password}},
                                admin_token);
  EXPECT_EQ(created.status, 201) << created.body;
  user.id = Json::parse(created.body, nullptr, false).value("id", "");
  user.token = AccessToken(port, username, user.password);
  return user;
}

std::string TotpCode(const std::string& base32_secret, int offset_steps) {
  const std::string script =
      "import base64,hmac,hashlib,struct,sys,time\n"
      "s=sys.argv[1]; s+='='*(-len(s)%8)\n"
      "key=base64.b32decode(s.upper())\n"
      "step=int(time.time())//30+int(sys.argv[2])\n"
      "d=hmac.new(key,struct.pack('>Q',step),hashlib.sha1).digest()\n"
      "o=d[-1]&15\n"
      "print('%06d'%((struct.unpack('>I',d[o:o+4])[0]&0x7fffffff)%1000000))\n";
  const auto result =
      RunCommand({"/usr/bin/python3", "-c", script, base32_secret, std::to_string(offset_steps)});
  EXPECT_EQ(result.exit_status, 0) << result.err;
  return result.out.substr(0, 6);
}

}  // namespace ccrm::testing
