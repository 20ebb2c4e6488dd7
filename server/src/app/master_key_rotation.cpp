#include "app/master_key_rotation.hpp"

#include "app/audit_digest_key.hpp"
#include "app/derived_keys.hpp"
#include "app/storage_backends.hpp"
#include "auth/key_ring.hpp"
#include "auth/user_repository.hpp"

namespace ccrm::app {

MasterKeyRotation RotateMasterKey(const Config& config, storage::RecordStore& records) {
  namespace fs = std::filesystem;
  const fs::path dir(config.storage.data_dir);
  MasterKeyRotation report;
  report.resumed = fs::exists(fs::symlink_status(dir / crypto::MasterKey::kNextFileName));
  const crypto::MasterKey from = crypto::MasterKey::Load(dir / crypto::MasterKey::kFileName);
  const crypto::MasterKey to = crypto::MasterKey::LoadOrCreateNext(dir);
  // Pinned derived keys first: they are what the old key alone could give, and must be taken
  // from it before it goes.
  report.pinned_keys = DerivedKeys::Reseal(records, from, to);
  report.signing_keys = auth::KeyRing::Reseal(records, from, to);
  report.totp_users = auth::UserRepository::ResealTotpSecrets(records, from, to);
  report.digest_keys = ResealDigestKey(records, from, to) ? 1 : 0;
  report.blob_data_keys = ResealBlobDataKeys(config, records, from, to);
  crypto::MasterKey::PromoteNext(dir);
  return report;
}

}  // namespace ccrm::app
