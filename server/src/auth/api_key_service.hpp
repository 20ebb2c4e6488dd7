// API keys for machine clients (the contact center): created by admins, shown once, stored as a
// SHA-256 of their secret, scoped, revocable, with a last-used time.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "common/json.hpp"
#include "gateway/http_types.hpp"
#include "storage/record_store.hpp"

namespace ccrm::audit {
class AuditLog;
}  // namespace ccrm::audit

namespace ccrm::auth {

inline constexpr const char* kApiKeysTable = "api_keys";

// Every scope a key may carry; routes declare one of them with Access::ApiKey(scope).
const std::vector<std::string>& KnownApiKeyScopes();

struct ApiKey {
  std::string id;  // key_…
  std::string name;
  std::vector<std::string> scopes;
  std::string created_at;
  std::string created_by;
  std::optional<std::string> last_used_at;
  std::optional<std::string> revoked_at;
  int64_t version = 1;

  // The public form (never the secret or its hash): {id, name, scopes, createdAt, createdBy,
  // lastUsedAt, revokedAt}.
  Json ToJson() const;
};

struct CreatedApiKey {
  ApiKey key;
  std::string secret;  // "ccrm_<id>_<random>": shown once, never stored
};

// Who is acting, for the audit trail.
struct ApiKeyActor {
  std::string actor;  // usr_… or "system" (the CLI)
  std::string request_id;
  std::string ip;
};

struct ApiKeyPage {
  std::vector<ApiKey> items;
  std::optional<std::string> next_cursor;
};

class ApiKeyService {
 public:
  // A key's record is re-read at most this often per process (so a revocation made by another
  // process, e.g. `ccrm apikey revoke` beside a running server, takes effect within it).
  static constexpr std::chrono::seconds kCacheTtl{30};
  // lastUsedAt is written, and an "apikey.use" audit record appended, at most this often per key.
  static constexpr std::chrono::seconds kUseRecordInterval{60};
  static constexpr size_t kMaxNameLength = 100;

  ApiKeyService(storage::RecordStorePtr records, std::shared_ptr<audit::AuditLog> audit,
                ClockPtr clock);
  ApiKeyService(const ApiKeyService&) = delete;
  ApiKeyService& operator=(const ApiKeyService&) = delete;

  // Creates the api_keys table (idempotent).
  void EnsureTables();

  // Validates (a 400 validation problem naming the field: a blank or overlong name, no scopes, an
  // unknown or repeated scope), stores the key with its audit record ("apikey.create").
  CreatedApiKey Create(const std::string& name, const std::vector<std::string>& scopes,
                       const ApiKeyActor& actor);
  // Newest first; `limit` 1..200.
  ApiKeyPage List(int limit = 50, const std::string& cursor = {});
  std::optional<ApiKey> Get(const std::string& id);
  // Revokes (idempotent: revoking a revoked key changes nothing and audits nothing). False when
  // no such key exists.
  bool Revoke(const std::string& id, const ApiKeyActor& actor);

  // The principal for an X-Api-Key value (id, name, groups = scopes, is_api_key), or nullopt for
  // anything malformed, unknown, wrong or revoked. Hits storage only when the cached record is
  // older than kCacheTtl or a use is due to be recorded.
  std::optional<Principal> Authenticate(std::string_view presented,
                                                 const gateway::Request& request);

  // Splits "ccrm_<id>_<secret>"; false when it does not have that shape.
  static bool ParsePresented(std::string_view presented, std::string_view& id,
                             std::string_view& secret);

 private:
  struct Cached {
    ApiKey key;
    std::string secret_hash;
    std::chrono::system_clock::time_point loaded;
    std::chrono::system_clock::time_point use_recorded{};
    bool use_ever_recorded = false;
  };

  // Reads and caches the key's record; nullopt when it does not exist.
  std::optional<Cached> Load(const std::string& id);
  void RecordUse(const std::string& id, const gateway::Request& request);

  storage::RecordStorePtr records_;
  std::shared_ptr<audit::AuditLog> audit_;
  ClockPtr clock_;

  std::mutex mutex_;
  std::map<std::string, Cached, std::less<>> cache_;
};

}  // namespace ccrm::auth
