#include "web/web_routes.hpp"

#include <algorithm>

#include "common/base64.hpp"
#include "crypto/random.hpp"

namespace ccrm::web {
namespace {

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";

// q=0 refuses a coding; any other weight (or none) accepts it. "*" accepts all.
bool Accepts(const std::string* accept_encoding, std::string_view coding) {
  if (!accept_encoding) return false;
  std::string_view rest = *accept_encoding;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    const size_t semi = item.find(';');
    std::string_view name = item.substr(0, semi);
    while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.remove_prefix(1);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
    const bool matches =
        name == "*" || (name.size() == coding.size() &&
                        std::equal(name.begin(), name.end(), coding.begin(), [](char a, char b) {
                          return (a | 0x20) == b;
                        }));
    if (!matches) continue;
    if (semi == std::string_view::npos) return true;
    std::string_view params = item.substr(semi + 1);
    params.remove_prefix(std::min(params.find_first_not_of(" \t"), params.size()));
    if (!params.starts_with("q=") && !params.starts_with("Q=")) return true;
    params.remove_prefix(2);
    // "0", "0.", "0.0", "0.00", "0.000" refuse; anything else is a positive weight.
    return params.find_first_not_of("0. \t") != std::string_view::npos;
  }
  return false;
}

// If-None-Match holds `etag` (weak comparison, as RFC 9110 §13.1.2 asks) or "*".
bool NoneMatchHits(const std::string* if_none_match, std::string_view etag) {
  if (!if_none_match) return false;
  std::string_view rest = *if_none_match;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    std::string_view tag = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    tag.remove_prefix(std::min(tag.find_first_not_of(" \t"), tag.size()));
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == "*" || tag == etag) return true;
  }
  return false;
}

bool IsHashedAsset(std::string_view path) { return path.starts_with("/assets/"); }

// A path whose last segment names a file ("/favicon.svg", "/x/y.js"): a missing one is a
// 404, not the app (a browser must not run index.html as a script).
bool LooksLikeFile(std::string_view path) {
  const std::string_view last = path.substr(path.rfind('/') + 1);
  return last.find('.') != std::string_view::npos;
}

gateway::Response Index(const WebAssets& assets) {
  if (!assets.HasIndex()) {
    return gateway::Response::WithProblem(Problem::NotFound(
        "This ccrm was built without the web app (CCRM_WEB=OFF); start it with --web-dir."));
  }
  const std::string nonce = Base64UrlEncode(crypto::RandomBytes(18));
  gateway::Response response;
  response.body = assets.IndexWithNonce(nonce);
  response.headers.Add("Content-Type", "text/html; charset=utf-8");
  // The nonce changes with every reply, so no copy may be kept or revalidated (a 304 would
  // pair an old page's nonce with a new policy); the page is ~1 KB.
  response.headers.Add("Cache-Control", "no-store");
  response.headers.Add("Content-Security-Policy", AppContentSecurityPolicy(nonce));
  return response;
}

}  // namespace

std::string AppContentSecurityPolicy(std::string_view nonce) {
  std::string policy =
      "default-src 'self'; script-src 'self'; style-src 'self' 'nonce-";
  policy.append(nonce);
  policy.append(
      "'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
      "media-src 'self' blob:; frame-src blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
      "form-action 'self'");
  return policy;
}

gateway::Response ServeWeb(const WebAssets& assets, const gateway::Request& request) {
  const std::string_view path = request.path;
  // The path is percent-decoded already, so "%2e%2e" is ".." here. Nothing is read from disk
  // at request time, but such a path is refused outright rather than looked up.
  if (path.find("..") != std::string_view::npos ||
      path.find('\\') != std::string_view::npos ||
      path.find('\0') != std::string_view::npos ||
      request.target.find('\\') != std::string::npos) {
    return gateway::Response::WithProblem(Problem::BadRequest(
        "A path may not contain '..', a backslash or NUL.", {{"path", "not allowed"}}));
  }
  if (path == "/" || path == "/index.html") return Index(assets);
  const WebAssets::Asset* asset = assets.Find(path);
  if (!asset) {
    if (IsHashedAsset(path) || LooksLikeFile(path)) {
      return gateway::Response::WithProblem(Problem::NotFound("No file at this path."));
    }
    return Index(assets);
  }
  std::string_view bytes = asset->identity;
  std::string etag = asset->etag;
  std::string_view encoding;
  const std::string* accept = request.Header("Accept-Encoding");
  if (!asset->brotli.empty() && Accepts(accept, "br")) {
    bytes = asset->brotli;
    encoding = "br";
  } else if (!asset->gzip.empty() && Accepts(accept, "gzip")) {
    bytes = asset->gzip;
    encoding = "gzip";
  }
  if (!encoding.empty()) etag.insert(etag.size() - 1, encoding == "br" ? "-br" : "-gz");

  gateway::Response response;
  response.headers.Add("ETag", etag);
  response.headers.Add("Cache-Control", IsHashedAsset(path) ? std::string(kImmutable)
                                                             : std::string("no-cache"));
  if (!asset->gzip.empty() || !asset->brotli.empty()) {
    response.headers.Add("Vary", "Accept-Encoding");
  }
  if (NoneMatchHits(request.Header("If-None-Match"), etag)) {
    response.status = 304;
    return response;
  }
  response.headers.Add("Content-Type", std::string(asset->content_type));
  if (!encoding.empty()) response.headers.Add("Content-Encoding", std::string(encoding));
  response.body.assign(bytes);
  return response;
}

void AddWebRoutes(gateway::Router& router, std::shared_ptr<const WebAssets> assets) {
  router.SetFallback(
      "/{web}",
      [assets](gateway::Request& request) { return ServeWeb(*assets, request); },
      // Answered from memory on the io thread; public like any web page. Not counted against
      // the per-IP budget, like a 404: a first page load fetches a dozen files, and an office
      // of fifty behind one address would spend the burst on them alone.
      {.offload = false, .unthrottled = true, .access = gateway::Access::Public()},
      {"/api/", "/.well-known/", "/healthz", "/readyz", "/metrics", "/openapi.json"});
}

}  // namespace ccrm::web
