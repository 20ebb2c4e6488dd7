#include "storage/sqlite/sqlite_commit_watch.hpp"

#include <atomic>
#include <cstring>

namespace ccrm::storage::sqlite {
namespace {

constexpr size_t kHeaderWords = 6;  // sizeof(WalIndexHdr) == 48
constexpr int kWalIndexRegionBytes = 32768;
constexpr size_t kIsInitByte = 12;  // u32 iVersion, u32 unused, u32 iChange, u8 isInit, …
constexpr int kAttempts = 4;

// SQLite's walChecksumBytes over the header's first 40 bytes in native byte order (the wal-
// index is never shared between machines), against the checksum in its last 8.
bool ChecksumHolds(const std::array<uint64_t, kHeaderWords>& header) {
  uint32_t words[12];
  std::memcpy(words, header.data(), sizeof words);
  uint32_t s1 = 0, s2 = 0;
  for (size_t i = 0; i < 10; i += 2) {
    s1 += words[i] + s2;
    s2 += words[i + 1] + s1;
  }
  return s1 == words[10] && s2 == words[11];
}

}  // namespace

std::unique_ptr<WalCommitWatch> WalCommitWatch::Open(const std::string& path) {
  auto connection = std::make_unique<Connection>(path, SQLITE_OPEN_READONLY);
  sqlite3* db = connection->raw();
  {
    Statement mode(db, "PRAGMA journal_mode");
    if (!mode.Step() || mode.Text(0) != "wal") return nullptr;
  }
  // A read opens the WAL and maps the wal-index's first region.
  connection->Exec("SELECT count(*) FROM sqlite_schema");
  sqlite3_file* file = nullptr;
  if (sqlite3_file_control(db, "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK ||
      file == nullptr || file->pMethods == nullptr || file->pMethods->iVersion < 2 ||
      file->pMethods->xShmMap == nullptr) {
    return nullptr;
  }
  void volatile* region = nullptr;
  const int rc = file->pMethods->xShmMap(file, 0, kWalIndexRegionBytes, 0, &region);
  if ((rc != SQLITE_OK && rc != SQLITE_READONLY) || region == nullptr) return nullptr;
  return std::unique_ptr<WalCommitWatch>(new WalCommitWatch(std::move(connection), region));
}

WalCommitWatch::WalCommitWatch(std::unique_ptr<Connection> connection, const volatile void* header)
    : connection_(std::move(connection)), header_(static_cast<const volatile uint64_t*>(header)) {}

std::optional<CommitMark> WalCommitWatch::Current() const noexcept {
  // As walIndexTryHdr: copy [0], barrier, copy [1]; a writer writes [1] then [0], so equal
  // copies are one whole header, the last commit's or the one before it.
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    CommitMark first;
    std::array<uint64_t, kHeaderWords> second;
    for (size_t i = 0; i < kHeaderWords; ++i) first.words[i] = header_[i];
    std::atomic_thread_fence(std::memory_order_seq_cst);
    for (size_t i = 0; i < kHeaderWords; ++i) second[i] = header_[kHeaderWords + i];
    if (first.words != second) continue;
    unsigned char is_init = 0;
    std::memcpy(&is_init, reinterpret_cast<const unsigned char*>(first.words.data()) + kIsInitByte,
                1);
    if (is_init == 0 || !ChecksumHolds(first.words)) return std::nullopt;
    return first;
  }
  return std::nullopt;
}

}  // namespace ccrm::storage::sqlite
