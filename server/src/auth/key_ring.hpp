// The RS256 keys our tokens are signed with: created at first start, sealed at rest under the
// master key, rotated, and published (JWKS) until the last token they signed has expired.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>

#include "crypto/master_key.hpp"
#include "common/clock.hpp"
#include "common/json.hpp"
#include "crypto/rsa_key.hpp"
#include "storage/record_store.hpp"

namespace ccrm::auth {

// A stored signing key that cannot be used: it does not decrypt under this master key (the
// wrong master.key, or a tampered record) or the table is inconsistent. Never swallowed.
class KeyRingError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Thread-safe: readers work on an immutable snapshot swapped atomically by Load/Reload/Rotate,
// so verifying never waits for storage. Several processes may share one store (one serves, one
// runs `ccrm keys rotate`): storage is the truth and each process re-reads it.
class KeyRing {
 public:
  static constexpr const char* kTable = "signing_keys";
  // A process re-reads the keys when its snapshot is older than this, before signing or
  // serving the JWKS, so a rotation made elsewhere is picked up within a minute.
  static constexpr std::chrono::seconds kMaxSnapshotAge{60};
  // How long beyond the token lifetime a retired key stays published: other processes may
  // sign with it until they re-read (kMaxSnapshotAge), plus verification leeway and skew.
  static constexpr std::chrono::seconds kPublishMargin{300};

  // The key tokens are signed with now, and the kid that names it: handed out together so a
  // token's kid always matches its signature, even while a rotation happens.
  struct ActiveKey {
    std::string kid;
    std::shared_ptr<const crypto::RsaKey> key;
  };

  KeyRing(storage::RecordStorePtr store, crypto::MasterKey master_key, ClockPtr clock,
          std::chrono::seconds token_lifetime);
  ~KeyRing();
  KeyRing(const KeyRing&) = delete;
  KeyRing& operator=(const KeyRing&) = delete;

  // Reseals every stored signing key from `from` to `to` (`ccrm keys rotate-master`, with the
  // servers stopped); returns how many changed. Throws storage::StorageError on a key that
  // opens under neither.
  static size_t Reseal(storage::RecordStore& store, const crypto::MasterKey& from,
                       const crypto::MasterKey& to);

  // Creates the table and, on an empty store, the first key; then reads the published keys.
  // Throws KeyRingError (undecryptable or inconsistent keys) or storage::StorageError. Call
  // once before anything else (the others throw std::logic_error until then).
  void Load();

  // The signing key. Re-reads storage first when the snapshot is older than kMaxSnapshotAge
  // (a failed re-read is logged and the current snapshot kept).
  ActiveKey Active() const;

  // The published key (active, or retired and not yet expired) named `kid`, or null. Memory
  // only: on a miss, the caller decides whether to Reload (rate-limit it: kids come from
  // untrusted tokens). Shared ownership keeps the key valid while a reload drops it.
  std::shared_ptr<const crypto::RsaKey> Find(std::string_view kid) const;

  // Generates a key, makes it active and retires the previous one, which stays published until
  // now + token lifetime + kPublishMargin. Returns the new kid. Safe against a concurrent
  // rotation in another process (storage arbitrates; the loser retries on the winner's state).
  std::string Rotate();

  // {"keys": [JWK...]} of the published keys, the active one first. Same refresh as Active().
  Json Jwks() const;

  // Re-reads the keys from storage now. Throws as Load() does; the snapshot in use is kept then.
  void Reload();

 private:
  struct Snapshot;

  std::shared_ptr<const Snapshot> Current() const;
  void RefreshIfStale() const;
  std::shared_ptr<const Snapshot> ReadSnapshot() const;
  void CreateFirstKey();
  std::string NewKeyRow(const crypto::RsaKey& key, Json& row) const;

  storage::RecordStorePtr store_;
  crypto::MasterKey master_key_;
  ClockPtr clock_;
  std::chrono::seconds token_lifetime_;
  mutable std::atomic<std::shared_ptr<const Snapshot>> snapshot_;  // refreshed by const readers
  mutable std::mutex reload_mutex_;  // one re-read at a time; guards last_refresh_attempt_
  mutable std::chrono::system_clock::time_point last_refresh_attempt_{};
};

}  // namespace ccrm::auth
