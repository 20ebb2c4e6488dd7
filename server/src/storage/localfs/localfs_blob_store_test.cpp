// What the localfs backend adds to the contract: encryption at rest, tamper evidence, and no
// trace of a failed or interrupted write.
#include "storage/localfs/localfs_blob_store.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <random>

#include "common/scratch_dir.hpp"
#include "storage/localfs/sealed_object.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#include "storage/sqlite/sqlite_record_store.hpp"

namespace ccrm::storage::localfs {
namespace {

namespace fs = std::filesystem;

std::string Pattern(size_t size, unsigned seed = 1) {
  std::mt19937 random(seed);
  std::string s(size, '\0');
  for (char& c : s) c = static_cast<char>(random() & 0xff);
  return s;
}

std::string FileBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteBytes(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

class LocalFsBlobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sqlite::SqliteOptions sqlite_options;
    sqlite_options.path = (dir_.path() / "records.db").string();
    records_ = sqlite::MakeSqliteRecordStore(sqlite::SqliteDatabase::Open(sqlite_options));
    store_ = Open(std::string(32, 'k'));
  }

  std::shared_ptr<LocalFsBlobStore> Open(const std::string& master) {
    auto key = std::make_shared<const crypto::MasterKey>(crypto::MasterKey::FromBytes(master));
    LocalFsOptions options{.root = dir_.path() / "blobs", .buckets = {"documents"},
                           .chunk_size = 4096};
    return std::make_shared<LocalFsBlobStore>(options, records_, key, SystemClock());
  }

  std::string Read(const std::string& key, const std::optional<ByteRange>& range = {}) {
    auto reader = store_->Get("documents", key, range);
    std::string all, chunk;
    while (reader->Read(chunk)) all += chunk;
    return all;
  }

  size_t FilesUnder(const fs::path& dir) {
    size_t n = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir)) n += e.is_regular_file();
    return n;
  }

  ccrm::testing::ScratchDir dir_{"localfs"};
  RecordStorePtr records_;
  std::shared_ptr<LocalFsBlobStore> store_;
};

TEST_F(LocalFsBlobStoreTest, ContentAtRestIsCiphertextInAFileNamedByNoKey) {
  const std::string data = std::string(20000, 'A') + "claimant SSN 123-45-6789";
  store_->Put("documents", "leads/L1/policy.pdf", ChunkSourceOf(data), {});
  const fs::path path = store_->ObjectPath("documents", "leads/L1/policy.pdf");
  ASSERT_TRUE(fs::exists(path));
  EXPECT_EQ(path.string().find("policy"), std::string::npos);
  const std::string stored = FileBytes(path);
  EXPECT_EQ(stored.size(), SealedLayout{4096}.FileSize(data.size()));
  EXPECT_EQ(stored.find("123-45-6789"), std::string::npos);
  EXPECT_EQ(stored.find("AAAAAAAA"), std::string::npos);
  struct stat st{};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(LocalFsBlobStoreTest, AFlippedBitAnywhereIsAReadErrorNeverWrongBytes) {
  const std::string data = Pattern(3 * 4096 + 100);
  store_->Put("documents", "k", ChunkSourceOf(data), {});
  const fs::path path = store_->ObjectPath("documents", "k");
  const std::string good = FileBytes(path);
  std::mt19937 random(7);
  for (int trial = 0; trial < 60; ++trial) {
    std::string bad = good;
    const size_t at = random() % bad.size();
    bad[at] = static_cast<char>(bad[at] ^ (1 << (random() % 8)));
    WriteBytes(path, bad);
    std::string got;
    try {
      got = Read("k");
    } catch (const BlobCorrupt&) {
      continue;  // refused: what must happen
    }
    ADD_FAILURE() << "a flipped bit at byte " << at << " went unnoticed";
  }
  WriteBytes(path, good);
  EXPECT_EQ(Read("k"), data);
}

TEST_F(LocalFsBlobStoreTest, ReorderedDroppedOrBorrowedChunksAreRefused) {
  const std::string data = Pattern(4 * 4096);  // four full chunks
  store_->Put("documents", "k", ChunkSourceOf(data), {});
  const fs::path path = store_->ObjectPath("documents", "k");
  const std::string good = FileBytes(path);
  const SealedLayout layout{4096};
  const size_t chunk = 4096 + kChunkOverhead;
  auto chunk_at = [&](const std::string& file, size_t i) {
    return file.substr(layout.ChunkOffset(i), chunk);
  };
  // Two chunks swapped.
  std::string swapped = good;
  swapped.replace(layout.ChunkOffset(1), chunk, chunk_at(good, 2));
  swapped.replace(layout.ChunkOffset(2), chunk, chunk_at(good, 1));
  WriteBytes(path, swapped);
  EXPECT_THROW(Read("k"), BlobCorrupt);
  EXPECT_THROW(Read("k", ByteRange::FromTo(4096, 4100)), BlobCorrupt);
  // The last chunk dropped and the catalog's size lowered to match: the chunk now last was not
  // sealed as the last one.
  WriteBytes(path, good.substr(0, layout.ChunkOffset(3)));
  Json item = *records_->Get(kBlobCatalogTable, {"documents", "k"});
  item["size"] = 3 * 4096;
  records_->Put(kBlobCatalogTable, item);
  EXPECT_THROW(Read("k", ByteRange::From(2 * 4096)), BlobCorrupt);
  item["size"] = 4 * 4096;
  records_->Put(kBlobCatalogTable, item);
  // Truncated anywhere: the length no longer fits, refused as it opens.
  WriteBytes(path, good.substr(0, good.size() - 1));
  EXPECT_THROW(store_->Get("documents", "k"), BlobCorrupt);
  // A chunk of another object, at the same place, under another key.
  WriteBytes(path, good);
  store_->Put("documents", "other", ChunkSourceOf(Pattern(4 * 4096, 2)), {});
  const std::string other = FileBytes(store_->ObjectPath("documents", "other"));
  std::string borrowed = good;
  borrowed.replace(layout.ChunkOffset(1), chunk, chunk_at(other, 1));
  WriteBytes(path, borrowed);
  EXPECT_THROW(Read("k"), BlobCorrupt);
  // The whole file of the other object in its place.
  WriteBytes(path, other);
  EXPECT_THROW(store_->Get("documents", "k"), BlobCorrupt);
  WriteBytes(path, good);
  EXPECT_EQ(Read("k"), data);
}

TEST_F(LocalFsBlobStoreTest, TheDataKeyOpensOnlyUnderItsMasterKeyAndForItsObject) {
  store_->Put("documents", "a", ChunkSourceOf("alpha"), {});
  store_->Put("documents", "b", ChunkSourceOf("bravo"), {});
  // Another master key: nothing opens.
  auto stranger = Open(std::string(32, 'x'));
  EXPECT_THROW(stranger->Get("documents", "a"), BlobCorrupt);
  // b's wrapped key copied into a's entry: it was wrapped for b's object.
  Json a = *records_->Get(kBlobCatalogTable, {"documents", "a"});
  const Json b = *records_->Get(kBlobCatalogTable, {"documents", "b"});
  const Json kept = a;
  a["wrappedKey"] = b["wrappedKey"];
  records_->Put(kBlobCatalogTable, a);
  EXPECT_THROW(store_->Get("documents", "a"), BlobCorrupt);
  a["wrappedKey"] = "not base64 at all!";
  records_->Put(kBlobCatalogTable, a);
  EXPECT_THROW(store_->Get("documents", "a"), BlobCorrupt);
  records_->Put(kBlobCatalogTable, kept);
  EXPECT_EQ(Read("a"), "alpha");
}

TEST_F(LocalFsBlobStoreTest, FailedWritesLeaveNoFileBehind) {
  const fs::path root = dir_.path() / "blobs";
  const size_t before = FilesUnder(root);
  PutBlobOptions limited;
  limited.max_size = 10;
  EXPECT_THROW(store_->Put("documents", "big", ChunkSourceOf(Pattern(100)), limited), BlobTooLarge);
  PutBlobOptions refused;
  refused.with_commit = [](const BlobInfo&) {
    return std::vector<WriteAction>{
        WriteAction::Check(kBlobCatalogTable, {"documents", "nope"}, Condition::Exists())};
  };
  EXPECT_THROW(store_->Put("documents", "refused", ChunkSourceOf("x"), refused), BlobPreconditionFailed);
  EXPECT_EQ(FilesUnder(root), before);
  // A replaced object's old file goes too.
  store_->Put("documents", "v", ChunkSourceOf("one"), {});
  store_->Put("documents", "v", ChunkSourceOf("two"), {});
  EXPECT_EQ(FilesUnder(root), before + 1);
  store_->Delete("documents", "v");
  EXPECT_EQ(FilesUnder(root), before);
}

TEST_F(LocalFsBlobStoreTest, SweepingRemovesOnlyFilesNobodyNames) {
  store_->Put("documents", "named", ChunkSourceOf("kept"), {});
  // What a crash between the rename and the commit leaves, and a cut-short upload.
  const fs::path orphan = dir_.path() / "blobs" / "documents" / "ab" /
                          "ab000000000000000000000000000000.blob";
  fs::create_directories(orphan.parent_path());
  WriteBytes(orphan, "orphan");
  const fs::path part = dir_.path() / "blobs" / "tmp" / "cd000000000000000000000000000000.part";
  WriteBytes(part, "partial");
  EXPECT_EQ(store_->SweepOrphans(std::chrono::hours(1)), 0u);  // too young yet
  EXPECT_EQ(store_->SweepOrphans(std::chrono::seconds(-1)), 2u);
  EXPECT_FALSE(fs::exists(orphan));
  EXPECT_FALSE(fs::exists(part));
  EXPECT_EQ(Read("named"), "kept");
}

TEST_F(LocalFsBlobStoreTest, ARemovalHoldKeepsEveryFileUntilItIsReleased) {
  const fs::path root = dir_.path() / "blobs";
  store_->Put("documents", "deleted", ChunkSourceOf("gone soon"), {});
  store_->Put("documents", "replaced", ChunkSourceOf("version one"), {});
  const size_t before = FilesUnder(root);
  {
    const RemovalHold hold(root);
    // What a backup's snapshot may still name: the deleted object, the replaced version.
    EXPECT_TRUE(store_->Delete("documents", "deleted"));
    store_->Put("documents", "replaced", ChunkSourceOf("version two"), {});
    EXPECT_EQ(FilesUnder(root), before + 1);
    EXPECT_EQ(store_->SweepOrphans(std::chrono::seconds(-1)), 0u);
    EXPECT_EQ(FilesUnder(root), before + 1);
  }
  EXPECT_EQ(store_->SweepOrphans(std::chrono::seconds(-1)), 2u);
  EXPECT_EQ(FilesUnder(root), before - 1);
  EXPECT_EQ(Read("replaced"), "version two");
}

TEST_F(LocalFsBlobStoreTest, CopiesEveryNamedFileAndRefusesAMissingOne) {
  store_->Put("documents", "a", ChunkSourceOf(Pattern(10'000, 3)), {});
  store_->Put("documents", "b/c", ChunkSourceOf("bravo"), {});
  store_->Put("documents", "cold", ChunkSourceOf(std::string(50'000, 'z')), {});
  ASSERT_TRUE(store_->ChangeTier("documents", "cold", kColdTier));
  const BlobRoots roots{.standard = dir_.path() / "blobs", .cold = dir_.path() / "blobs-cold"};
  const fs::path copy_root = dir_.path() / "copy";
  const BlobRoots copy_roots{.standard = copy_root, .cold = dir_.path() / "copy-cold"};
  const ObjectCopy copy = LocalFsBlobStore::CopyObjects(*records_, {"documents"}, roots, copy_roots);
  EXPECT_EQ(copy.objects, 3u);
  EXPECT_EQ(copy.bytes, fs::file_size(store_->ObjectPath("documents", "a")) +
                            fs::file_size(store_->ObjectPath("documents", "b/c")) +
                            fs::file_size(store_->ObjectPath("documents", "cold")));
  // A store on the copied files and the same catalog reads the same bytes.
  auto key = std::make_shared<const crypto::MasterKey>(crypto::MasterKey::FromBytes(std::string(32, 'k')));
  LocalFsBlobStore copied({.root = copy_root, .cold_root = copy_roots.cold,
                           .buckets = {"documents"}, .chunk_size = 4096},
                          records_, key, SystemClock());
  std::string all, chunk;
  for (auto reader = copied.Get("documents", "a"); reader->Read(chunk);) all += chunk;
  EXPECT_EQ(all, Pattern(10'000, 3));
  all.clear();
  for (auto reader = copied.Get("documents", "cold"); reader->Read(chunk);) all += chunk;
  EXPECT_EQ(all, std::string(50'000, 'z'));

  fs::remove(store_->ObjectPath("documents", "b/c"));
  EXPECT_THROW(LocalFsBlobStore::CopyObjects(*records_, {"documents"}, roots,
                                             {.standard = dir_.path() / "copy2",
                                              .cold = dir_.path() / "copy2-cold"}),
               StorageError);
}

TEST_F(LocalFsBlobStoreTest, TheColdTierIsCompressedThenSealedAndReadsTheSame) {
  // Claim notes: text that compresses, over many chunks, the last one partial.
  std::string notes;
  for (int i = 0; notes.size() < 300'000; ++i) notes += "Adjuster note " + std::to_string(i) + ": roof damage, hail.\n";
  const BlobInfo put = store_->Put("documents", "notes.txt", ChunkSourceOf(notes), {.content_type = "text/plain"});
  const fs::path standard_file = store_->ObjectPath("documents", "notes.txt");
  ASSERT_TRUE(store_->ChangeTier("documents", "notes.txt", kColdTier));
  EXPECT_TRUE(store_->ChangeTier("documents", "notes.txt", kColdTier));  // there already
  EXPECT_FALSE(fs::exists(standard_file));
  const fs::path cold_file = store_->ObjectPath("documents", "notes.txt");
  EXPECT_NE(cold_file.string().find("blobs-cold"), std::string::npos) << cold_file;
  EXPECT_LT(fs::file_size(cold_file), notes.size() / 5);  // compressed
  EXPECT_EQ(FileBytes(cold_file).find("Adjuster"), std::string::npos);  // and encrypted

  const std::optional<BlobInfo> head = store_->Head("documents", "notes.txt");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->tier, kColdTier);
  EXPECT_EQ(head->size, put.size);
  EXPECT_EQ(head->etag, put.etag);
  EXPECT_EQ(head->sha256, put.sha256);
  EXPECT_EQ(head->last_modified_ms, put.last_modified_ms);
  EXPECT_EQ(Read("notes.txt"), notes);
  EXPECT_EQ(Read("notes.txt", ByteRange::Parse("bytes=0-0")), notes.substr(0, 1));
  EXPECT_EQ(Read("notes.txt", ByteRange::Parse("bytes=123456-234567")), notes.substr(123456, 111112));
  EXPECT_EQ(Read("notes.txt", ByteRange::Parse("bytes=-100")), notes.substr(notes.size() - 100));
  EXPECT_THROW(store_->Get("documents", "notes.txt", ByteRange::Parse("bytes=400000-")),
               BlobRangeNotSatisfiable);

  // A flipped bit in the cold file is a read error, never wrong bytes.
  const std::string good = FileBytes(cold_file);
  std::string bad = good;
  bad[bad.size() / 2] ^= 0x01;
  WriteBytes(cold_file, bad);
  EXPECT_THROW(Read("notes.txt"), BlobCorrupt);
  WriteBytes(cold_file, good);

  // An empty object goes cold and back too; and back to standard, the same bytes.
  store_->Put("documents", "empty", ChunkSourceOf(""), {});
  ASSERT_TRUE(store_->ChangeTier("documents", "empty", kColdTier));
  EXPECT_EQ(Read("empty"), "");
  ASSERT_TRUE(store_->ChangeTier("documents", "notes.txt", kStandardTier));
  EXPECT_EQ(store_->Head("documents", "notes.txt")->tier, kStandardTier);
  EXPECT_EQ(Read("notes.txt"), notes);
  EXPECT_FALSE(store_->ChangeTier("documents", "missing", kColdTier));
  EXPECT_THROW(store_->ChangeTier("documents", "empty", "glacier"), StorageError);
  EXPECT_EQ(store_->SweepOrphans(std::chrono::seconds(-1)), 0u);  // nothing left behind
}

TEST_F(LocalFsBlobStoreTest, ResealingDataKeysLeavesTheContentAndMovesTheKeys) {
  store_->Put("documents", "a", ChunkSourceOf("alpha"), {});
  store_->Put("documents", "b", ChunkSourceOf(Pattern(9000)), {});
  const std::string file_before = FileBytes(store_->ObjectPath("documents", "a"));
  const auto from = crypto::MasterKey::FromBytes(std::string(32, 'k'));
  const auto to = crypto::MasterKey::FromBytes(std::string(32, 'n'));
  EXPECT_EQ(LocalFsBlobStore::ResealDataKeys(*records_, {"documents"}, from, to), 2u);
  EXPECT_EQ(LocalFsBlobStore::ResealDataKeys(*records_, {"documents"}, from, to), 0u);  // resumed
  EXPECT_EQ(FileBytes(store_->ObjectPath("documents", "a")), file_before);
  EXPECT_THROW(store_->Get("documents", "a"), BlobCorrupt);  // the old key no longer opens it
  store_ = Open(std::string(32, 'n'));
  EXPECT_EQ(Read("a"), "alpha");
  EXPECT_EQ(Read("b"), Pattern(9000));
  // A data key under a third key is refused, not carried over.
  const auto stranger = crypto::MasterKey::FromBytes(std::string(32, 's'));
  EXPECT_THROW(LocalFsBlobStore::ResealDataKeys(*records_, {"documents"}, stranger, from),
               StorageError);
}

}  // namespace
}  // namespace ccrm::storage::localfs

namespace ccrm::storage::localfs {
namespace {

TEST(LocalFsPresignTest, URLsVerifyAgainstTheEndpointsKeysForTheirObjectOnly) {
  ccrm::testing::ScratchDir dir("localfs-presign");
  sqlite::SqliteOptions sqlite_options;
  sqlite_options.path = (dir.path() / "records.db").string();
  auto records = sqlite::MakeSqliteRecordStore(sqlite::SqliteDatabase::Open(sqlite_options));
  auto key = std::make_shared<const crypto::MasterKey>(crypto::MasterKey::FromBytes(std::string(32, 'k')));
  const aws::AwsCredentials credentials{"CCRMKEY", "secret", ""};
  LocalFsOptions options{.root = dir.path() / "blobs", .buckets = {"documents"}};
  LocalFsBlobStore unconfigured(options, records, key, SystemClock());
  EXPECT_THROW(unconfigured.Presign("documents", "k", {}), StorageError);
  options.endpoint = PresignEndpoint{.url = [] { return std::string("http://127.0.0.1:8080"); },
                                     .credentials = credentials};
  LocalFsBlobStore store(options, records, key, SystemClock());
  PresignOptions put{.method = "PUT", .expires_seconds = 900,
                     .signed_headers = {{"content-type", "application/pdf"}}};
  const std::string url = store.Presign("documents", "leads/L1/a b.pdf", put);
  ASSERT_TRUE(url.starts_with("http://127.0.0.1:8080/s3/documents/leads/L1/a%20b.pdf?")) << url;
  const aws::SigV4Verifier verifier({{"CCRMKEY", "secret"}}, "us-east-1", "s3");
  const aws::HeaderList headers = {{"Host", "127.0.0.1:8080"}, {"Content-Type", "application/pdf"}};
  const std::string query = url.substr(url.find('?') + 1);
  auto verify = [&](std::string_view method, std::string_view path) {
    return verifier.Verify({.method = method, .path = path, .raw_query = query, .headers = &headers},
                           std::chrono::system_clock::now())
        .outcome;
  };
  EXPECT_EQ(verify("PUT", "/s3/documents/leads/L1/a b.pdf"), aws::Verification::Outcome::kOk);
  EXPECT_EQ(verify("GET", "/s3/documents/leads/L1/a b.pdf"),
            aws::Verification::Outcome::kSignatureMismatch);
  EXPECT_EQ(verify("PUT", "/s3/documents/leads/L2/a b.pdf"),
            aws::Verification::Outcome::kSignatureMismatch);
  EXPECT_THROW(store.Presign("documents", "k", {.expires_seconds = 8 * 24 * 3600}),
               std::invalid_argument);
}

}  // namespace
}  // namespace ccrm::storage::localfs
