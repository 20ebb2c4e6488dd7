// Our RS256 tokens against an independent implementation: PyJWT (Debian's python3-jwt).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "auth/jwt.hpp"
#include "common/scratch_dir.hpp"
#include "crypto/random.hpp"

namespace ccrm::auth {
namespace {

namespace fs = std::filesystem;
using std::chrono::seconds;
using std::chrono::system_clock;

constexpr char kPython[] = "/usr/bin/python3";
constexpr char kIssuer[] = "https://crm.example.com";

bool HavePyJwt() {
  static const bool available = [] {
    const std::string command = std::string(kPython) + " -c 'import jwt' >/dev/null 2>&1";
    return std::system(command.c_str()) == 0;
  }();
  return available;
}

using ccrm::testing::ScratchDir;

// Runs a command, returning its exit status and standard output.
std::pair<int, std::string> RunCommand(const std::string& command) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return {-1, ""};
  std::string output;
  char buffer[4096];
  size_t n = 0;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) output.append(buffer, n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

constexpr char kVerifyScript[] = R"(
import json, sys, jwt
jwk = json.load(open(sys.argv[1]))
token = open(sys.argv[2]).read().strip()
header = jwt.get_unverified_header(token)
assert header["kid"] == jwk["kid"], header
key = jwt.PyJWK(jwk).key
claims = jwt.decode(token, key, algorithms=["RS256"], issuer=sys.argv[3],
                    options={"require": ["exp", "iat", "iss"], "verify_aud": False})
print(json.dumps(claims, sort_keys=True))
)";

constexpr char kSignScript[] = R"(
import json, sys, jwt
pem = open(sys.argv[1]).read()
claims = json.load(open(sys.argv[2]))
print(jwt.encode(claims, pem, algorithm="RS256", headers={"kid": sys.argv[3]}))
)";

Json Claims() {
  const int64_t now =
      std::chrono::duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
  return {{"iss", kIssuer},     {"sub", "usr_1"},    {"token_use", "access"},
          {"client_id", "web"}, {"username", "ann"}, {"cognito:groups", {"admin"}},
          {"iat", now},         {"exp", now + 3600}, {"jti", "j-1"}};
}

TEST(JwtInteropTest, PyJwtVerifiesOurTokensAgainstOurJwk) {
  if (!HavePyJwt()) GTEST_SKIP() << "python3-jwt is not installed";
  const auto key = crypto::RsaKey::Generate();
  const Json claims = Claims();
  const ScratchDir dir{"jwt-interop"};
  const auto jwk = dir.Write("jwk.json", key.Jwk("sig_1").dump());
  const auto token = dir.Write("token.txt", SignJwt("sig_1", claims, key));
  const auto script = dir.Write("verify.py", kVerifyScript);

  const auto [status, output] = RunCommand(std::string(kPython) + " " + script.string() + " " +
                                           jwk.string() + " " + token.string() + " " + kIssuer);
  ASSERT_EQ(status, 0) << output;
  EXPECT_EQ(Json::parse(output), claims);

  // And PyJWT refuses it under another key: the check above is a real one.
  const auto other = dir.Write("other.json", crypto::RsaKey::Generate().Jwk("sig_1").dump());
  const auto [refused, message] = RunCommand(std::string(kPython) + " " + script.string() + " " +
                                             other.string() + " " + token.string() + " " + kIssuer);
  EXPECT_NE(refused, 0) << message;
  EXPECT_NE(message.find("InvalidSignatureError"), std::string::npos) << message;
}

TEST(JwtInteropTest, WeVerifyPyJwtTokensSignedWithOurPem) {
  if (!HavePyJwt()) GTEST_SKIP() << "python3-jwt is not installed";
  const auto key = crypto::RsaKey::Generate();
  const ScratchDir dir{"jwt-interop"};
  const auto pem = dir.Write("key.pem", key.PrivatePem());
  const Json expected = Claims();
  const auto claims = dir.Write("claims.json", expected.dump());
  const auto script = dir.Write("sign.py", kSignScript);

  const auto [status, output] = RunCommand(std::string(kPython) + " " + script.string() + " " +
                                           pem.string() + " " + claims.string() + " sig_py");
  ASSERT_EQ(status, 0) << output;
  std::string token = output;
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();

  const auto public_key = std::make_shared<const crypto::RsaKey>(crypto::RsaKey::FromJwk(
      key.Jwk("sig_py")["n"].get<std::string>(), key.Jwk("sig_py")["e"].get<std::string>()));
  const KeyResolver resolve = [&](std::string_view kid) {
    return kid == "sig_py" ? public_key : nullptr;
  };
  const JwtVerifyOptions options{
      .issuer = kIssuer, .token_use = TokenUse::kAccess, .client_id = "web"};
  const auto result = VerifyJwt(token, resolve, options, system_clock::now());
  ASSERT_TRUE(result.ok()) << result.description() << " " << token;
  EXPECT_EQ(result.claims(), expected);
}

}  // namespace
}  // namespace ccrm::auth
