#include "auth/jwt.hpp"

#include <cmath>
#include <stdexcept>
#include <unordered_set>
#include <vector>

#include "common/base64.hpp"

namespace ccrm::auth {
namespace {

constexpr size_t kMaxKidLength = 256;
constexpr int kMaxJsonDepth = 16;

// Strict base64url: no padding, no foreign characters, and the one canonical spelling of the
// bytes. Accepting a second spelling would let anyone mint a different token string with the
// same signature, which breaks anything keyed on the token text.
std::optional<std::string> DecodePart(std::string_view part) {
  if (part.empty() || part.find('=') != std::string_view::npos) return std::nullopt;
  auto bytes = Base64UrlDecode(part);
  if (!bytes || Base64UrlEncode(*bytes) != part) return std::nullopt;
  return bytes;
}

// A JSON object with no duplicate keys at any depth: with duplicates, two parsers may read two
// different claim sets out of one signed payload.
std::optional<Json> ParseObject(std::string_view text) {
  std::vector<std::unordered_set<std::string>> open_objects;
  bool refused = false;
  Json::parser_callback_t callback = [&](int depth, Json::parse_event_t event, Json& parsed) {
    if (depth > kMaxJsonDepth) refused = true;
    switch (event) {
      case Json::parse_event_t::object_start:
        open_objects.emplace_back();
        break;
      case Json::parse_event_t::object_end:
        if (!open_objects.empty()) open_objects.pop_back();
        break;
      case Json::parse_event_t::key:
        if (open_objects.empty() || !open_objects.back().insert(parsed.get<std::string>()).second) {
          refused = true;
        }
        break;
      default:
        break;
    }
    return true;
  };
  Json value = Json::parse(text.begin(), text.end(), callback, /*allow_exceptions=*/false);
  if (refused || value.is_discarded() || !value.is_object()) return std::nullopt;
  return value;
}

JwtVerifyResult Malformed(std::string description = "The token is malformed.") {
  return JwtVerifyResult::Fail(JwtError::kMalformed, std::move(description));
}

bool AudienceContains(const Json& aud, const std::string& client_id) {
  if (aud.is_string()) return aud.get_ref<const std::string&>() == client_id;
  if (!aud.is_array()) return false;
  for (const auto& entry : aud) {
    if (entry.is_string() && entry.get_ref<const std::string&>() == client_id) return true;
  }
  return false;
}

JwtVerifyResult CheckClaims(Json claims, const JwtVerifyOptions& options,
                            std::chrono::system_clock::time_point now) {
  const double now_s = static_cast<double>(
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
  const double leeway = static_cast<double>(options.leeway.count());

  const auto exp = claims.find("exp");
  const auto iat = claims.find("iat");
  const auto nbf = claims.find("nbf");
  if (exp == claims.end() || !exp->is_number() || iat == claims.end() || !iat->is_number() ||
      (nbf != claims.end() && !nbf->is_number())) {
    return Malformed("The token lacks numeric exp and iat claims.");
  }
  if (exp->get<double>() + leeway < now_s) {
    return JwtVerifyResult::Fail(JwtError::kExpired, "The token has expired.");
  }
  if (iat->get<double>() > now_s + leeway ||
      (nbf != claims.end() && nbf->get<double>() > now_s + leeway)) {
    return JwtVerifyResult::Fail(JwtError::kNotYetValid, "The token is not valid yet.");
  }

  const auto iss = claims.find("iss");
  if (iss == claims.end() || !iss->is_string() ||
      iss->get_ref<const std::string&>() != options.issuer) {
    return JwtVerifyResult::Fail(JwtError::kWrongIssuer, "The token is from another issuer.");
  }

  const bool access = options.token_use == TokenUse::kAccess;
  const auto use = claims.find("token_use");
  if (use == claims.end() || !use->is_string() ||
      use->get_ref<const std::string&>() != (access ? "access" : "id")) {
    return JwtVerifyResult::Fail(JwtError::kWrongTokenUse, access
                                                               ? "The token is not an access token."
                                                               : "The token is not an id token.");
  }

  bool client_ok = false;
  if (access) {
    const auto client = claims.find("client_id");
    client_ok = client != claims.end() && client->is_string() &&
                client->get_ref<const std::string&>() == options.client_id;
  } else {
    const auto aud = claims.find("aud");
    client_ok = aud != claims.end() && AudienceContains(*aud, options.client_id);
  }
  if (!client_ok) {
    return JwtVerifyResult::Fail(JwtError::kWrongAudience,
                                 "The token was issued to another client.");
  }
  return JwtVerifyResult::Ok(std::move(claims));
}

}  // namespace

std::string SignJwt(std::string_view kid, const Json& claims, const crypto::RsaKey& key) {
  if (kid.empty() || kid.size() > kMaxKidLength) {
    throw std::invalid_argument("SignJwt: kid must be 1 to 256 characters");
  }
  if (!claims.is_object()) throw std::invalid_argument("SignJwt: claims must be a JSON object");
  const Json header = {{"alg", "RS256"}, {"typ", "JWT"}, {"kid", std::string(kid)}};
  std::string signing_input = Base64UrlEncode(header.dump());
  signing_input += '.';
  signing_input += Base64UrlEncode(claims.dump());
  const std::string signature = key.SignRs256(signing_input);
  signing_input += '.';
  signing_input += Base64UrlEncode(signature);
  return signing_input;
}

std::string_view JwtErrorName(JwtError error) {
  switch (error) {
    case JwtError::kMalformed:
      return "malformed";
    case JwtError::kUnsupportedAlgorithm:
      return "unsupported_algorithm";
    case JwtError::kUnknownKey:
      return "unknown_key";
    case JwtError::kBadSignature:
      return "bad_signature";
    case JwtError::kExpired:
      return "expired";
    case JwtError::kNotYetValid:
      return "not_yet_valid";
    case JwtError::kWrongIssuer:
      return "wrong_issuer";
    case JwtError::kWrongTokenUse:
      return "wrong_token_use";
    case JwtError::kWrongAudience:
      return "wrong_audience";
  }
  return "unknown";
}

JwtVerifyResult JwtVerifyResult::Ok(Json claims) {
  JwtVerifyResult result;
  result.claims_ = std::move(claims);
  return result;
}

JwtVerifyResult JwtVerifyResult::Fail(JwtError error, std::string description) {
  JwtVerifyResult result;
  result.error_ = error;
  result.description_ = std::move(description);
  return result;
}

const Json& JwtVerifyResult::claims() const {
  if (!ok()) throw std::logic_error("JwtVerifyResult::claims() of a refused token");
  return claims_;
}

JwtError JwtVerifyResult::error() const {
  if (ok()) throw std::logic_error("JwtVerifyResult::error() of a verified token");
  return *error_;
}

JwtVerifyResult VerifyJwt(std::string_view token, const KeyResolver& resolve_kid,
                          const JwtVerifyOptions& options,
                          std::chrono::system_clock::time_point now) {
  if (options.issuer.empty() || options.client_id.empty()) {
    throw std::invalid_argument("JwtVerifyOptions: issuer and client_id are required");
  }
  if (token.size() > kMaxJwtBytes) return Malformed("The token is too long.");

  const size_t first_dot = token.find('.');
  const size_t second_dot =
      first_dot == std::string_view::npos ? first_dot : token.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos ||
      token.find('.', second_dot + 1) != std::string_view::npos) {
    return Malformed();
  }
  const std::string_view header_part = token.substr(0, first_dot);
  const std::string_view payload_part = token.substr(first_dot + 1, second_dot - first_dot - 1);
  const std::string_view signature_part = token.substr(second_dot + 1);

  const auto header_text = DecodePart(header_part);
  if (!header_text) return Malformed();
  const auto header = ParseObject(*header_text);
  if (!header) return Malformed();

  // The algorithm decides before anything else: a token never chooses how it is checked.
  const auto alg = header->find("alg");
  if (alg == header->end() || !alg->is_string() || alg->get_ref<const std::string&>() != "RS256") {
    return JwtVerifyResult::Fail(JwtError::kUnsupportedAlgorithm,
                                 "The token is not signed with RS256.");
  }
  // Extensions we would have to understand (RFC 7515 §4.1.11): we understand none.
  if (header->contains("crit")) return Malformed("The token has critical header extensions.");
  const auto kid = header->find("kid");
  if (kid == header->end() || !kid->is_string() || kid->get_ref<const std::string&>().empty() ||
      kid->get_ref<const std::string&>().size() > kMaxKidLength) {
    return Malformed("The token has no valid kid.");
  }
  const auto signature = DecodePart(signature_part);
  if (!signature) return Malformed();

  const std::shared_ptr<const crypto::RsaKey> key =
      resolve_kid ? resolve_kid(kid->get_ref<const std::string&>()) : nullptr;
  if (!key) {
    return JwtVerifyResult::Fail(JwtError::kUnknownKey, "The token was signed by an unknown key.");
  }
  const std::string_view signing_input = token.substr(0, second_dot);
  if (!key->VerifyRs256(signing_input, *signature)) {
    return JwtVerifyResult::Fail(JwtError::kBadSignature, "The token signature is invalid.");
  }

  // The payload is parsed only once it is known to be ours (or the trusted issuer's).
  const auto payload_text = DecodePart(payload_part);
  if (!payload_text) return Malformed();
  auto claims = ParseObject(*payload_text);
  if (!claims) return Malformed();
  return CheckClaims(std::move(*claims), options, now);
}

}  // namespace ccrm::auth
