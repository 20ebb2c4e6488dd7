#include "auth/external_jwks.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>

#include "common/http_client.hpp"
#include "common/json_parse.hpp"

namespace ccrm::auth {
namespace {

std::string Fetch(const HttpClient& client, const std::string& url) {
  OutboundResponse response;
  try {
    response = client.Send({.method = "GET", .url = url, .headers = {}, .body = {}});
  } catch (const HttpClientError& e) {
    throw std::runtime_error(std::string("the JWKS could not be fetched: ") + e.what());
  }
  if (response.status != 200) {
    throw std::runtime_error("HTTP status " + std::to_string(response.status));
  }
  return std::move(response.body);
}

}  // namespace

JwksFetcher CurlJwksFetcher(const ExternalJwksOptions& options) {
  const HttpClient client({.connect_timeout = options.connect_timeout,
                           .total_timeout = options.total_timeout,
                           .max_response_bytes = options.max_bytes});
  return [client](const std::string& url) { return Fetch(client, url); };
}

std::map<std::string, std::shared_ptr<const crypto::RsaKey>, std::less<>> ParseJwks(
    const Json& jwks) {
  std::map<std::string, std::shared_ptr<const crypto::RsaKey>, std::less<>> keys;
  if (!jwks.is_object() || !jwks.contains("keys") || !jwks["keys"].is_array()) {
    throw std::runtime_error("not a JWKS: no keys array");
  }
  const auto text = [](const Json& jwk, const char* name) -> std::string {
    const auto it = jwk.find(name);
    return it != jwk.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  for (const Json& jwk : jwks["keys"]) {
    if (!jwk.is_object() || text(jwk, "kty") != "RSA") continue;
    const std::string use = text(jwk, "use");
    const std::string alg = text(jwk, "alg");
    if ((!use.empty() && use != "sig") || (!alg.empty() && alg != "RS256")) continue;
    const std::string kid = text(jwk, "kid");
    if (kid.empty() || keys.contains(kid)) continue;
    try {
      keys.emplace(kid, std::make_shared<const crypto::RsaKey>(
                            crypto::RsaKey::FromJwk(text(jwk, "n"), text(jwk, "e"))));
    } catch (const std::exception&) {
      // One malformed or too-small key must not take the issuer's other keys down with it.
    }
  }
  if (keys.empty()) throw std::runtime_error("the JWKS holds no usable RS256 key");
  return keys;
}

ExternalJwks::ExternalJwks(ExternalJwksOptions options, JwksFetcher fetch, ClockPtr clock)
    : options_(std::move(options)), fetch_(std::move(fetch)), clock_(std::move(clock)) {
  if (!fetch_ || !clock_) throw std::invalid_argument("ExternalJwks: fetcher and clock required");
}

std::shared_ptr<const crypto::RsaKey> ExternalJwks::Find(std::string_view kid) const {
  std::shared_lock lock(keys_mutex_);
  const auto it = keys_.find(kid);
  return it == keys_.end() ? nullptr : it->second;
}

ExternalJwks::~ExternalJwks() {
  if (refresher_.joinable()) {
    refresher_.request_stop();
    wake_.notify_all();
    refresher_.join();
  }
}

void ExternalJwks::StartBackgroundRefresh() {
  if (refresher_.joinable()) return;
  refresher_ = std::jthread([this](std::stop_token stop) {
    while (!stop.stop_requested()) {
      {
        std::lock_guard fetch_lock(fetch_mutex_);
        attempted_ = false;  // a scheduled refresh is never rate-limited away
      }
      Refresh();
      std::unique_lock lock(wake_mutex_);
      wake_.wait_for(lock, stop, options_.max_age, [] { return false; });
    }
  });
}

size_t ExternalJwks::size() const {
  std::shared_lock lock(keys_mutex_);
  return keys_.size();
}

bool ExternalJwks::Refresh() {
  std::lock_guard fetch_lock(fetch_mutex_);
  const auto now = clock_->Now();
  if (attempted_ && now - last_attempt_ < options_.min_refresh_interval) return false;
  attempted_ = true;
  last_attempt_ = now;
  try {
    auto keys = ParseJwks(ParseOutsideJson(fetch_(options_.url)));
    const size_t count = keys.size();
    {
      std::unique_lock lock(keys_mutex_);
      keys_ = std::move(keys);
    }
    spdlog::info("external JWKS loaded from {}: {} keys", options_.url, count);
    return true;
  } catch (const std::exception& e) {
    // Keep the last good set: an issuer's hiccup must not sign everybody out.
    spdlog::warn("external JWKS fetch from {} failed ({}); keeping {} cached keys", options_.url,
                 e.what(), size());
    return false;
  }
}

}  // namespace ccrm::auth
