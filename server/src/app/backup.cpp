#include "app/backup.hpp"

#include <fmt/format.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "app/application.hpp"
#include "app/data_dir_lock.hpp"
#include "common/durable_file.hpp"
#include "common/json.hpp"
#include "common/clock.hpp"
#include "crypto/master_key.hpp"

namespace ccrm::app {
namespace {

namespace fs = std::filesystem;

constexpr const char* kDigestDir = "audit-digests";

bool IsEmptyOrMissing(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return true;
  return fs::is_directory(dir, ec) && fs::is_empty(dir, ec);
}

std::string ReadWhole(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// The digests of a data dir that keeps them inside it (the default); none when they go
// elsewhere (that place is backed up on its own terms).
fs::path DigestDirOf(const Config& config) {
  if (!config.audit.digest_dir.empty()) return {};
  return fs::path(config.storage.data_dir) / kDigestDir;
}

size_t CopyFiles(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  if (from.empty() || to.empty() || !fs::is_directory(from, ec)) return 0;
  fs::create_directories(to, ec);
  size_t copied = 0;
  for (const auto& entry : fs::directory_iterator(from)) {
    if (!entry.is_regular_file()) continue;
    fs::copy_file(entry.path(), to / entry.path().filename(), fs::copy_options::overwrite_existing);
    ++copied;
  }
  SyncDirectory(to);
  return copied;
}

void CopyKey(const fs::path& from, const fs::path& to) {
  // Load checks it is a key (32 bytes, private); the copy gets mode 0600 whatever the umask.
  (void)crypto::MasterKey::Load(from);
  std::string bytes = ReadWhole(from);
  WriteFileDurably(to, bytes, 0600);
  std::fill(bytes.begin(), bytes.end(), '\0');
}

}  // namespace

BackupReport Backup(const Config& config, const fs::path& destination, bool include_master_key) {
  const fs::path data_dir(config.storage.data_dir);
  if (!fs::exists(data_dir / "records.db")) {
    throw std::runtime_error("nothing to back up: " + data_dir.string() + " has no records.db");
  }
  if (!IsEmptyOrMissing(destination)) {
    throw std::runtime_error(destination.string() + " is not empty: back up into a new directory");
  }
  fs::create_directories(destination);
  fs::permissions(destination, fs::perms::owner_all, fs::perm_options::replace);
  BackupReport report;
  report.storage = BackupStorage(config, destination);
  report.digest_files = CopyFiles(DigestDirOf(config), destination / kDigestDir);
  if (include_master_key) {
    CopyKey(data_dir / crypto::MasterKey::kFileName, destination / crypto::MasterKey::kFileName);
    report.master_key = true;
  }
  const Json manifest = {{"format", kBackupFormat},
                         {"version", CCRM_VERSION},
                         {"createdAt", FormatRfc3339Millis(std::chrono::system_clock::now())},
                         {"recordsBytes", report.storage.records_bytes},
                         {"objects", report.storage.objects},
                         {"objectBytes", report.storage.object_bytes},
                         {"digestFiles", report.digest_files},
                         {"masterKey", report.master_key}};
  WriteFileDurably(destination / kBackupManifest, manifest.dump(2) + "\n", 0600);
  return report;
}

RestoreReport Restore(const fs::path& source, const Config& config,
                      const std::optional<fs::path>& master_key_file) {
  const Json manifest = Json::parse(ReadWhole(source / kBackupManifest), nullptr, false);
  if (!manifest.is_object() || manifest.value("format", "") != kBackupFormat) {
    throw std::runtime_error(source.string() +
                             " is not a complete ccrm backup (its manifest.json is missing or "
                             "not one ccrm wrote; an interrupted backup has none)");
  }
  const fs::path key = master_key_file.value_or(source / crypto::MasterKey::kFileName);
  if (!fs::exists(key)) {
    throw std::runtime_error("the backup holds no master.key: name the one it was taken with, "
                             "--master-key FILE");
  }
  const fs::path data_dir(config.storage.data_dir);
  if (!IsEmptyOrMissing(data_dir)) {
    throw std::runtime_error(data_dir.string() +
                             " is not empty: restore into a new data directory");
  }
  fs::create_directories(data_dir);
  fs::permissions(data_dir, fs::perms::owner_all, fs::perm_options::replace);
  const DataDirLock lock = DataDirLock::Exclusive(data_dir, "restore");
  RestoreReport report;
  CopyKey(key, data_dir / crypto::MasterKey::kFileName);
  report.storage = RestoreStorage(source, config);
  // Digests kept elsewhere (audit.digest_dir) are that place's to keep, not the restore's.
  report.digest_files = CopyFiles(source / kDigestDir, DigestDirOf(config));
  // Opening every module proves the key opens what the records hold; then the search index.
  Application app(config);
  app.Open();
  report.leads_indexed = app.leads().Reindex().indexed;
  app.audit()->Append({.actor = "system",
                       .action = "backup.restore",
                       .entity = "data_dir",
                       .entity_id = data_dir.string(),
                       .request_id = "cli",
                       .changes = {{"restoredFrom",
                                    {{"old", nullptr},
                                     {"new",
                                      {{"backupCreatedAt", manifest.value("createdAt", "")},
                                       {"objects", report.storage.objects},
                                       {"leadsIndexed", report.leads_indexed}}}}}}});
  return report;
}

}  // namespace ccrm::app
