#include "app/cli_audit.hpp"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <iostream>
#include <memory>

#include "app/application.hpp"
#include "app/derived_keys.hpp"
#include "audit/audit_digests.hpp"
#include "audit/audit_log.hpp"
#include "audit/audit_record.hpp"
#include "audit/audit_verify.hpp"
#include "crypto/master_key.hpp"
#include "common/clock.hpp"
#include "crypto/crypto_error.hpp"
#include "crypto/random.hpp"

namespace ccrm::app {
namespace {

struct AuditOptions : DataDirOptions {
  std::string digests;     // a directory of signed digests to check the records against
  std::string public_key;  // the digests' public key; default <digests>/public-key.pem
};

// 0 when every digest in the directory verifies and matches the records; 1 naming the first
// that does not.
int VerifyDigestsIn(const AuditOptions& options, storage::RecordStore& records) {
  const std::filesystem::path dir(options.digests);
  const std::filesystem::path key_file =
      options.public_key.empty() ? dir / audit::kDigestPublicKeyFile
                                 : std::filesystem::path(options.public_key);
  std::ifstream in(key_file, std::ios::binary);
  if (!in) {
    std::cerr << "cannot read the digests' public key " << key_file.string() << "\n";
    return 2;
  }
  const std::string pem((std::istreambuf_iterator<char>(in)), {});
  std::optional<crypto::RsaKey> parsed;
  try {
    parsed = crypto::RsaKey::FromPublicPem(pem);
  } catch (const crypto::CryptoError& e) {
    std::cerr << key_file.string() << " is not an RSA public key: " << e.what() << "\n";
    return 2;
  }
  const crypto::RsaKey& key = *parsed;
  const audit::DigestVerifyResult result = audit::VerifyDigests(records, dir, key);
  std::cout << "digest public key sha256 " << audit::PublicKeyFingerprint(key) << "\n";
  if (!result.ok) {
    std::cout << "audit digests do not match"
              << (result.file.empty() ? "" : " at " + result.file) << ": " << result.reason
              << "\n";
    return 1;
  }
  std::cout << "audit digests match: " << result.digests << " digests cover records 1.."
            << result.covered_to << "\n";
  return 0;
}

int Verify(const AuditOptions& options, const ConfigLoader& load) {
  Application app(load(options.config_file, options.data_dir));
  app.OpenStorage();
  // The chain key comes from master.key, which verify must never create: without one, only an
  // empty trail can be vouched for (with a throwaway key that no record can match).
  const std::filesystem::path key_file =
      std::filesystem::path(app.config().storage.data_dir) / crypto::MasterKey::kFileName;
  const bool have_key = std::filesystem::exists(key_file);
  const std::string chain_key =
      have_key ? DerivedKeys::Get(*app.records(), crypto::MasterKey::Load(key_file),
                                  audit::kChainKeyPurpose)
               : crypto::RandomBytes(audit::kChainKeySize);
  audit::AuditLog(app.records(), SystemClock(), chain_key).EnsureTables();  // a fresh dir
  const audit::VerifyResult result = audit::Verify(*app.records(), chain_key);
  if (!have_key && !(result.ok && result.records == 0)) {
    std::cerr << "cannot verify the audit trail: " << key_file.string()
              << " is missing, and the chain is keyed with it\n";
    return 2;
  }
  if (result.ok) {
    std::cout << "audit chain intact: " << result.records << " records";
    if (result.keyed_from > 1) {
      std::cout << " (" << result.keyed_from - 1 << " from before keying, anchored at record "
                << result.keyed_from << ")";
    }
    std::cout << "\n";
    return options.digests.empty() ? 0 : VerifyDigestsIn(options, *app.records());
  }
  std::cout << "audit chain broken at record " << result.broken_seq << ": " << result.reason
            << "\n";
  return 1;
}

}  // namespace

void AddAuditCommands(CLI::App& cli, int& exit_code, ConfigLoader load) {
  auto* audit = cli.add_subcommand("audit", "Inspect the audit trail");
  audit->require_subcommand(1);
  // Shared by the callbacks, which CLI11 keeps for as long as `cli` lives.
  auto options = std::make_shared<AuditOptions>();
  auto* verify = audit->add_subcommand(
      "verify",
      "Check the audit trail's chain (and, with --digests, the signed digests); exit 1 naming "
      "the first broken record or digest");
  AddDataDirOptions(verify, *options);
  verify->add_option("--digests", options->digests,
                     "A directory of signed digests (audit.digest_dir) to check the records "
                     "against");
  verify->add_option("--public-key", options->public_key,
                     "The digests' public key (PEM); default <digests>/public-key.pem. Pin it: "
                     "compare its sha256 with the one the server logged");
  verify->callback(
      [options, load = std::move(load), &exit_code] { exit_code = Verify(*options, load); });
}

}  // namespace ccrm::app
