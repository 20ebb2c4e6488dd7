// The JWKS of the one external OIDC issuer (e.g. a Cognito user pool): fetched over HTTPS with
// libcurl, cached, refetched when a token names a kid we have not seen (rate-limited), and the
// last good set kept when a fetch fails.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <thread>

#include "common/clock.hpp"
#include "common/json.hpp"
#include "crypto/rsa_key.hpp"

namespace ccrm::auth {

struct ExternalJwksOptions {
  std::string url;
  // A kid we do not know triggers a fetch at most this often (made-up kids cost nothing).
  std::chrono::seconds min_refresh_interval{30};
  // The background refresh fetches the set this often, so a key the issuer withdrew stops
  // being accepted within this time even when no unknown kid ever shows up.
  std::chrono::seconds max_age{3600};
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds total_timeout{5000};
  size_t max_bytes = 1024 * 1024;
};

// Fetches `url` and returns the body of a 200 reply; throws std::runtime_error otherwise.
using JwksFetcher = std::function<std::string(const std::string& url)>;

// The libcurl fetcher: the options' timeouts and size cap, no redirects, http(s) only.
JwksFetcher CurlJwksFetcher(const ExternalJwksOptions& options);

// The RS256 signing keys of a JWKS document by kid; entries of another kty, use or alg, or
// that do not parse, are skipped. Throws std::runtime_error when none is usable.
std::map<std::string, std::shared_ptr<const crypto::RsaKey>, std::less<>> ParseJwks(
    const Json& jwks);

class ExternalJwks {
 public:
  ExternalJwks(ExternalJwksOptions options, JwksFetcher fetch, ClockPtr clock);
  ExternalJwks(const ExternalJwks&) = delete;
  ExternalJwks& operator=(const ExternalJwks&) = delete;

  // The cached key for `kid`, or null. Never fetches; cheap (a shared lock and a map lookup).
  std::shared_ptr<const crypto::RsaKey> Find(std::string_view kid) const;

  // Fetches the set again unless a fetch was attempted within min_refresh_interval. True when
  // this call fetched a usable set. A failed fetch keeps the previous set and is logged
  // (without the body). Concurrent callers wait for the one fetch in progress.
  bool Refresh();

  size_t size() const;

  // Fetches the set now and then every max_age, on a thread of its own, until destruction.
  // The first fetch happens here so the first external token need not wait for it.
  void StartBackgroundRefresh();
  ~ExternalJwks();

 private:
  ExternalJwksOptions options_;
  JwksFetcher fetch_;
  ClockPtr clock_;

  std::mutex fetch_mutex_;  // one fetch at a time
  std::chrono::system_clock::time_point last_attempt_{};
  bool attempted_ = false;

  mutable std::shared_mutex keys_mutex_;
  std::map<std::string, std::shared_ptr<const crypto::RsaKey>, std::less<>> keys_;

  std::mutex wake_mutex_;
  std::condition_variable_any wake_;
  std::jthread refresher_;  // last: stopped and joined before the members it uses go
};

}  // namespace ccrm::auth
