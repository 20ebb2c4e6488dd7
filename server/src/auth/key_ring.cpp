#include "auth/key_ring.hpp"

#include <fmt/format.h>
#include <openssl/crypto.h>
#include <spdlog/spdlog.h>

#include <optional>
#include <vector>

#include "common/base64.hpp"
#include "common/ids.hpp"
#include "crypto/crypto_error.hpp"
#include "storage/reseal.hpp"

namespace ccrm::auth {
namespace {

using std::chrono::system_clock;

// Storage layout. One reserved row names the active kid and the published kids, and carries
// the version every rotation conditions on: two processes rotating at once cannot both win,
// and two first starts cannot both create a "first" key. Generated kids ("sig_<ulid>") never
// collide with it.
constexpr char kRingRow[] = "@ring";
constexpr int kMaxRotateAttempts = 5;
// A stale snapshot is re-read at most this often when storage keeps failing.
constexpr std::chrono::seconds kMinRefreshInterval{10};

std::string SealAad(std::string_view kid) { return "signing-key:" + std::string(kid); }

std::optional<system_clock::time_point> TimeField(const Json& row, const char* field) {
  const auto it = row.find(field);
  if (it == row.end() || !it->is_string()) return std::nullopt;
  return ParseRfc3339(it->get_ref<const std::string&>());
}

int64_t VersionOf(const Json& row) {
  const auto it = row.find("version");
  return it != row.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

struct Ring {
  std::string active;
  std::vector<std::string> kids;  // published, active first
  int64_t version = 0;
};

Ring ParseRing(const Json& row) {
  Ring ring;
  const auto active = row.find("activeKid");
  const auto kids = row.find("kids");
  if (active == row.end() || !active->is_string() || kids == row.end() || !kids->is_array()) {
    throw KeyRingError("signing_keys: the @ring row is malformed");
  }
  ring.active = active->get<std::string>();
  for (const auto& kid : *kids) {
    if (!kid.is_string()) throw KeyRingError("signing_keys: the @ring row is malformed");
    ring.kids.push_back(kid.get<std::string>());
  }
  if (ring.kids.empty() || ring.kids.front() != ring.active) {
    throw KeyRingError("signing_keys: the @ring row does not list its active key first");
  }
  ring.version = VersionOf(row);
  return ring;
}

Json RingRow(const std::string& active, const std::vector<std::string>& kids, int64_t version) {
  return {{"kid", kRingRow}, {"activeKid", active}, {"kids", kids}, {"version", version}};
}

}  // namespace

struct KeyRing::Snapshot {
  struct Entry {
    std::string kid;
    std::shared_ptr<const crypto::RsaKey> key;
    std::optional<system_clock::time_point> publish_until;  // none for the active key
    Json jwk;

    bool PublishedAt(system_clock::time_point now) const {
      return !publish_until || now < *publish_until;
    }
  };
  std::vector<Entry> entries;  // entries[0] is the active key
  system_clock::time_point loaded_at;
};

KeyRing::KeyRing(storage::RecordStorePtr store, crypto::MasterKey master_key, ClockPtr clock,
                 std::chrono::seconds token_lifetime)
    : store_(std::move(store)),
      master_key_(std::move(master_key)),
      clock_(std::move(clock)),
      token_lifetime_(token_lifetime) {
  if (!store_ || !clock_) throw std::invalid_argument("KeyRing needs a store and a clock");
  if (token_lifetime_ <= std::chrono::seconds(0)) {
    throw std::invalid_argument("KeyRing: token lifetime must be positive");
  }
}

KeyRing::~KeyRing() = default;

size_t KeyRing::Reseal(storage::RecordStore& store, const crypto::MasterKey& from,
                       const crypto::MasterKey& to) {
  const auto ring_row = store.Get(kTable, {kRingRow, ""});
  if (!ring_row) return 0;
  size_t resealed = 0;
  for (const std::string& kid : ParseRing(*ring_row).kids) {
    std::optional<Json> row = store.Get(kTable, {kid, ""});
    if (!row) continue;
    const std::string what = "signing key " + kid;
    if (storage::ResealField(*row, "/sealedPrivateKey", SealAad(kid), from, to, what)) {
      storage::PutResealed(store, kTable, std::move(*row), what);
      ++resealed;
    }
  }
  return resealed;
}

void KeyRing::Load() {
  store_->EnsureTable({.name = kTable, .partition_key = "kid"});
  std::lock_guard lock(reload_mutex_);
  auto snapshot = ReadSnapshot();
  if (!snapshot) {
    CreateFirstKey();
    snapshot = ReadSnapshot();
    if (!snapshot) throw KeyRingError("signing_keys: the first key could not be created");
  }
  snapshot_.store(std::move(snapshot));
  last_refresh_attempt_ = clock_->Now();
}

void KeyRing::Reload() {
  std::lock_guard lock(reload_mutex_);
  last_refresh_attempt_ = clock_->Now();
  auto snapshot = ReadSnapshot();
  if (!snapshot) throw KeyRingError("signing_keys: no keys in storage (was the table emptied?)");
  snapshot_.store(std::move(snapshot));
}

KeyRing::ActiveKey KeyRing::Active() const {
  RefreshIfStale();
  const auto snapshot = Current();
  return {snapshot->entries.front().kid, snapshot->entries.front().key};
}

std::shared_ptr<const crypto::RsaKey> KeyRing::Find(std::string_view kid) const {
  const auto snapshot = Current();
  const auto now = clock_->Now();
  for (const auto& entry : snapshot->entries) {
    if (entry.kid == kid) return entry.PublishedAt(now) ? entry.key : nullptr;
  }
  return nullptr;
}

Json KeyRing::Jwks() const {
  RefreshIfStale();
  const auto snapshot = Current();
  const auto now = clock_->Now();
  Json keys = Json::array();
  for (const auto& entry : snapshot->entries) {
    if (entry.PublishedAt(now)) keys.push_back(entry.jwk);
  }
  return {{"keys", std::move(keys)}};
}

std::string KeyRing::Rotate() {
  Current();  // Load() first
  for (int attempt = 0; attempt < kMaxRotateAttempts; ++attempt) {
    const auto ring_row = store_->Get(kTable, {kRingRow, ""});
    if (!ring_row) throw KeyRingError("signing_keys: the @ring row is missing");
    const Ring ring = ParseRing(*ring_row);
    auto old_row = store_->Get(kTable, {ring.active, ""});
    if (!old_row) throw KeyRingError("signing_keys: active key " + ring.active + " is missing");

    const auto now = clock_->Now();
    const auto key = crypto::RsaKey::Generate();
    Json new_row;
    const std::string kid = NewKeyRow(key, new_row);

    const int64_t old_version = VersionOf(*old_row);
    (*old_row)["retiredAt"] = FormatRfc3339Millis(now);
    (*old_row)["publishUntil"] = FormatRfc3339Millis(now + token_lifetime_ + kPublishMargin);
    (*old_row)["version"] = old_version + 1;

    std::vector<std::string> kids = {kid, ring.active};
    std::vector<storage::WriteAction> actions = {
        storage::WriteAction::Put(kTable, new_row, storage::Condition::NotExists()),
        storage::WriteAction::Put(kTable, *old_row, storage::Condition::VersionEquals(old_version)),
    };
    for (size_t i = 1; i < ring.kids.size(); ++i) {
      const auto row = store_->Get(kTable, {ring.kids[i], ""});
      const auto until = row ? TimeField(*row, "publishUntil") : std::nullopt;
      if (until && now < *until) {
        kids.push_back(ring.kids[i]);
      } else if (row) {
        // Expired: every token it signed is past its exp, so the key has nothing left to do.
        actions.push_back(storage::WriteAction::Delete(kTable, {ring.kids[i], ""}));
      }
    }
    actions.push_back(storage::WriteAction::Put(kTable, RingRow(kid, kids, ring.version + 1),
                                                storage::Condition::VersionEquals(ring.version)));
    if (store_->TransactWrite(actions).committed) {
      Reload();
      spdlog::info("signing keys: rotated; {} is active, {} published until its tokens expire", kid,
                   ring.active);
      return kid;
    }
    // Another process rotated in between: start again from its state.
  }
  throw KeyRingError("signing_keys: rotation kept conflicting with concurrent rotations");
}

std::shared_ptr<const KeyRing::Snapshot> KeyRing::Current() const {
  auto snapshot = snapshot_.load();
  if (!snapshot) throw std::logic_error("KeyRing used before Load()");
  return snapshot;
}

void KeyRing::RefreshIfStale() const {
  const auto now = clock_->Now();
  if (now - Current()->loaded_at < kMaxSnapshotAge) return;
  // Someone else refreshing: use the current keys rather than queue behind storage.
  std::unique_lock lock(reload_mutex_, std::try_to_lock);
  if (!lock.owns_lock()) return;
  if (now - Current()->loaded_at < kMaxSnapshotAge) return;
  if (now - last_refresh_attempt_ < kMinRefreshInterval) return;
  last_refresh_attempt_ = now;
  try {
    if (auto snapshot = ReadSnapshot()) {
      snapshot_.store(std::move(snapshot));
    } else {
      spdlog::error("signing keys: storage holds no keys; keeping the ones loaded");
    }
  } catch (const std::exception& e) {
    spdlog::error("signing keys: re-reading failed, keeping the ones loaded: {}", e.what());
  }
}

std::shared_ptr<const KeyRing::Snapshot> KeyRing::ReadSnapshot() const {
  const auto ring_row = store_->Get(kTable, {kRingRow, ""});
  if (!ring_row) return nullptr;
  const Ring ring = ParseRing(*ring_row);
  const auto now = clock_->Now();

  auto snapshot = std::make_shared<Snapshot>();
  snapshot->loaded_at = now;
  for (const auto& kid : ring.kids) {
    const auto row = store_->Get(kTable, {kid, ""});
    if (!row) throw KeyRingError("signing_keys: key " + kid + " is listed but missing");
    const bool active = kid == ring.active;
    const auto until = TimeField(*row, "publishUntil");
    if (!active && !until)
      throw KeyRingError("signing_keys: retired key " + kid + " has no publishUntil");
    if (!active && *until <= now) continue;

    const auto sealed_field = row->find("sealedPrivateKey");
    const auto sealed = sealed_field != row->end() && sealed_field->is_string()
                            ? Base64UrlDecode(sealed_field->get_ref<const std::string&>())
                            : std::nullopt;
    auto pem = sealed ? master_key_.Open(*sealed, SealAad(kid)) : std::nullopt;
    if (!pem) {
      throw KeyRingError(fmt::format(
          "signing key {} does not decrypt: master.key is not the key it was sealed with "
          "(restore the master.key backed up with this database), or the record was altered",
          kid));
    }
    std::optional<crypto::RsaKey> key;
    try {
      key.emplace(crypto::RsaKey::FromPrivatePem(*pem));
    } catch (const crypto::CryptoError& e) {
      OPENSSL_cleanse(pem->data(), pem->size());
      throw KeyRingError(fmt::format("signing key {} is unusable: {}", kid, e.what()));
    }
    OPENSSL_cleanse(pem->data(), pem->size());
    Snapshot::Entry entry;
    entry.kid = kid;
    entry.jwk = key->Jwk(kid);
    entry.key = std::make_shared<const crypto::RsaKey>(std::move(*key));
    if (!active) entry.publish_until = until;
    snapshot->entries.push_back(std::move(entry));
  }
  if (snapshot->entries.empty() || snapshot->entries.front().kid != ring.active) {
    throw KeyRingError("signing_keys: the active key could not be loaded");
  }
  return snapshot;
}

void KeyRing::CreateFirstKey() {
  const auto key = crypto::RsaKey::Generate();
  Json row;
  const std::string kid = NewKeyRow(key, row);
  const auto result = store_->TransactWrite({
      storage::WriteAction::Put(kTable, row, storage::Condition::NotExists()),
      storage::WriteAction::Put(kTable, RingRow(kid, {kid}, 1), storage::Condition::NotExists()),
  });
  // Not committed: another process started at the same moment and its key won; use that one.
  if (result.committed) spdlog::info("signing keys: created the first key {}", kid);
}

std::string KeyRing::NewKeyRow(const crypto::RsaKey& key, Json& row) const {
  std::string kid = NewId("sig");
  std::string pem = key.PrivatePem();
  const std::string sealed = master_key_.Seal(pem, SealAad(kid));
  OPENSSL_cleanse(pem.data(), pem.size());
  row = {{"kid", kid},
         {"alg", "RS256"},
         {"createdAt", FormatRfc3339Millis(clock_->Now())},
         {"sealedPrivateKey", Base64UrlEncode(sealed)},
         {"publicJwk", key.Jwk(kid)},
         {"version", 1}};
  return kid;
}

}  // namespace ccrm::auth
