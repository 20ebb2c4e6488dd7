// RS256 JSON Web Tokens shaped like Cognito's: signing, and verification that rejects by default.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/json.hpp"
#include "crypto/rsa_key.hpp"

namespace ccrm::auth {

// Tokens longer than this are refused before any parsing (ours are about 1 KB).
inline constexpr size_t kMaxJwtBytes = 8 * 1024;

// Signs `claims` (a JSON object) with `key`. The header is exactly {alg: "RS256", typ: "JWT",
// kid}: callers cannot set alg. Pass the kid that names `key` in the JWKS (KeyRing::Active()
// hands out both together). Throws std::invalid_argument if claims is not an object or kid is
// empty, crypto::CryptoError if `key` has no private part.
std::string SignJwt(std::string_view kid, const Json& claims, const crypto::RsaKey& key);

// Why a token was refused.
enum class JwtError {
  kMalformed,             // not three base64url parts of JSON objects, bad claim types, too long
  kUnsupportedAlgorithm,  // alg is not exactly "RS256" ("none", HS256, RS512, ...)
  kUnknownKey,            // no published key has this kid
  kBadSignature,
  kExpired,      // exp + leeway < now
  kNotYetValid,  // iat or nbf later than now + leeway
  kWrongIssuer,
  kWrongTokenUse,  // an id token offered as an access token, or the reverse
  kWrongAudience,  // client_id (access) or aud (id) is not our client
};

// A stable short name ("expired", "bad_signature", ...) for logs and metrics.
std::string_view JwtErrorName(JwtError error);

enum class TokenUse { kAccess, kId };

struct JwtVerifyOptions {
  std::string issuer;                      // required: "iss" must equal it exactly
  TokenUse token_use = TokenUse::kAccess;  // "token_use" must be "access" / "id"
  std::string client_id;            // required: "client_id" (access) or "aud" (id; string or array)
  std::chrono::seconds leeway{60};  // clock skew tolerated on exp, iat and nbf
};

// Finds the public key a kid names, or null. Returning shared ownership keeps the key alive
// while a verification runs, even if a concurrent key reload drops it.
using KeyResolver = std::function<std::shared_ptr<const crypto::RsaKey>(std::string_view kid)>;

// Either the verified claims or why the token was refused.
class JwtVerifyResult {
 public:
  static JwtVerifyResult Ok(Json claims);
  static JwtVerifyResult Fail(JwtError error, std::string description);

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  // The claims of a verified token. Throws std::logic_error when !ok(): no path hands out
  // claims of a refused token.
  const Json& claims() const;
  // Valid only when !ok() (throws std::logic_error otherwise).
  JwtError error() const;
  // A sentence safe to send back (WWW-Authenticate error_description): no quotes, no secrets.
  const std::string& description() const { return description_; }

 private:
  JwtVerifyResult() = default;
  Json claims_;
  std::optional<JwtError> error_;
  std::string description_;
};

// Verifies `token` strictly, in this order: size and shape (three unpadded base64url parts,
// header a JSON object without duplicate keys), alg == "RS256" (checked before any key lookup,
// so "none" and HS256-with-the-public-key never reach a key), kid, signature, then the claims:
// exp and iat required numbers, nbf optional, iss, token_use, client. Only then are the
// payload's claims handed out. Throws std::invalid_argument when options.issuer or
// options.client_id is empty (a configuration mistake, not a bad token).
JwtVerifyResult VerifyJwt(std::string_view token, const KeyResolver& resolve_kid,
                          const JwtVerifyOptions& options,
                          std::chrono::system_clock::time_point now);

}  // namespace ccrm::auth
