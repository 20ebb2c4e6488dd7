// Signed digests of the audit chain, as CloudTrail's digest files: every so often the server
// writes a small JSON file naming a range of records, how many, and the link (hash) of the
// last one, signed with an RSA key whose public part is published beside the digests. Kept
// somewhere the database's writers cannot reach (another disk, a WORM bucket), they prove what
// the trail held: rewriting a record a digest covers changes the covered link, and even with
// master.key (which keys the chain) nobody can sign a new digest without the digest key, or
// unsign an old one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "common/clock.hpp"
#include "crypto/rsa_key.hpp"
#include "storage/record_store.hpp"

namespace ccrm::audit {

inline constexpr const char* kDigestFormat = "ccrm-audit-digest-1";
inline constexpr const char* kDigestPublicKeyFile = "public-key.pem";
// What a digest's signature is, in the names `openssl dgst -sha256 -verify` understands.
inline constexpr const char* kDigestSignatureAlgorithm = "RSASSA-PKCS1-v1_5 SHA-256";

// Writes digests into one directory. Several servers sharing a store may each run one: a
// digest is claimed in the store (a conditional write) after its file is written, and a writer
// that loses the race removes its file, so each range is digested once (a crash between the two
// leaves a file whose range the next digest covers again, which verification accepts).
class AuditDigests {
 public:
  // `signing_key` has its private part. The directory is created if missing.
  AuditDigests(storage::RecordStorePtr records, ClockPtr clock, crypto::RsaKey signing_key,
               std::filesystem::path dir);

  // Writes <dir>/public-key.pem unless it already holds this key. Returns its SHA-256
  // fingerprint (hex, over the DER of the public key, as `openssl pkey -pubin -outform DER |
  // sha256sum` prints it).
  std::string PublishPublicKey();

  // One digest of the records appended since the last digest, if there are any: returns the
  // file written (<dir>/ccrm-audit-digest-<endSeq>-<time>-<random>.json, its signature beside it as
  // .json.sig), or nullopt when the chain has not grown or another writer won the range.
  // Throws StorageError or std::system_error on failure.
  std::optional<std::filesystem::path> WriteDigest();

  const std::filesystem::path& dir() const { return dir_; }

 private:
  storage::RecordStorePtr records_;
  ClockPtr clock_;
  crypto::RsaKey signing_key_;
  std::filesystem::path dir_;
  std::string key_fingerprint_;
};

// The SHA-256 fingerprint (hex) of a key's public part, over its DER SubjectPublicKeyInfo.
std::string PublicKeyFingerprint(const crypto::RsaKey& key);

struct DigestVerifyResult {
  bool ok = true;
  int digests = 0;          // digest files checked
  int64_t covered_to = 0;   // records 1..covered_to are covered by the digests
  std::string file;         // the first digest in error, when !ok
  // "signature does not verify", "not a digest: …", "record N is missing", "record N does not
  // match the digest (…)", "records A..B are covered by no digest", "previous digest … differs",
  // "no digest files in DIR"
  std::string reason;
};

// Checks every digest in `dir` against `public_key` and the stored records: each signature,
// that the record a digest ends at still has the link (and time) it recorded, and that
// together the digests cover the trail from record 1 without a gap. Run it after Verify() has
// found the chain itself intact: an intact chain whose covered links still match is the trail
// the digests were signed over. Throws StorageError only when storage itself fails.
DigestVerifyResult VerifyDigests(storage::RecordStore& records, const std::filesystem::path& dir,
                                 const crypto::RsaKey& public_key);

}  // namespace ccrm::audit
