#include "auth/api_key_service.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

#include "audit/audit_changes.hpp"
#include "audit/audit_log.hpp"
#include "common/ids.hpp"
#include "common/problem.hpp"
#include "crypto/constant_time.hpp"
#include "crypto/digest.hpp"
#include "crypto/random.hpp"

namespace ccrm::auth {
namespace {

constexpr std::string_view kPrefix = "ccrm_";
constexpr const char* kListIndex = "byCreated";
constexpr const char* kListKey = "all";  // one partition: keys are few, listed by admins only
constexpr int kMaxListLimit = 200;
constexpr int kMaxRevokeAttempts = 5;

std::optional<std::string> OptionalString(const Json& item, const char* name) {
  const auto it = item.find(name);
  if (it == item.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

ApiKey FromItem(const Json& item) {
  ApiKey key;
  key.id = item.value("id", "");
  key.name = item.value("name", "");
  if (const auto it = item.find("scopes"); it != item.end() && it->is_array()) {
    for (const auto& scope : *it) {
      if (scope.is_string()) key.scopes.push_back(scope.get<std::string>());
    }
  }
  key.created_at = item.value("createdAt", "");
  key.created_by = item.value("createdBy", "");
  key.last_used_at = OptionalString(item, "lastUsedAt");
  key.revoked_at = OptionalString(item, "revokedAt");
  key.version = item.value("version", int64_t{1});
  return key;
}

audit::AuditEvent Event(const ApiKeyActor& actor, std::string action, const std::string& id,
                        Json changes) {
  return audit::AuditEvent{.actor = actor.actor,
                           .action = std::move(action),
                           .entity = "apikey",
                           .entity_id = id,
                           .request_id = actor.request_id,
                           .ip = actor.ip,
                           .outcome = "ok",
                           .changes = std::move(changes)};
}

}  // namespace

const std::vector<std::string>& KnownApiKeyScopes() {
  static const std::vector<std::string> kScopes = {"connect:ingest", "connect:lookup",
                                                   "leads:read"};
  return kScopes;
}

Json ApiKey::ToJson() const {
  return {{"id", id},
          {"name", name},
          {"scopes", scopes},
          {"createdAt", created_at},
          {"createdBy", created_by},
          {"lastUsedAt", last_used_at ? Json(*last_used_at) : Json(nullptr)},
          {"revokedAt", revoked_at ? Json(*revoked_at) : Json(nullptr)}};
}

ApiKeyService::ApiKeyService(storage::RecordStorePtr records,
                             std::shared_ptr<audit::AuditLog> audit, ClockPtr clock)
    : records_(std::move(records)), audit_(std::move(audit)), clock_(std::move(clock)) {
  if (!records_ || !audit_ || !clock_) {
    throw std::invalid_argument("ApiKeyService: records, audit and clock are required");
  }
}

void ApiKeyService::EnsureTables() {
  records_->EnsureTable(
      {.name = kApiKeysTable,
       .partition_key = "id",
       .sort_key = "",
       .indexes = {{.name = kListIndex, .partition_key = "listKey", .sort_key = "id"}}});
}

bool ApiKeyService::ParsePresented(std::string_view presented, std::string_view& id,
                                   std::string_view& secret) {
  if (!presented.starts_with(kPrefix)) return false;
  presented.remove_prefix(kPrefix.size());
  // The id is "key_<ulid>" (no '_' in a ULID); the secret is base64url and may hold '_'.
  const size_t type_end = presented.find('_');
  if (type_end == std::string_view::npos) return false;
  const size_t id_end = presented.find('_', type_end + 1);
  if (id_end == std::string_view::npos || id_end + 1 >= presented.size()) return false;
  id = presented.substr(0, id_end);
  secret = presented.substr(id_end + 1);
  return true;
}

CreatedApiKey ApiKeyService::Create(const std::string& name, const std::vector<std::string>& scopes,
                                    const ApiKeyActor& actor) {
  std::vector<FieldError> errors;
  const bool blank = name.find_first_not_of(" \t\r\n") == std::string::npos;
  if (blank) errors.push_back({"name", "must not be blank"});
  if (name.size() > kMaxNameLength) {
    errors.push_back({"name", "must be at most " + std::to_string(kMaxNameLength) + " characters"});
  }
  if (std::any_of(name.begin(), name.end(),
                  [](unsigned char c) { return c < 0x20 || c == 0x7f; })) {
    errors.push_back({"name", "must not contain control characters"});
  }
  if (scopes.empty()) errors.push_back({"scopes", "must name at least one scope"});
  std::set<std::string> seen;
  const auto& known = KnownApiKeyScopes();
  for (size_t i = 0; i < scopes.size(); ++i) {
    const std::string field = "scopes[" + std::to_string(i) + "]";
    if (std::find(known.begin(), known.end(), scopes[i]) == known.end()) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      errors.push_back({field, "unknown scope; expected one of " + list});
    } else if (!seen.insert(scopes[i]).second) {
      errors.push_back({field, "is repeated"});
    }
  }
  if (!errors.empty()) throw ProblemException(Problem::Validation(std::move(errors)));

  CreatedApiKey created;
  ApiKey& key = created.key;
  key.id = NewId("key");
  key.name = name;
  key.scopes = scopes;
  key.created_at = FormatRfc3339Millis(clock_->Now());
  key.created_by = actor.actor;
  key.version = 1;
  const std::string secret = crypto::RandomToken(32);
  created.secret = std::string(kPrefix) + key.id + "_" + secret;

  Json item = key.ToJson();
  item.erase("lastUsedAt");
  item.erase("revokedAt");
  item["listKey"] = kListKey;
  item["secretHash"] = crypto::Sha256Hex(secret);
  item["version"] = key.version;
  const auto result = audit_->Append(
      Event(actor, "apikey.create", key.id, audit::Diff(nullptr, key.ToJson())),
      {storage::WriteAction::Put(kApiKeysTable, item, storage::Condition::NotExists())});
  if (!result.committed) throw storage::StorageError("api key id collision: " + key.id);
  return created;
}

ApiKeyPage ApiKeyService::List(int limit, const std::string& cursor) {
  if (limit < 1 || limit > kMaxListLimit) {
    throw ProblemException(
        Problem::Validation({{"limit", "must be between 1 and " + std::to_string(kMaxListLimit)}}));
  }
  const storage::QueryResult result = records_->Query({.table = kApiKeysTable,
                                                       .index = kListIndex,
                                                       .partition = kListKey,
                                                       .sort = {},
                                                       .forward = false,
                                                       .limit = limit,
                                                       .cursor = cursor});
  ApiKeyPage page;
  for (const Json& item : result.items) page.items.push_back(FromItem(item));
  page.next_cursor = result.next_cursor;
  return page;
}

std::optional<ApiKey> ApiKeyService::Get(const std::string& id) {
  if (!IsValidId(id, "key")) return std::nullopt;
  const auto item = records_->Get(kApiKeysTable, {.partition = id, .sort = ""});
  if (!item) return std::nullopt;
  return FromItem(*item);
}

bool ApiKeyService::Revoke(const std::string& id, const ApiKeyActor& actor) {
  if (!IsValidId(id, "key")) return false;
  bool done = false;
  for (int attempt = 0; attempt < kMaxRevokeAttempts && !done; ++attempt) {
    auto item = records_->Get(kApiKeysTable, {.partition = id, .sort = ""});
    if (!item) return false;
    if (item->contains("revokedAt") && (*item)["revokedAt"].is_string()) {
      done = true;
      break;
    }
    const int64_t version = item->value("version", int64_t{1});
    const std::string now = FormatRfc3339Millis(clock_->Now());
    (*item)["revokedAt"] = now;
    (*item)["version"] = version + 1;
    const auto result = audit_->Append(
        Event(actor, "apikey.revoke", id, {{"revokedAt", {{"old", nullptr}, {"new", now}}}}),
        {storage::WriteAction::Put(kApiKeysTable, *item,
                                   storage::Condition::VersionEquals(version))});
    // Not committed: a use was recorded in between (lastUsedAt); re-read and try again.
    done = result.committed;
  }
  if (!done) throw storage::StorageError("api key " + id + " kept changing; not revoked");
  std::lock_guard lock(mutex_);
  cache_.erase(id);
  return true;
}

std::optional<ApiKeyService::Cached> ApiKeyService::Load(const std::string& id) {
  const auto item = records_->Get(kApiKeysTable, {.partition = id, .sort = ""});
  if (!item) return std::nullopt;
  Cached cached;
  cached.key = FromItem(*item);
  cached.secret_hash = item->value("secretHash", "");
  cached.loaded = clock_->Now();
  return cached;
}

std::optional<Principal> ApiKeyService::Authenticate(std::string_view presented,
                                                              const gateway::Request& request) {
  std::string_view id_view;
  std::string_view secret;
  if (!ParsePresented(presented, id_view, secret) || !IsValidId(id_view, "key")) {
    return std::nullopt;
  }
  const std::string hash = crypto::Sha256Hex(secret);
  const auto now = clock_->Now();

  std::unique_lock lock(mutex_);
  auto it = cache_.find(id_view);
  if (it == cache_.end() || now - it->second.loaded >= kCacheTtl) {
    lock.unlock();  // storage is slow; other keys must not wait for it
    std::optional<Cached> loaded = Load(std::string(id_view));
    lock.lock();
    if (!loaded) {
      cache_.erase(std::string(id_view));
      return std::nullopt;
    }
    it = cache_.find(id_view);
    if (it == cache_.end()) {
      it = cache_.emplace(std::string(id_view), std::move(*loaded)).first;
    } else {
      // Keep when the use was last recorded; take the fresh record.
      it->second.key = std::move(loaded->key);
      it->second.secret_hash = std::move(loaded->secret_hash);
      it->second.loaded = loaded->loaded;
    }
  }
  Cached& entry = it->second;
  if (entry.key.revoked_at || entry.secret_hash.empty() ||
      !crypto::ConstantTimeEquals(hash, entry.secret_hash)) {
    return std::nullopt;
  }
  Principal principal{
      .id = entry.key.id, .name = entry.key.name, .groups = entry.key.scopes, .is_api_key = true};
  const bool record_use =
      !entry.use_ever_recorded || now - entry.use_recorded >= kUseRecordInterval;
  if (record_use) {
    // Claimed under the lock, so concurrent requests of one key record a single use.
    entry.use_ever_recorded = true;
    entry.use_recorded = now;
  }
  lock.unlock();
  if (record_use) RecordUse(principal.id, request);
  return principal;
}

void ApiKeyService::RecordUse(const std::string& id, const gateway::Request& request) {
  try {
    auto item = records_->Get(kApiKeysTable, {.partition = id, .sort = ""});
    if (!item || (item->contains("revokedAt") && (*item)["revokedAt"].is_string())) return;
    const int64_t version = item->value("version", int64_t{1});
    const std::string now = FormatRfc3339Millis(clock_->Now());
    Json old_value = item->contains("lastUsedAt") ? (*item)["lastUsedAt"] : Json(nullptr);
    (*item)["lastUsedAt"] = now;
    (*item)["version"] = version + 1;
    const ApiKeyActor actor{.actor = id, .request_id = request.request_id, .ip = request.remote_ip};
    const auto result = audit_->Append(
        Event(actor, "apikey.use", id, {{"lastUsedAt", {{"old", old_value}, {"new", now}}}}),
        {storage::WriteAction::Put(kApiKeysTable, *item,
                                   storage::Condition::VersionEquals(version))});
    if (result.committed) {
      std::lock_guard lock(mutex_);
      if (auto it = cache_.find(id); it != cache_.end()) it->second.key.last_used_at = now;
    }
    // Not committed: the key changed meanwhile (revoked, or another process recorded a use).
    // Either way this use needs no record of its own.
  } catch (const std::exception& e) {
    // The request is authentic; failing to note when is no reason to refuse it.
    spdlog::warn("api key {}: recording its use failed: {}", id, e.what());
  }
}

}  // namespace ccrm::auth
