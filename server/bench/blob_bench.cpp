// The localfs blob store: AES-256-GCM chunk sealing and opening per core (64 KiB chunks, the
// store's), beside memcpy of the same bytes; a 64 MiB object put (encrypt, write, fsync,
// rename, commit) and read back whole and by 4 KiB ranges, beside the yardstick of writing and
// fsyncing the same plaintext to a plain file and reading it back.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "common/clock.hpp"
#include "common/durable_file.hpp"
#include "common/scratch_dir.hpp"
#include "crypto/master_key.hpp"
#include "crypto/random.hpp"
#include "storage/localfs/localfs_blob_store.hpp"
#include "storage/localfs/sealed_object.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#include "storage/sqlite/sqlite_record_store.hpp"

namespace {

namespace fs = std::filesystem;
using ccrm::storage::ByteRange;
using ccrm::storage::localfs::ChunkCipher;
using ccrm::storage::localfs::LocalFsBlobStore;
using ccrm::storage::localfs::LocalFsOptions;

constexpr size_t kChunk = 64 * 1024;
constexpr size_t kObject = 64 * 1024 * 1024;

std::string Bytes(size_t n) {
  std::string s(n, '\0');
  std::mt19937_64 random(42);
  for (size_t i = 0; i + 8 <= n; i += 8) {
    const uint64_t v = random();
    std::memcpy(s.data() + i, &v, 8);
  }
  return s;
}

void BM_SealChunk(benchmark::State& state) {
  ChunkCipher cipher(ccrm::crypto::RandomBytes(32), ccrm::crypto::RandomBytes(16));
  const std::string plain = Bytes(kChunk);
  std::string out;
  uint64_t index = 0;
  for (auto _ : state) {
    out.clear();
    cipher.Seal(index++, false, plain, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kChunk));
}
BENCHMARK(BM_SealChunk);

void BM_OpenChunk(benchmark::State& state) {
  ChunkCipher cipher(ccrm::crypto::RandomBytes(32), ccrm::crypto::RandomBytes(16));
  std::string sealed;
  cipher.Seal(7, false, Bytes(kChunk), sealed);
  std::string plain;
  for (auto _ : state) {
    if (!cipher.Open(7, false, sealed, plain)) state.SkipWithError("did not open");
    benchmark::DoNotOptimize(plain.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kChunk));
}
BENCHMARK(BM_OpenChunk);

// Yardstick: copying the same chunk.
void BM_MemcpyChunkYardstick(benchmark::State& state) {
  const std::string plain = Bytes(kChunk);
  std::string out(kChunk, '\0');
  for (auto _ : state) {
    std::memcpy(out.data(), plain.data(), kChunk);
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kChunk));
}
BENCHMARK(BM_MemcpyChunkYardstick);

struct Store {
  Store() {
    ccrm::storage::sqlite::SqliteOptions options;
    options.path = (dir.path() / "records.db").string();
    records = ccrm::storage::sqlite::MakeSqliteRecordStore(
        ccrm::storage::sqlite::SqliteDatabase::Open(options));
    auto key = std::make_shared<const ccrm::crypto::MasterKey>(
        ccrm::crypto::MasterKey::FromBytes(std::string(32, 'k')));
    blobs = std::make_shared<LocalFsBlobStore>(
        LocalFsOptions{.root = dir.path() / "blobs", .buckets = {"documents"}}, records, key,
        ccrm::SystemClock());
  }
  ccrm::testing::ScratchDir dir{"blob-bench"};
  ccrm::storage::RecordStorePtr records;
  std::shared_ptr<LocalFsBlobStore> blobs;
};

ccrm::storage::ChunkSource Source(const std::string& data) {
  auto at = std::make_shared<size_t>(0);
  return [&data, at](std::string& chunk) {
    chunk.clear();
    if (*at >= data.size()) return false;
    chunk.assign(data, *at, 1024 * 1024);
    *at += chunk.size();
    return true;
  };
}

void BM_PutObject64MiB(benchmark::State& state) {
  Store store;
  const std::string data = Bytes(kObject);
  for (auto _ : state) store.blobs->Put("documents", "bench/object", Source(data), {});
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kObject));
}
BENCHMARK(BM_PutObject64MiB)->Unit(benchmark::kMillisecond)->UseRealTime();

// Yardstick: the same plaintext written to a temporary file, synced and renamed into place.
void BM_WriteFileDurably64MiBYardstick(benchmark::State& state) {
  ccrm::testing::ScratchDir dir("blob-bench-plain");
  const std::string data = Bytes(kObject);
  for (auto _ : state) ccrm::WriteFileDurably(dir.path() / "object", data, 0600);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kObject));
}
BENCHMARK(BM_WriteFileDurably64MiBYardstick)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_GetObject64MiB(benchmark::State& state) {
  Store store;
  const std::string data = Bytes(kObject);
  store.blobs->Put("documents", "bench/object", Source(data), {});
  std::string chunk;
  for (auto _ : state) {
    auto reader = store.blobs->Get("documents", "bench/object");
    size_t total = 0;
    while (reader->Read(chunk)) total += chunk.size();
    if (total != kObject) state.SkipWithError("short read");
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kObject));
}
BENCHMARK(BM_GetObject64MiB)->Unit(benchmark::kMillisecond)->UseRealTime();

// Yardstick: reading the plaintext file back in 64 KiB reads (from the page cache, as the
// object's file is).
void BM_ReadFile64MiBYardstick(benchmark::State& state) {
  ccrm::testing::ScratchDir dir("blob-bench-plain");
  ccrm::WriteFileDurably(dir.path() / "object", Bytes(kObject), 0600);
  std::string buffer(kChunk, '\0');
  for (auto _ : state) {
    const int fd = ::open((dir.path() / "object").c_str(), O_RDONLY);
    size_t total = 0;
    for (ssize_t n; (n = ::read(fd, buffer.data(), buffer.size())) > 0;) total += static_cast<size_t>(n);
    ::close(fd);
    if (total != kObject) state.SkipWithError("short read");
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kObject));
}
BENCHMARK(BM_ReadFile64MiBYardstick)->Unit(benchmark::kMillisecond)->UseRealTime();

// A 4 KiB range at a random place: opening the object (catalog read, header, key unwrap) and
// one chunk decrypted. Latency per range.
void BM_RangedRead4KiB(benchmark::State& state) {
  Store store;
  store.blobs->Put("documents", "bench/object", Source(Bytes(kObject)), {});
  std::mt19937_64 random(7);
  std::string chunk;
  for (auto _ : state) {
    const uint64_t first = random() % (kObject - 4096);
    auto reader = store.blobs->Get("documents", "bench/object", ByteRange::FromTo(first, first + 4095));
    size_t total = 0;
    while (reader->Read(chunk)) total += chunk.size();
    if (total != 4096) state.SkipWithError("short range");
  }
}
BENCHMARK(BM_RangedRead4KiB)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
