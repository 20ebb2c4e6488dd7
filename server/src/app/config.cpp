#include "app/config.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <cstdlib>
#include <functional>
#include <set>
#include <variant>

#include "blobs/lifecycle_rule.hpp"
#include "common/phone_number.hpp"
#include "gateway/trusted_proxies.hpp"

extern char** environ;

namespace ccrm::app {
namespace {

using Target =
    std::variant<std::string*, int*, int64_t*, double*, bool*, std::vector<std::string>*>;

struct Setting {
  std::string section;
  std::string key;
  Target target;
  std::string name() const { return section + "." + key; }
  std::string env_name() const {
    std::string n = "CCRM_" + section + "_" + key;
    std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return std::toupper(c); });
    return n;
  }
};

// The single list of settings: the TOML loader, the environment loader and the error messages
// all come from it, so a new setting is one line here.
std::vector<Setting> Settings(Config& c) {
  return {
      {"server", "listen", &c.server.listen},
      {"server", "io_threads", &c.server.io_threads},
      {"server", "worker_threads", &c.server.worker_threads},
      {"server", "heavy_threads", &c.server.heavy_threads},
      {"server", "bulk_threads", &c.server.bulk_threads},
      {"server", "write_threads", &c.server.write_threads},
      {"server", "max_body_bytes", &c.server.max_body_bytes},
      {"server", "max_header_bytes", &c.server.max_header_bytes},
      {"server", "header_timeout_seconds", &c.server.header_timeout_seconds},
      {"server", "body_timeout_seconds", &c.server.body_timeout_seconds},
      {"server", "idle_timeout_seconds", &c.server.idle_timeout_seconds},
      {"server", "write_timeout_seconds", &c.server.write_timeout_seconds},
      {"server", "shutdown_grace_seconds", &c.server.shutdown_grace_seconds},
      {"server", "max_connections", &c.server.max_connections},
      {"server", "max_pipelined", &c.server.max_pipelined},
      {"server", "behind_tls_proxy", &c.server.behind_tls_proxy},
      {"server", "trusted_proxies", &c.server.trusted_proxies},
      {"server", "public_url", &c.server.public_url},
      {"server", "web_dir", &c.server.web_dir},
      {"tls", "cert", &c.tls.cert},
      {"tls", "key", &c.tls.key},
      {"cors", "origins", &c.cors.origins},
      {"throttle", "enabled", &c.throttle.enabled},
      {"throttle", "rate", &c.throttle.rate},
      {"throttle", "burst", &c.throttle.burst},
      {"throttle", "ip_rate", &c.throttle.ip_rate},
      {"throttle", "ip_burst", &c.throttle.ip_burst},
      {"throttle", "signin_ip_rate", &c.throttle.signin_ip_rate},
      {"throttle", "signin_ip_burst", &c.throttle.signin_ip_burst},
      {"throttle", "signin_account_rate", &c.throttle.signin_account_rate},
      {"throttle", "signin_account_burst", &c.throttle.signin_account_burst},
      {"storage", "data_dir", &c.storage.data_dir},
      {"storage", "backend", &c.storage.backend},
      {"storage", "synchronous", &c.storage.synchronous},
      {"storage", "readers", &c.storage.readers},
      {"leads", "default_region", &c.leads.default_region},
      {"auth", "issuer", &c.auth.issuer},
      {"auth", "client_id", &c.auth.client_id},
      {"auth", "access_token_seconds", &c.auth.access_token_seconds},
      {"auth", "refresh_token_days", &c.auth.refresh_token_days},
      {"log", "level", &c.log.level},
      {"audit", "digest_interval_seconds", &c.audit.digest_interval_seconds},
      {"audit", "digest_dir", &c.audit.digest_dir},
      {"queue", "lease_seconds", &c.queue.lease_seconds},
      {"queue", "max_attempts", &c.queue.max_attempts},
      {"queue", "poll_interval_ms", &c.queue.poll_interval_ms},
      {"blobs", "max_object_bytes", &c.blobs.max_object_bytes},
      {"blobs", "region", &c.blobs.region},
      {"blobs", "access_key_id", &c.blobs.access_key_id},
      {"blobs", "secret_access_key", &c.blobs.secret_access_key},
      {"blobs", "transfer_threads", &c.blobs.transfer_threads},
      {"blobs", "cold_dir", &c.blobs.cold_dir},
      {"calls", "recording_url_seconds", &c.calls.recording_url_seconds},
      {"lifecycle", "rules", &c.lifecycle.rules},
      {"lifecycle", "run_hour_utc", &c.lifecycle.run_hour_utc},
      {"documents", "max_bytes", &c.documents.max_bytes},
      {"documents", "upload_url_seconds", &c.documents.upload_url_seconds},
      {"documents", "download_url_seconds", &c.documents.download_url_seconds},
      {"auth", "external_issuer", &c.external_issuer.issuer},
      {"auth", "external_jwks_url", &c.external_issuer.jwks_url},
      {"auth", "external_client_id", &c.external_issuer.client_id},
      {"auth", "external_groups_claim", &c.external_issuer.groups_claim},
      {"auth", "external_group_map", &c.external_issuer.group_map},
  };
}

[[noreturn]] void Fail(const std::string& setting, const std::string& why) {
  throw ConfigError(setting + ": " + why);
}

template <typename T>
T ParseNumber(const std::string& setting, const std::string& text) {
  T value{};
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end) Fail(setting, "expected a number, got \"" + text + "\"");
  return value;
}

void AssignFromString(const Setting& s, const std::string& text) {
  const std::string name = s.env_name();
  std::visit(
      [&](auto* target) {
        using T = std::remove_pointer_t<decltype(target)>;
        if constexpr (std::is_same_v<T, std::string>) {
          *target = text;
        } else if constexpr (std::is_same_v<T, bool>) {
          if (text == "true" || text == "1") {
            *target = true;
          } else if (text == "false" || text == "0") {
            *target = false;
          } else {
            Fail(name, "expected true or false, got \"" + text + "\"");
          }
        } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
          target->clear();  // comma-separated list
          size_t start = 0;
          while (start <= text.size()) {
            const size_t comma = text.find(',', start);
            std::string item =
                text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
            item.erase(0, item.find_first_not_of(' '));
            item.erase(item.find_last_not_of(' ') + 1);
            if (!item.empty()) target->push_back(item);
            if (comma == std::string::npos) break;
            start = comma + 1;
          }
        } else {
          *target = ParseNumber<T>(name, text);
        }
      },
      s.target);
}

void AssignFromToml(const Setting& s, const toml::node& node) {
  const std::string name = s.name();
  std::visit(
      [&](auto* target) {
        using T = std::remove_pointer_t<decltype(target)>;
        if constexpr (std::is_same_v<T, std::string>) {
          auto v = node.value<std::string>();
          if (!node.is_string() || !v) Fail(name, "expected a string");
          *target = *v;
        } else if constexpr (std::is_same_v<T, bool>) {
          if (!node.is_boolean()) Fail(name, "expected true or false");
          *target = *node.value<bool>();
        } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
          const auto* array = node.as_array();
          if (!array) Fail(name, "expected an array of strings");
          target->clear();
          for (const auto& item : *array) {
            auto v = item.value<std::string>();
            if (!item.is_string() || !v) Fail(name, "expected an array of strings");
            target->push_back(*v);
          }
        } else if constexpr (std::is_same_v<T, double>) {
          if (!node.is_number()) Fail(name, "expected a number");
          *target = *node.value<double>();
        } else {
          if (!node.is_integer()) Fail(name, "expected an integer");
          const int64_t v = *node.value<int64_t>();
          if (v < std::numeric_limits<T>::min() || v > std::numeric_limits<T>::max()) {
            Fail(name, "out of range");
          }
          *target = static_cast<T>(v);
        }
      },
      s.target);
}

void LoadFile(Config& config, const std::string& file) {
  toml::table root;
  try {
    root = toml::parse_file(file);
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    throw ConfigError(file + ":" + std::to_string(where.line) + ":" + std::to_string(where.column) +
                      ": " + std::string(e.description()));
  }
  auto settings = Settings(config);
  for (const auto& [section_key, section_node] : root) {
    const std::string section(section_key.str());
    const auto* table = section_node.as_table();
    if (!table) Fail(section, "expected a [" + section + "] table");
    for (const auto& [key, node] : *table) {
      // A plain local: clang before 16 cannot capture a structured binding (the fuzz build).
      const std::string_view name = key.str();
      auto it = std::find_if(settings.begin(), settings.end(), [&](const Setting& s) {
        return s.section == section && s.key == name;
      });
      if (it == settings.end()) Fail(section + "." + std::string(name), "unknown setting");
      AssignFromToml(*it, node);
    }
  }
}

bool ParseListen(const std::string& listen, std::string& host, uint16_t& port) {
  std::string port_text;
  if (!listen.empty() && listen[0] == '[') {  // [::1]:8080
    const size_t close = listen.find("]:");
    if (close == std::string::npos) return false;
    host = listen.substr(1, close - 1);
    port_text = listen.substr(close + 2);
  } else {
    const size_t colon = listen.rfind(':');
    if (colon == std::string::npos || colon == 0) return false;
    host = listen.substr(0, colon);
    port_text = listen.substr(colon + 1);
    if (host.find(':') != std::string::npos) return false;  // IPv6 needs brackets
  }
  unsigned value = 0;
  auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
  if (ec != std::errc() || ptr != port_text.data() + port_text.size() || value > 65535) {
    return false;
  }
  port = static_cast<uint16_t>(value);
  return !host.empty();
}

template <typename T>
void RequireRange(const char* name, T value, T low, T high) {
  if (value < low || value > high) {
    Fail(name, "must be between " + std::to_string(low) + " and " + std::to_string(high) +
                   ", got " + std::to_string(value));
  }
}

// The host of an http(s) URL ("[::1]" without brackets); empty when there is none.
std::string UrlHost(const std::string& url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos) return {};
  std::string rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const size_t at = rest.rfind('@'); at != std::string::npos) rest = rest.substr(at + 1);
  if (!rest.empty() && rest[0] == '[') {
    const size_t close = rest.find(']');
    return close == std::string::npos ? std::string() : rest.substr(1, close - 1);
  }
  return rest.substr(0, rest.find(':'));
}

void ValidateExternalIssuer(const Config::ExternalIssuer& e) {
  if (!e.enabled()) return;
  if (e.jwks_url.empty()) Fail("auth.external_jwks_url", "is required with auth.external_issuer");
  if (e.client_id.empty()) {
    Fail("auth.external_client_id", "is required with auth.external_issuer");
  }
  const std::string host = UrlHost(e.jwks_url);
  const bool https = e.jwks_url.rfind("https://", 0) == 0;
  const bool loopback_http = e.jwks_url.rfind("http://", 0) == 0 && IsLoopbackHost(host);
  if (host.empty() || (!https && !loopback_http)) {
    Fail("auth.external_jwks_url",
         "must be an https:// URL (plain http:// only on a loopback address), got \"" + e.jwks_url +
             "\"");
  }
  if (e.groups_claim.empty()) Fail("auth.external_groups_claim", "must not be empty");
  static const std::set<std::string> kGroups = {"admin", "manager", "agent"};
  for (const auto& entry : e.group_map) {
    const size_t eq = entry.find('=');
    if (eq == std::string::npos || eq == 0 || !kGroups.contains(entry.substr(eq + 1))) {
      Fail(
          "auth.external_group_map",
          "expected \"theirs=ours\" with ours one of admin, manager, agent, got \"" + entry + "\"");
    }
  }
}

}  // namespace

bool IsLoopbackHost(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

void Validate(Config& c) {
  if (!ParseListen(c.server.listen, c.host, c.port)) {
    Fail("server.listen", "expected HOST:PORT or [IPv6]:PORT, got \"" + c.server.listen + "\"");
  }
  RequireRange("server.io_threads", c.server.io_threads, 0, 256);
  RequireRange("server.worker_threads", c.server.worker_threads, 0, 1024);
  RequireRange("server.heavy_threads", c.server.heavy_threads, 0, 256);
  RequireRange("server.bulk_threads", c.server.bulk_threads, 1, 256);
  RequireRange("server.write_threads", c.server.write_threads, 0, 1024);
  RequireRange<int64_t>("server.max_body_bytes", c.server.max_body_bytes, 1024, int64_t{1} << 32);
  RequireRange<int64_t>("server.max_header_bytes", c.server.max_header_bytes, 1024, 1 << 20);
  RequireRange("server.header_timeout_seconds", c.server.header_timeout_seconds, 1, 3600);
  RequireRange("server.body_timeout_seconds", c.server.body_timeout_seconds, 1, 3600);
  RequireRange("server.idle_timeout_seconds", c.server.idle_timeout_seconds, 1, 3600);
  RequireRange("server.write_timeout_seconds", c.server.write_timeout_seconds, 1, 3600);
  RequireRange("server.shutdown_grace_seconds", c.server.shutdown_grace_seconds, 0, 3600);
  RequireRange<int64_t>("server.max_connections", c.server.max_connections, 1, 1000000);
  RequireRange<int64_t>("server.max_pipelined", c.server.max_pipelined, 1, 1024);
  if (c.tls.cert.empty() != c.tls.key.empty()) {
    Fail(c.tls.cert.empty() ? "tls.cert" : "tls.key", "tls.cert and tls.key are set together");
  }
  if (!c.tls_enabled() && !IsLoopbackHost(c.host) && !c.server.behind_tls_proxy) {
    Fail("server.listen",
         "refusing plain HTTP on non-loopback address " + c.host +
             ": set tls.cert and tls.key, or server.behind_tls_proxy = true when a TLS proxy "
             "is in front");
  }
  for (const auto& proxy : c.server.trusted_proxies) {
    if (!gateway::TrustedProxies::IsAddressOrCidr(proxy)) {
      Fail("server.trusted_proxies",
           "\"" + proxy + "\" is not an IP address or a CIDR like 10.0.0.0/8");
    }
  }
  for (const auto& origin : c.cors.origins) {
    const bool ok =
        origin == "*" || origin.rfind("https://", 0) == 0 || origin.rfind("http://", 0) == 0;
    if (!ok || (origin != "*" && origin.back() == '/')) {
      Fail("cors.origins", "\"" + origin + "\" is not an origin like https://crm.example.com");
    }
  }
  if (c.throttle.rate <= 0 || c.throttle.burst < 1) Fail("throttle.rate", "must be positive");
  if (c.throttle.signin_ip_rate <= 0 || c.throttle.signin_ip_burst < 1) {
    Fail("throttle.signin_ip_rate", "must be positive, with a burst of at least 1");
  }
  if (c.throttle.signin_account_rate <= 0 || c.throttle.signin_account_burst < 1) {
    Fail("throttle.signin_account_rate", "must be positive, with a burst of at least 1");
  }
  if (c.throttle.ip_rate <= 0 || c.throttle.ip_burst < 1) {
    Fail("throttle.ip_rate", "must be positive");
  }
  if (!c.server.web_dir.empty() &&
      !std::filesystem::is_regular_file(std::filesystem::path(c.server.web_dir) / "index.html")) {
    Fail("server.web_dir", "\"" + c.server.web_dir + "\" has no index.html (a built web app)");
  }
  if (c.storage.data_dir.empty()) Fail("storage.data_dir", "must not be empty");
  if (c.audit.digest_interval_seconds < 0 || c.audit.digest_interval_seconds > 86400) {
    Fail("audit.digest_interval_seconds", "expected 0 (off) to 86400 (a day)");
  }
  if (c.storage.backend != "sqlite") {
    Fail("storage.backend", "\"" + c.storage.backend + "\" is not available; use sqlite");
  }
  if (c.storage.synchronous != "full" && c.storage.synchronous != "normal") {
    Fail("storage.synchronous", "expected full or normal, got \"" + c.storage.synchronous + "\"");
  }
  RequireRange("storage.readers", c.storage.readers, 1, 64);
  RequireRange("queue.lease_seconds", c.queue.lease_seconds, 5, 86400);
  RequireRange<int64_t>("blobs.max_object_bytes", c.blobs.max_object_bytes, 1024,
                        int64_t{5} * 1024 * 1024 * 1024 * 1024);
  RequireRange("blobs.transfer_threads", c.blobs.transfer_threads, 1, 256);
  RequireRange("lifecycle.run_hour_utc", c.lifecycle.run_hour_utc, 0, 23);
  RequireRange("calls.recording_url_seconds", c.calls.recording_url_seconds, 1, 604800);
  for (const std::string& rule : c.lifecycle.rules) {
    try {
      (void)blobs::ParseLifecycleRule(rule);
    } catch (const std::invalid_argument& e) {
      Fail("lifecycle.rules", e.what());
    }
  }
  RequireRange<int64_t>("documents.max_bytes", c.documents.max_bytes, 1,
                        int64_t{5} * 1024 * 1024 * 1024 * 1024);
  RequireRange("documents.upload_url_seconds", c.documents.upload_url_seconds, 1, 604800);
  RequireRange("documents.download_url_seconds", c.documents.download_url_seconds, 1, 604800);
  if (c.blobs.access_key_id.empty() != c.blobs.secret_access_key.empty()) {
    Fail("blobs.access_key_id", "set both blobs.access_key_id and blobs.secret_access_key, or neither");
  }
  if (!c.blobs.secret_access_key.empty() && c.blobs.secret_access_key.size() < 16) {
    Fail("blobs.secret_access_key", "use at least 16 characters");
  }
  RequireRange("queue.max_attempts", c.queue.max_attempts, 1, 100);
  RequireRange("queue.poll_interval_ms", c.queue.poll_interval_ms, 10, 60000);
  // Tokens shorter than 5 minutes make clients refresh constantly; longer than a day outlive
  // the 1 s revocation cache's purpose (Cognito allows 5 min .. 1 day too).
  RequireRange("auth.access_token_seconds", c.auth.access_token_seconds, 300, 86400);
  RequireRange("auth.refresh_token_days", c.auth.refresh_token_days, 1, 3650);
  if (c.auth.client_id.empty() || c.auth.client_id.size() > 128) {
    Fail("auth.client_id", "must be 1 to 128 characters");
  }
  ValidateExternalIssuer(c.external_issuer);
  if (!IsKnownPhoneRegion(c.leads.default_region)) {
    Fail("leads.default_region",
         "\"" + c.leads.default_region + "\" is not a region code such as US or GB");
  }
  static const std::set<std::string> kLevels = {"trace", "debug", "info", "warn", "error"};
  if (!kLevels.contains(c.log.level)) {
    Fail("log.level", "expected one of trace, debug, info, warn, error");
  }
}

Config LoadConfig(const std::string& file, const std::map<std::string, std::string>& env) {
  Config config;
  if (!file.empty()) LoadFile(config, file);
  for (const auto& setting : Settings(config)) {
    if (auto it = env.find(setting.env_name()); it != env.end()) {
      AssignFromString(setting, it->second);
    }
  }
  // A misspelt CCRM_ variable would otherwise go unnoticed; it is not fatal because tools
  // and tests share the prefix (CCRM_BINARY, CCRM_BENCH_DIR).
  std::set<std::string> known = {"CCRM_CONFIG", "CCRM_ADMIN_PASSWORD"};
  for (const auto& setting : Settings(config)) known.insert(setting.env_name());
  for (const auto& [name, value] : env) {
    if (!known.contains(name)) config.warnings.push_back(name + " is not a ccrm setting; ignored");
  }
  if (std::find(config.cors.origins.begin(), config.cors.origins.end(), "*") !=
      config.cors.origins.end()) {
    config.warnings.push_back(
        "cors.origins holds \"*\": any web site may call the API from its visitors' browsers "
        "(never with their cookies); list the exact origins of your own apps instead");
  }
  Validate(config);
  return config;
}

std::map<std::string, std::string> CcrmEnvironment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e && *e; ++e) {
    const std::string entry(*e);
    if (entry.rfind("CCRM_", 0) != 0) continue;
    const size_t eq = entry.find('=');
    if (eq == std::string::npos) continue;
    env.emplace(entry.substr(0, eq), entry.substr(eq + 1));
  }
  return env;
}

std::string Config::PublicUrl() const {
  std::string url = !server.public_url.empty()
                        ? server.public_url
                        : (tls_enabled() ? "https://" : "http://") + server.listen;
  while (url.size() > 1 && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace ccrm::app
