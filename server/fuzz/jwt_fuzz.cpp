// Bearer tokens as the authorizer verifies them: VerifyJwt with a fixed key, issuer and client.
// Invariants: only the documented failures; a token that verifies carries a signature our key
// made over exactly its first two parts, names a kid we resolve, and claims that pass every rule
// (iss, token_use, client_id, exp, iat); and the verdict is the same when asked twice.
// The key below exists only for this target (and its committed seed tokens): no deployment has it.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "auth/jwt.hpp"
#include "common/base64.hpp"
#include "crypto/rsa_key.hpp"
#include "fuzz_check.hpp"

namespace {

constexpr std::string_view kIssuer = "https://ccrm.example/fuzz";
constexpr std::string_view kClient = "fuzz-client";
// Seed tokens expire at 2100-01-01; "now" is fixed so the corpus stays valid.
constexpr std::chrono::seconds kNow{1'796'000'000};

const ccrm::crypto::RsaKey& Key() {
  static const auto key = std::make_shared<const ccrm::crypto::RsaKey>(
      ccrm::crypto::RsaKey::FromPrivatePem(
    "-----BEGIN PRIVATE KEY-----\n"
    "MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDUAbcPMfGwdcDy\n"
    "A9WpIDwDcYiB/5AYUF4DO6R/e7jKAfKsCZVTz0anWFJW4IutXh5RKHRaMiWMQ5/J\n"
    "H3kC30OPT/Agap9dH2ANHhkjEMJsWVga8CKppabG17v/tYNKIh79xzPQFOPrkDYJ\n"
    "DtGippGtI2K8qVZyJ4vXGmjLkjNTuR9nObbmMPgDxavqqiMO6qcIqMCyXULWWzVW\n"
    "J6mCUBioGNAfhU/D1ak+4+J04gq21BKwM8IzMtUjp6xkqSeNpU7DALA4cc6H3/Fq\n"
    "iAnmoyCwAAA9gNSoy8TKEqkjGlj2QYyrBF6XXqKmK2yUpCEaNn1zpQMynXjXtXUt\n"
    "YCVh84FrAgMBAAECggEAPMPBFDncbBdUFgnDU5ZJnTMNTTVSt6VRTNvrah6r+DpW\n"
    "s7iLdFoUhiJqdzwkzKwNRHWz46Y73NgFFEBRDuGvG4Rt7tygkLBNd3UI/2PuVd/F\n"
    "wPLS/IzeIF/1InWEC9t7xoEx+JIEQaAz3KTCsTvMxTM/OZPPkyiCjESlhLOCwpvm\n"
    "obhgrCXmJ6AQ+7K9cnRIQxvnuGsWpzlxSwiLM6YfoEyxxpg5o+v761lYR581unOQ\n"
    "W2BlLSAfeYOCmnRQWUKFVcJCuvvbVgz8vEyA6NWbOuOAqZfo/DD2an3XptNDwyz5\n"
    "eyTwlKCbm9Zk2IHBMc69F7hWapC24aVt4F6P+McgAQKBgQD/436MjQESjr6KVcav\n"
    "r3G0Y53D1e5x16J/L6TJfImjAmUqk8eW9w/rEUr7JeMQGwu3Qpm/x9Kc71Df74fx\n"
    "hEKYxq0HCMme92boXsLvLmLFG336kYYLOkRBfkHmrC81h35lTh+6vgAw7Ktm/+xV\n"
    "ogUD9zTPYU+AHjO5sowcJBxC6wKBgQDUGVUU6sKeL5nET37NJFrth1SLMae9/hDo\n"
    "rcqH+qLfGYpnymfNyTT0X+WcSJH8cHsEb/1vs0NDoVPMfDs7FcaZvkt6H4o5yX2T\n"
    "mrClHR+X+bQ8caQuxdXCmEu3D9itYCR0AjPac4UJipcgasLIlhFvXg3iOXBnrxcb\n"
    "yEmQjjUbgQKBgQD9tr6+9P/fOpFJ8Ap0H2yKA0tl5TPqxHdlzAODk2uUqMdOFACN\n"
    "eqHZ3OePZN1iFq7jIbH4KVR2LgLuRj1wBkdR24ursdbXO05Zj7uQE1nzPXMHgkp5\n"
    "z2fl2B3XbVnRpWp5X6CuM71UxRSdp5rYvTBj4jQGeuGskkWPFa0+Kb+ryQKBgG3G\n"
    "rsKkvxYgjPWOL5L9vhIyeQ+SI7+yQA4t5SV8E9Bk573QhOl9umrBN5Yr+WMu1Hz3\n"
    "ebTWk3nthfHQWte57ZClbWtH58MBBn3fEo5jBHckRqUCLHgI7RpKuOWGzh7uI+/n\n"
    "M+9c2v6VPKMKnsYy5dM+WvE7yXHgrZUzlN+8usABAoGBAPeg99+F9h5//BdNM2eo\n"
    "oogZIUHcWVx0RmdnAbXiuTwllYPUI2O8ITL96EMIgJpYgdSGUzJFy/POmyPQFWJe\n"
    "qUg+RVgLP8rnnmDQhGcjXHLbwdK2bJEiBYyYuOq561kHzJG8P+q3Pch9iqnw5IXf\n"
    "zv6P6hQ8pLjOCoV4w2y06yj1\n"
    "-----END PRIVATE KEY-----\n"));
  return *key;
}

std::shared_ptr<const ccrm::crypto::RsaKey> Resolve(std::string_view kid) {
  static const auto key = std::shared_ptr<const ccrm::crypto::RsaKey>(&Key(), [](auto*) {});
  return kid == "fuzz-1" ? key : nullptr;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view token(reinterpret_cast<const char*>(data), size);
  const std::chrono::system_clock::time_point now{kNow};
  for (const auto use : {ccrm::auth::TokenUse::kAccess, ccrm::auth::TokenUse::kId}) {
    ccrm::auth::JwtVerifyOptions options;
    options.issuer = std::string(kIssuer);
    options.client_id = std::string(kClient);
    options.token_use = use;
    const auto result = ccrm::auth::VerifyJwt(token, Resolve, options, now);
    const auto again = ccrm::auth::VerifyJwt(token, Resolve, options, now);
    FUZZ_CHECK(result.ok() == again.ok(), "the same verdict twice");
    if (!result.ok()) {
      FUZZ_CHECK(!result.description().empty(), "a refusal says why");
      FUZZ_CHECK(result.description().find('"') == std::string::npos, "and has no quotes");
      continue;
    }
    const size_t first = token.find('.');
    const size_t second = token.find('.', first + 1);
    FUZZ_CHECK(first != std::string_view::npos && second != std::string_view::npos, "three parts");
    const auto signature = ccrm::Base64UrlDecode(token.substr(second + 1));
    FUZZ_CHECK(signature.has_value(), "the signature is base64url");
    FUZZ_CHECK(Key().VerifyRs256(token.substr(0, second), *signature),
               "a verified token was signed by our key over its first two parts");
    FUZZ_CHECK(Key().SignRs256(token.substr(0, second)) == *signature,
               "and the signature is the one our key makes (PKCS#1 v1.5 is deterministic)");
    if (std::getenv("FUZZ_SHOW_VERIFIED")) std::fprintf(stderr, "verified\n");
    const ccrm::Json& claims = result.claims();
    FUZZ_CHECK(claims.value("iss", "") == kIssuer, "iss is ours");
    FUZZ_CHECK(claims.value("token_use", "") == (use == ccrm::auth::TokenUse::kAccess ? "access" : "id"),
               "token_use is the one asked for");
    FUZZ_CHECK(claims.contains("exp") && claims["exp"].is_number(), "exp is a number");
    FUZZ_CHECK(claims["exp"].get<double>() + 60 > static_cast<double>(kNow.count()), "not expired");
  }
  return 0;
}
