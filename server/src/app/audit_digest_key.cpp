#include "app/audit_digest_key.hpp"

#include <openssl/crypto.h>

#include "audit/audit_record.hpp"
#include "common/base64.hpp"
#include "storage/reseal.hpp"

namespace ccrm::app {
namespace {

constexpr const char* kKeyItem = "digest-key";  // in audit_head, beside the chain head
constexpr const char* kSealedFor = "audit-digest-key";

struct WipedString {
  std::string text;
  ~WipedString() { OPENSSL_cleanse(text.data(), text.size()); }
};

}  // namespace

crypto::RsaKey LoadOrCreateDigestKey(storage::RecordStore& records, const crypto::MasterKey& master) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (const auto item = records.Get(audit::kHeadTable, {kKeyItem, ""})) {
      const auto sealed = Base64UrlDecode(item->value("sealed", std::string()));
      std::optional<std::string> pem;
      if (sealed) pem = master.Open(*sealed, kSealedFor);
      if (!pem) {
        throw crypto::MasterKeyError(
            "the audit digest key does not open under this master.key (a different master.key, "
            "or the stored key was changed)");
      }
      const WipedString wiped{std::move(*pem)};
      return crypto::RsaKey::FromPrivatePem(wiped.text);
    }
    const crypto::RsaKey key = crypto::RsaKey::Generate();
    const WipedString pem{key.PrivatePem()};
    const Json item = {{"stream", kKeyItem},
                       {"sealed", Base64UrlEncode(master.Seal(pem.text, kSealedFor))},
                       {"publicPem", key.PublicPem()}};
    const auto result = records.TransactWrite(
        {storage::WriteAction::Put(audit::kHeadTable, item, storage::Condition::NotExists())});
    if (result.committed) return crypto::RsaKey::FromPrivatePem(pem.text);
    // Another server created one first: use theirs.
  }
  throw storage::StorageError("audit digest key: neither found nor created");
}

bool ResealDigestKey(storage::RecordStore& records, const crypto::MasterKey& from,
                     const crypto::MasterKey& to) {
  std::optional<Json> item = records.Get(audit::kHeadTable, {kKeyItem, ""});
  if (!item) return false;
  if (!storage::ResealField(*item, "/sealed", kSealedFor, from, to, "the audit digest key")) {
    return false;
  }
  storage::PutResealed(records, audit::kHeadTable, std::move(*item), "the audit digest key");
  return true;
}

}  // namespace ccrm::app
