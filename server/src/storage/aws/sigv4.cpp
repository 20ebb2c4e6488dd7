#include "storage/aws/sigv4.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <ctime>
#include <stdexcept>

#include "common/ascii.hpp"
#include "common/percent_encoding.hpp"
#include "crypto/constant_time.hpp"
#include "crypto/digest.hpp"

namespace ccrm::storage::aws {
namespace {

using Clock = std::chrono::system_clock;

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// A header value as SigV4 canonicalizes it: trimmed, runs of spaces collapsed to one.
std::string CanonicalValue(std::string_view value) {
  value = TrimAscii(value);
  std::string out;
  out.reserve(value.size());
  bool space = false;
  for (const char c : value) {
    if (c == ' ' || c == '\t') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string Join(const std::vector<std::string>& parts, char separator) {
  std::string out;
  for (const std::string& part : parts) {
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

std::vector<std::string> Split(std::string_view text, char separator) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    const size_t at = text.find(separator, start);
    out.emplace_back(text.substr(start, at == std::string_view::npos ? at : at - start));
    if (at == std::string_view::npos) return out;
    start = at + 1;
  }
}

// Decoded query parameters in their order; nullopt on a bad escape.
std::optional<std::vector<std::pair<std::string, std::string>>> ParseQuery(std::string_view raw) {
  std::vector<std::pair<std::string, std::string>> out;
  if (raw.empty()) return out;
  for (const std::string& pair : Split(raw, '&')) {
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    auto name = PercentDecode(std::string_view(pair).substr(0, eq), false);
    auto value = eq == std::string::npos
                     ? std::optional<std::string>("")
                     : PercentDecode(std::string_view(pair).substr(eq + 1), false);
    if (!name || !value) return std::nullopt;
    out.emplace_back(std::move(*name), std::move(*value));
  }
  return out;
}

const std::string* Find(const std::vector<std::pair<std::string, std::string>>& params,
                        std::string_view name) {
  for (const auto& [key, value] : params) {
    if (key == name) return &value;
  }
  return nullptr;
}

std::string HeaderValues(const HeaderList& headers, std::string_view lower_name) {
  std::string joined;
  bool any = false;
  for (const auto& [name, value] : headers) {
    if (!IEquals(name, lower_name)) continue;
    if (any) joined += ',';
    joined += CanonicalValue(value);
    any = true;
  }
  return joined;
}

struct CredentialParts {
  std::string key_id, date, region, service;
};

std::optional<CredentialParts> ParseCredential(std::string_view credential) {
  const std::vector<std::string> parts = Split(credential, '/');
  if (parts.size() != 5 || parts[0].empty() || parts[1].size() != 8 ||
      parts[4] != "aws4_request") {
    return std::nullopt;
  }
  return CredentialParts{parts[0], parts[1], parts[2], parts[3]};
}

bool IsHex64(std::string_view text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

Verification Refuse(Verification::Outcome outcome, std::string message) {
  Verification v;
  v.outcome = outcome;
  v.message = std::move(message);
  return v;
}

}  // namespace

std::string UriEncode(std::string_view text, bool keep_slash) {
  return PercentEncode(text, keep_slash);
}

std::string AmzDate(Clock::time_point when) {
  const std::time_t t = Clock::to_time_t(when);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::optional<Clock::time_point> ParseAmzDate(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  auto number = [&](size_t at, size_t length) -> std::optional<int> {
    int value = 0;
    const char* begin = text.data() + at;
    const auto [end, error] = std::from_chars(begin, begin + length, value);
    if (error != std::errc() || end != begin + length) return std::nullopt;
    return value;
  };
  const auto year = number(0, 4), month = number(4, 2), day = number(6, 2);
  const auto hour = number(9, 2), minute = number(11, 2), second = number(13, 2);
  if (!year || !month || !day || !hour || !minute || !second) return std::nullopt;
  // system_clock counts nanoseconds in 64 bits: about 1678 to 2262 (found by fuzzing: year
  // 9407 overflowed the conversion).
  if (*year < 1970 || *year > 2200 || *month < 1 || *month > 12 || *day < 1 || *day > 31 ||
      *hour > 23 || *minute > 59 || *second > 60) {
    return std::nullopt;
  }
  std::tm tm{};
  tm.tm_year = *year - 1900;
  tm.tm_mon = *month - 1;
  tm.tm_mday = *day;
  tm.tm_hour = *hour;
  tm.tm_min = *minute;
  tm.tm_sec = *second;
  return Clock::from_time_t(timegm(&tm));
}

std::string CanonicalRequest(const CanonicalParts& parts) {
  std::vector<std::pair<std::string, std::string>> query;
  query.reserve(parts.query.size());
  for (const auto& [name, value] : parts.query) {
    query.emplace_back(UriEncode(name, false), UriEncode(value, false));
  }
  std::sort(query.begin(), query.end());
  std::string canonical_query;
  for (const auto& [name, value] : query) {
    if (!canonical_query.empty()) canonical_query += '&';
    canonical_query += name + "=" + value;
  }
  std::string canonical_headers;
  for (const std::string& name : parts.signed_headers) {
    canonical_headers += name + ":" + HeaderValues(parts.headers, name) + "\n";
  }
  return fmt::format("{}\n{}\n{}\n{}\n{}\n{}", parts.method, UriEncode(parts.path, true),
                     canonical_query, canonical_headers, Join(parts.signed_headers, ';'),
                     parts.payload_hash);
}

std::string CredentialScope(std::string_view date, std::string_view region,
                            std::string_view service) {
  return fmt::format("{}/{}/{}/aws4_request", date, region, service);
}

std::string StringToSign(std::string_view amz_date, std::string_view scope,
                         std::string_view canonical_request) {
  return fmt::format("{}\n{}\n{}\n{}", kSigV4Algorithm, amz_date, scope,
                     crypto::Sha256Hex(canonical_request));
}

std::string SignatureOf(std::string_view secret, std::string_view date, std::string_view region,
                        std::string_view service, std::string_view string_to_sign) {
  const std::string k_date = crypto::HmacSha256("AWS4" + std::string(secret), date);
  const std::string k_region = crypto::HmacSha256(k_date, region);
  const std::string k_service = crypto::HmacSha256(k_region, service);
  const std::string k_signing = crypto::HmacSha256(k_service, "aws4_request");
  return crypto::HexEncode(crypto::HmacSha256(k_signing, string_to_sign));
}

std::string Presign(const AwsCredentials& credentials, const PresignRequest& request) {
  if (request.expires_seconds < 1 || request.expires_seconds > kMaxPresignSeconds) {
    throw std::invalid_argument("a presigned URL expires after 1 second to 7 days");
  }
  const std::string amz_date = AmzDate(request.now);
  const std::string date = amz_date.substr(0, 8);
  const std::string scope = CredentialScope(date, request.region, request.service);
  const size_t scheme_end = request.endpoint.find("://");
  const std::string host = scheme_end == std::string::npos
                               ? request.endpoint
                               : request.endpoint.substr(scheme_end + 3);
  CanonicalParts parts;
  parts.method = request.method;
  parts.path = request.path;
  parts.headers = request.signed_headers;
  parts.headers.emplace_back("host", host);
  for (const auto& [name, value] : parts.headers) parts.signed_headers.push_back(Lower(name));
  std::sort(parts.signed_headers.begin(), parts.signed_headers.end());
  parts.signed_headers.erase(std::unique(parts.signed_headers.begin(), parts.signed_headers.end()),
                             parts.signed_headers.end());
  parts.payload_hash = std::string(kUnsignedPayload);
  parts.query = request.query;
  parts.query.emplace_back("X-Amz-Algorithm", std::string(kSigV4Algorithm));
  parts.query.emplace_back("X-Amz-Credential", credentials.access_key_id + "/" + scope);
  parts.query.emplace_back("X-Amz-Date", amz_date);
  parts.query.emplace_back("X-Amz-Expires", std::to_string(request.expires_seconds));
  if (!credentials.session_token.empty()) {
    parts.query.emplace_back("X-Amz-Security-Token", credentials.session_token);
  }
  parts.query.emplace_back("X-Amz-SignedHeaders", Join(parts.signed_headers, ';'));
  const std::string signature =
      SignatureOf(credentials.secret_access_key, date, request.region, request.service,
                  StringToSign(amz_date, scope, CanonicalRequest(parts)));
  std::string url = request.endpoint + UriEncode(request.path, true) + "?";
  bool first = true;
  for (const auto& [name, value] : parts.query) {
    if (!first) url += '&';
    first = false;
    url += UriEncode(name, false) + "=" + UriEncode(value, false);
  }
  return url + "&X-Amz-Signature=" + signature;
}

HeaderList SignHeaders(const AwsCredentials& credentials, std::string_view method,
                       std::string_view path, std::string_view raw_query,
                       const HeaderList& headers, std::string_view payload_hash,
                       std::string_view region, std::string_view service,
                       Clock::time_point now) {
  const std::string amz_date = AmzDate(now);
  const std::string date = amz_date.substr(0, 8);
  const std::string scope = CredentialScope(date, region, service);
  HeaderList added = {{"x-amz-date", amz_date}, {"x-amz-content-sha256", std::string(payload_hash)}};
  if (!credentials.session_token.empty()) {
    added.emplace_back("x-amz-security-token", credentials.session_token);
  }
  CanonicalParts parts;
  parts.method = std::string(method);
  parts.path = std::string(path);
  parts.query = ParseQuery(raw_query).value_or(decltype(parts.query){});
  parts.headers = headers;
  parts.headers.insert(parts.headers.end(), added.begin(), added.end());
  for (const auto& [name, value] : parts.headers) parts.signed_headers.push_back(Lower(name));
  std::sort(parts.signed_headers.begin(), parts.signed_headers.end());
  parts.signed_headers.erase(std::unique(parts.signed_headers.begin(), parts.signed_headers.end()),
                             parts.signed_headers.end());
  parts.payload_hash = std::string(payload_hash);
  const std::string signature = SignatureOf(credentials.secret_access_key, date, region, service,
                                            StringToSign(amz_date, scope, CanonicalRequest(parts)));
  added.emplace_back("authorization",
                     fmt::format("{} Credential={}/{}, SignedHeaders={}, Signature={}",
                                 kSigV4Algorithm, credentials.access_key_id, scope,
                                 Join(parts.signed_headers, ';'), signature));
  return added;
}

SigV4Verifier::SigV4Verifier(std::map<std::string, std::string, std::less<>> keys,
                             std::string region, std::string service,
                             std::chrono::seconds max_skew)
    : keys_(std::move(keys)),
      region_(std::move(region)),
      service_(std::move(service)),
      max_skew_(max_skew) {}

Verification SigV4Verifier::Verify(const SignedRequest& request, Clock::time_point now) const {
  using O = Verification::Outcome;
  const HeaderList& headers = *request.headers;
  auto query = ParseQuery(request.raw_query);
  if (!query) return Refuse(O::kMalformed, "The query string has a malformed escape.");

  Verification result;
  std::string credential, amz_date, signed_list, signature;
  std::optional<int64_t> expires;
  const std::string authorization = HeaderValues(headers, "authorization");
  if (const std::string* algorithm = Find(*query, "X-Amz-Algorithm")) {
    if (!authorization.empty()) {
      return Refuse(O::kMalformed, "Only one auth mechanism allowed.");
    }
    result.presigned = true;
    if (*algorithm != kSigV4Algorithm) {
      return Refuse(O::kMalformed, "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\".");
    }
    const std::string* c = Find(*query, "X-Amz-Credential");
    const std::string* d = Find(*query, "X-Amz-Date");
    const std::string* e = Find(*query, "X-Amz-Expires");
    const std::string* h = Find(*query, "X-Amz-SignedHeaders");
    const std::string* s = Find(*query, "X-Amz-Signature");
    if (!c || !d || !e || !h || !s) {
      return Refuse(O::kMalformed,
                    "Query-string authentication version 4 requires the X-Amz-Algorithm, "
                    "X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and "
                    "X-Amz-Expires parameters.");
    }
    int64_t seconds = 0;
    const auto [end, error] = std::from_chars(e->data(), e->data() + e->size(), seconds);
    if (error != std::errc() || end != e->data() + e->size() || seconds < 1 ||
        seconds > kMaxPresignSeconds) {
      return Refuse(O::kMalformed, "X-Amz-Expires must be between 1 and 604800 seconds.");
    }
    expires = seconds;
    credential = *c;
    amz_date = *d;
    signed_list = *h;
    signature = *s;
    result.payload_hash = std::string(kUnsignedPayload);
  } else if (!authorization.empty()) {
    constexpr std::string_view kPrefix = "AWS4-HMAC-SHA256 ";
    if (!authorization.starts_with(kPrefix)) {
      return Refuse(O::kMalformed, "The authorization mechanism you have provided is not supported.");
    }
    for (std::string part : Split(std::string_view(authorization).substr(kPrefix.size()), ',')) {
      const std::string_view field = TrimAscii(part);
      const size_t eq = field.find('=');
      if (eq == std::string_view::npos) continue;
      const std::string_view name = field.substr(0, eq);
      const std::string value(field.substr(eq + 1));
      if (name == "Credential") credential = value;
      if (name == "SignedHeaders") signed_list = value;
      if (name == "Signature") signature = value;
    }
    amz_date = HeaderValues(headers, "x-amz-date");
    result.payload_hash = HeaderValues(headers, "x-amz-content-sha256");
    if (credential.empty() || signed_list.empty() || signature.empty() || amz_date.empty()) {
      return Refuse(O::kMalformed,
                    "The Authorization header needs Credential, SignedHeaders and Signature, and "
                    "the request an X-Amz-Date header.");
    }
    if (result.payload_hash.empty()) {
      return Refuse(O::kMalformed, "Missing required header for this request: x-amz-content-sha256");
    }
    if (result.payload_hash != kUnsignedPayload && !IsHex64(result.payload_hash)) {
      return Refuse(O::kMalformed,
                    "x-amz-content-sha256 must be UNSIGNED-PAYLOAD or a hex SHA-256 (streaming "
                    "signed payloads are not supported).");
    }
  } else {
    return Refuse(O::kUnsigned, "Anonymous access is not allowed; sign the request (SigV4).");
  }

  const std::optional<CredentialParts> scope = ParseCredential(credential);
  if (!scope) return Refuse(O::kMalformed, "The credential is not <key>/<date>/<region>/<service>/aws4_request.");
  const std::optional<Clock::time_point> signed_at = ParseAmzDate(amz_date);
  if (!signed_at) return Refuse(O::kMalformed, "X-Amz-Date must be in the ISO8601 basic format.");
  if (amz_date.substr(0, 8) != scope->date) {
    return Refuse(O::kMalformed, "The credential's date does not match X-Amz-Date.");
  }
  if (scope->region != region_ || scope->service != service_) {
    return Refuse(O::kWrongScope, fmt::format("The credential should be scoped to region '{}' "
                                              "and service '{}'.", region_, service_));
  }
  const auto key = keys_.find(scope->key_id);
  if (key == keys_.end()) {
    return Refuse(O::kUnknownKey,
                  "The AWS Access Key Id you provided does not exist in our records.");
  }
  // Signed headers: lower case, sorted, host among them, each present on the request.
  std::vector<std::string> names = Split(signed_list, ';');
  if (!std::is_sorted(names.begin(), names.end()) ||
      std::find(names.begin(), names.end(), "host") == names.end()) {
    return Refuse(O::kMalformed, "SignedHeaders must be sorted and include host.");
  }
  for (const std::string& name : names) {
    if (name.empty() || Lower(name) != name) {
      return Refuse(O::kMalformed, fmt::format("The signed header name '{}' is malformed.", name));
    }
  }
  // A signed header the request lacks reads as empty, and the signature then fails, as on S3.
  // Every x-amz-* header the client sent must be signed (S3 requires it of presigned
  // requests), so no such header can be added to a URL someone else signed.
  for (const auto& [name, value] : headers) {
    const std::string lower = Lower(name);
    if (lower.starts_with("x-amz-") && lower != "x-amz-content-sha256" &&
        std::find(names.begin(), names.end(), lower) == names.end()) {
      return Refuse(O::kMalformed,
                    fmt::format("There were headers present in the request which were not "
                                "signed: {}", lower));
    }
  }

  CanonicalParts parts;
  parts.method = std::string(request.method);
  parts.path = std::string(request.path);
  for (auto& [name, value] : *query) {
    if (name != "X-Amz-Signature") parts.query.emplace_back(name, value);
  }
  parts.headers = headers;
  parts.signed_headers = names;
  parts.payload_hash = result.payload_hash;
  const std::string expected =
      SignatureOf(key->second, scope->date, scope->region, scope->service,
                  StringToSign(amz_date, CredentialScope(scope->date, scope->region, scope->service),
                               CanonicalRequest(parts)));
  if (!crypto::ConstantTimeEquals(expected, signature)) {
    return Refuse(O::kSignatureMismatch,
                  "The request signature we calculated does not match the signature you "
                  "provided. Check your key and signing method.");
  }
  // Time is checked after the signature, as S3 does: an expired URL is reported as such only
  // to whoever holds a genuine one.
  if (result.presigned) {
    if (*signed_at - now > max_skew_) {
      return Refuse(O::kExpired, "Request is not yet valid.");
    }
    if (now > *signed_at + std::chrono::seconds(*expires)) {
      return Refuse(O::kExpired, "Request has expired.");
    }
  } else if (now - *signed_at > max_skew_ || *signed_at - now > max_skew_) {
    return Refuse(O::kTooSkewed,
                  "The difference between the request time and the current time is too large.");
  }
  result.outcome = O::kOk;
  result.access_key_id = scope->key_id;
  result.signed_headers = std::move(names);
  return result;
}

}  // namespace ccrm::storage::aws
