// Server configuration: safe defaults, a TOML file, CCRM_<SECTION>_<KEY> environment
// overrides and command-line flags, in that order of precedence (last wins).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace ccrm::app {

struct Config {
  struct Server {
    std::string listen = "127.0.0.1:8080";
    int io_threads = 0;      // 0 = one per usable CPU
    int worker_threads = 0;  // handlers that block on storage run here; 0 = two per usable CPU
    int heavy_threads = 0;   // password hashing (sign-in) runs here; 0 = one per usable CPU
    int write_threads = 0;   // handlers of writes run here; 0 = four per usable CPU, at least 8
    int bulk_threads = 2;    // the contact center's deliveries run here, apart from the rest
    int64_t max_body_bytes = 10 * 1024 * 1024;  // API Gateway's payload limit
    int64_t max_header_bytes = 16 * 1024;
    int header_timeout_seconds = 10;
    int body_timeout_seconds = 30;
    int idle_timeout_seconds = 60;
    int write_timeout_seconds = 30;  // a reply the client takes no byte of for this long
    int shutdown_grace_seconds = 20;
    int64_t max_connections = 10000;
    int64_t max_pipelined = 16;
    // Set when a TLS-terminating proxy is in front: allows plain HTTP on a public address.
    bool behind_tls_proxy = false;
    // With behind_tls_proxy: the peers (IPs or CIDRs) whose X-Forwarded-For and
    // X-Forwarded-Proto are believed, so throttling and logs see the client, and HSTS is sent.
    std::vector<std::string> trusted_proxies = {"127.0.0.1", "::1"};
    // The URL people reach the server at (for printed links, token issuer); derived if empty.
    std::string public_url;
    // A built web app to serve instead of the one compiled in (development); read at start.
    std::string web_dir;
  } server;

  struct Tls {
    std::string cert;  // PEM certificate chain file
    std::string key;   // PEM private key file
  } tls;

  struct Cors {
    std::vector<std::string> origins;  // exact origins, e.g. "https://crm.example.com"
  } cors;

  struct Throttle {
    bool enabled = true;
    double rate = 100;  // requests per second per principal (API Gateway-style token bucket)
    double burst = 200;
    double ip_rate = 200;  // per client IP, authenticated or not
    double ip_burst = 400;
    // Sign-in, its challenges and password changes (auth::SignInLimitOptions).
    double signin_ip_rate = 1;
    double signin_ip_burst = 30;
    double signin_account_rate = 0.2;
    double signin_account_burst = 20;
  } throttle;

  struct Storage {
    std::string data_dir = "./data";
    std::string backend = "sqlite";    // sqlite (embedded); dynamodb arrives later
    std::string synchronous = "full";  // full: survives power loss; normal: survives kill -9
    int readers = 4;                   // SQLite read connections
  } storage;

  struct Auth {
    // Our tokens' "iss": empty = server.public_url, else "http://<server.listen>".
    std::string issuer;
    std::string client_id = "ccrm-web";  // the app client: access "client_id", id "aud"
    int access_token_seconds = 3600;     // access and id tokens (Cognito's default)
    int refresh_token_days = 30;
  } auth;

  struct Leads {
    // How a phone number typed without a country code is read (ISO 3166 alpha-2).
    std::string default_region = "US";
  } leads;

  struct Audit {
    // How often a signed digest of the audit chain is written (when records were appended
    // since the last); 0 = never. One more is written at shutdown.
    int digest_interval_seconds = 3600;
    // Where the digests and public-key.pem go; empty = <storage.data_dir>/audit-digests.
    // Mount something the database's writers cannot rewrite here.
    std::string digest_dir;
  } audit;

  struct Queue {
    // The durable job queue (triggers, the search outbox): how long a claim holds a job before
    // another process may take it, how many attempts before it parks in dead letters, and how
    // often an idle dispatcher looks for due jobs.
    int lease_seconds = 60;
    int max_attempts = 8;
    int poll_interval_ms = 500;
  } queue;

  struct Blobs {
    // The S3-compatible endpoint (/s3/{bucket}/{key}) and the objects under it: documents and
    // call recordings, encrypted at rest under <storage.data_dir>/blobs.
    int64_t max_object_bytes = int64_t{5} * 1024 * 1024 * 1024;  // S3's single PUT limit
    std::string region = "us-east-1";  // the SigV4 scope clients sign for
    // An access key pair for S3 clients of the endpoint (tools, scripts); empty = none. The
    // server's own presigned URLs use a pair derived from master.key.
    std::string access_key_id;
    std::string secret_access_key;
    int transfer_threads = 8;  // uploads streaming at once; beyond: 503
    // The cold tier lifecycle rules move objects to (zstd-compressed, then encrypted); empty:
    // <storage.data_dir>/blobs-cold. May be another disk.
    std::string cold_dir;
  } blobs;

  struct Calls {
    int recording_url_seconds = 5 * 60;  // how long a recording URL works (1 s .. 7 days)
  } calls;

  struct Lifecycle {
    // Rules, one per string: "BUCKET[/PREFIX] [transition=DAYS] [expire=DAYS]", e.g.
    // "recordings/ transition=30 expire=2555". The longest matching prefix wins. Parsed and
    // checked by blobs::ParseLifecycleRule at load.
    std::vector<std::string> rules;
    int run_hour_utc = 3;  // the daily run is queued at the first check after this hour
  } lifecycle;

  struct Documents {
    int64_t max_bytes = 100 * 1024 * 1024;  // the largest document; larger uploads are rejected
    int upload_url_seconds = 15 * 60;       // how long an upload URL works (1 s .. 7 days)
    int download_url_seconds = 5 * 60;      // how long a download URL works (1 s .. 7 days)
  } documents;

  struct Log {
    std::string level = "info";  // trace, debug, info, warn, error
  } log;

  // One external OIDC issuer whose access tokens the authorizer also accepts (e.g. a Cognito
  // user pool); settings auth.external_*. Off while `issuer` is empty.
  struct ExternalIssuer {
    std::string issuer;     // its "iss", e.g. https://cognito-idp.<region>.amazonaws.com/<pool>
    std::string jwks_url;   // https:// (plain http only on a loopback address)
    std::string client_id;  // the app client its access tokens name in client_id
    std::string groups_claim = "cognito:groups";
    std::vector<std::string> group_map;  // "theirs=ours", ours in admin, manager, agent
    bool enabled() const { return !issuer.empty(); }
  } external_issuer;

  // Things worth telling the operator that are not errors (e.g. an unknown CCRM_ variable).
  std::vector<std::string> warnings;

  // Derived from server.listen by Validate().
  std::string host;
  uint16_t port = 0;
  bool tls_enabled() const { return !tls.cert.empty(); }
  // How clients reach the server: server.public_url without a trailing slash, else
  // http(s)://<server.listen>.
  std::string PublicUrl() const;
};

// A setting that is malformed, unknown or unsafe. The message names the setting.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Builds the configuration: defaults, then `file` (if not empty; it must exist), then the
// environment (`env` maps names to values; tests pass their own), then validates.
Config LoadConfig(const std::string& file, const std::map<std::string, std::string>& env);

// The process environment's CCRM_* variables.
std::map<std::string, std::string> CcrmEnvironment();

// Checks ranges and combinations, derives host/port. Throws ConfigError.
void Validate(Config& config);

// True for 127.0.0.0/8, ::1 and "localhost".
bool IsLoopbackHost(const std::string& host);

}  // namespace ccrm::app
