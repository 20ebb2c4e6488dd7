#include "app/derived_keys.hpp"

#include <openssl/crypto.h>

#include <array>

#include "audit/audit_record.hpp"
#include "common/base64.hpp"
#include "storage/reseal.hpp"

namespace ccrm::app {
namespace {

// Every purpose whose key must survive a rotation.
constexpr std::array<const char*, 3> kPinnedPurposes = {audit::kChainKeyPurpose,
                                                        kS3AccessKeyIdPurpose, kS3SecretPurpose};

std::string SealedFor(std::string_view purpose) {
  return "derived-key:" + std::string(purpose);
}

void EnsureTable(storage::RecordStore& records) {
  records.EnsureTable({.name = DerivedKeys::kTable, .partition_key = "purpose"});
}

}  // namespace

std::string DerivedKeys::Get(storage::RecordStore& records, const crypto::MasterKey& master,
                             std::string_view purpose) {
  EnsureTable(records);
  const std::optional<Json> item = records.Get(kTable, {std::string(purpose), ""});
  if (!item) return master.DeriveKey(purpose);
  const std::optional<std::string> sealed = Base64UrlDecode(item->value("sealed", ""));
  std::optional<std::string> key;
  if (sealed) key = master.Open(*sealed, SealedFor(purpose));
  if (!key) {
    throw crypto::MasterKeyError("the pinned key for " + std::string(purpose) +
                                 " does not open under this master.key");
  }
  return std::move(*key);
}

size_t DerivedKeys::Reseal(storage::RecordStore& records, const crypto::MasterKey& from,
                           const crypto::MasterKey& to) {
  EnsureTable(records);
  size_t written = 0;
  for (const char* purpose : kPinnedPurposes) {
    const std::string what = std::string("the pinned key for ") + purpose;
    std::optional<Json> item = records.Get(kTable, {purpose, ""});
    if (item) {
      if (storage::ResealField(*item, "/sealed", SealedFor(purpose), from, to, what)) {
        storage::PutResealed(records, kTable, std::move(*item), what);
        ++written;
      }
      continue;
    }
    std::string key = from.DeriveKey(purpose);
    const Json pinned = {{"purpose", purpose},
                         {"sealed", Base64UrlEncode(to.Seal(key, SealedFor(purpose)))},
                         {"version", 1}};
    OPENSSL_cleanse(key.data(), key.size());
    if (records.Put(kTable, pinned, storage::Condition::NotExists()) != storage::WriteStatus::kOk) {
      throw storage::StorageError(what + " was pinned by someone else meanwhile");
    }
    ++written;
  }
  return written;
}

}  // namespace ccrm::app
