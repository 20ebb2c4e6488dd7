// BlobStore contract: streaming puts and gets, ranges, heads, deletes, listing, names,
// limits, commits with the object, persistence, concurrency; and the backends that run it.
#include <atomic>
#include <set>
#include <thread>

#include "crypto/digest.hpp"
#include "crypto/master_key.hpp"
#include "common/clock.hpp"
#include "storage/localfs/localfs_blob_store.hpp"
#include "storage/sqlite/sqlite_database.hpp"
#include "storage/sqlite/sqlite_record_store.hpp"
#include "blob_store_contract.hpp"

namespace ccrm::storage::contract {
namespace {

TEST_P(BlobStoreContract, ContentRoundTripsWhateverItsSize) {
  for (const size_t size : {0ul, 1ul, 4095ul, 65535ul, 65536ul, 65537ul, 131072ul, 300001ul}) {
    const std::string key = "sizes/" + std::to_string(size);
    const std::string data = Pattern(size, static_cast<unsigned>(size));
    const BlobInfo info = PutString(key, data);
    EXPECT_EQ(info.size, size);
    EXPECT_EQ(GetString(key), data) << size;
    auto reader = store_->Get("documents", key);
    ASSERT_TRUE(reader);
    EXPECT_EQ(reader->first(), 0u);
    EXPECT_EQ(reader->length(), size);
    EXPECT_EQ(reader->info().size, size);
  }
}

TEST_P(BlobStoreContract, PiecesOfAnySizeMakeTheSameObject) {
  const std::string data = Pattern(200000);
  for (const size_t piece : {1ul, 7ul, 65536ul, 1000000ul}) {
    store_->Put("documents", "p", Pieces(data, piece), {});
    EXPECT_EQ(GetString("p"), data) << piece;
  }
}

TEST_P(BlobStoreContract, HeadDescribesTheObject) {
  EXPECT_FALSE(store_->Head("documents", "nothing"));
  EXPECT_EQ(store_->Get("documents", "nothing"), nullptr);
  const std::string data = Pattern(1000);
  const BlobInfo put = PutString("a/report.pdf", data);
  const std::optional<BlobInfo> head = store_->Head("documents", "a/report.pdf");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->bucket, "documents");
  EXPECT_EQ(head->key, "a/report.pdf");
  EXPECT_EQ(head->size, 1000u);
  EXPECT_EQ(head->content_type, "application/pdf");
  EXPECT_EQ(head->sha256, crypto::Sha256Hex(data));
  EXPECT_EQ(head->etag, put.etag);
  EXPECT_GE(head->etag.size(), 3u);
  EXPECT_EQ(head->etag.front(), '"');
  EXPECT_EQ(head->etag.back(), '"');
  EXPECT_GT(head->last_modified_ms, 0);
  EXPECT_EQ(head->tier, "standard");
  // No content type given: the generic one.
  store_->Put("documents", "plain", Pieces("x"), {});
  EXPECT_EQ(store_->Head("documents", "plain")->content_type, "application/octet-stream");
}

TEST_P(BlobStoreContract, RangesYieldExactlyTheirBytes) {
  const std::string data = Pattern(200003);
  PutString("r", data);
  struct Case {
    ByteRange range;
    uint64_t first;
    uint64_t length;
  };
  const std::vector<Case> cases = {
      {ByteRange::FromTo(0, 0), 0, 1},
      {ByteRange::FromTo(0, 99), 0, 100},
      {ByteRange::FromTo(65530, 65545), 65530, 16},      // across a 64 KiB boundary
      {ByteRange::FromTo(1000, 150000), 1000, 149001},  // across several
      {ByteRange::FromTo(200000, 999999), 200000, 3},   // clipped to the end
      {ByteRange::From(131072), 131072, 200003 - 131072},
      {ByteRange::From(200002), 200002, 1},
      {ByteRange::Suffix(10), 199993, 10},
      {ByteRange::Suffix(500000), 0, 200003},
  };
  for (const Case& c : cases) {
    auto reader = store_->Get("documents", "r", c.range);
    ASSERT_TRUE(reader);
    EXPECT_EQ(reader->first(), c.first);
    EXPECT_EQ(reader->length(), c.length);
    EXPECT_EQ(ReadAll(*reader), data.substr(c.first, c.length)) << c.first << "+" << c.length;
  }
  EXPECT_THROW(store_->Get("documents", "r", ByteRange::From(200003)), BlobRangeNotSatisfiable);
  EXPECT_THROW(store_->Get("documents", "r", ByteRange::Suffix(0)), BlobRangeNotSatisfiable);
  PutString("empty", "");
  EXPECT_THROW(store_->Get("documents", "empty", ByteRange::From(0)), BlobRangeNotSatisfiable);
}

TEST_P(BlobStoreContract, APutReplacesTheObject) {
  const BlobInfo first = PutString("k", Pattern(70000, 1));
  const BlobInfo second = PutString("k", Pattern(5000, 2));
  EXPECT_NE(first.etag, second.etag);
  EXPECT_EQ(GetString("k"), Pattern(5000, 2));
  EXPECT_EQ(store_->Head("documents", "k")->size, 5000u);
  EXPECT_EQ(store_->List("documents", "k").items.size(), 1u);
}

TEST_P(BlobStoreContract, DeleteRemovesTheObject) {
  PutString("gone", "bytes");
  EXPECT_TRUE(store_->Delete("documents", "gone"));
  EXPECT_FALSE(store_->Head("documents", "gone"));
  EXPECT_EQ(store_->Get("documents", "gone"), nullptr);
  EXPECT_FALSE(store_->Delete("documents", "gone"));
  PutString("gone", "again");
  EXPECT_EQ(GetString("gone"), "again");
}

TEST_P(BlobStoreContract, ListsByPrefixInKeyOrderPageByPage) {
  for (const char* key : {"lead-2/b", "lead-1/z", "lead-1/a", "lead-10/x", "other"}) {
    PutString(key, key);
  }
  std::vector<std::string> keys;
  std::string cursor;
  int pages = 0;
  do {
    BlobList page = store_->List("documents", "lead-1", cursor, 2);
    EXPECT_LE(page.items.size(), 2u);
    for (const BlobInfo& info : page.items) {
      keys.push_back(info.key);
      EXPECT_EQ(info.size, info.key.size());
    }
    cursor = page.next_cursor.value_or("");
    ASSERT_LT(++pages, 10);
  } while (!cursor.empty());
  EXPECT_EQ(keys, (std::vector<std::string>{"lead-1/a", "lead-1/z", "lead-10/x"}));
  EXPECT_EQ(store_->List("documents", "").items.size(), 5u);
  EXPECT_TRUE(store_->List("documents", "nope").items.empty());
}

TEST_P(BlobStoreContract, KeysAreDataNeverPaths) {
  const std::vector<std::string> keys = {
      "../../../../etc/passwd", "/absolute", "a/b/c/../d", "dot/./x", "名前/ファイル.pdf",
      "spaces and %2F and + and ?&=#", std::string(1024, 'k'), "trailing/", "\\back\\slash",
  };
  for (const std::string& key : keys) {
    PutString(key, "content of " + key);
    EXPECT_EQ(GetString(key), "content of " + key) << key;
  }
  EXPECT_EQ(store_->List("documents", "").items.size(), keys.size());
  EXPECT_FALSE(std::filesystem::exists("/etc/passwd.blob"));
  EXPECT_THROW(PutString(std::string(1025, 'k'), "x"), BlobNameError);
  EXPECT_THROW(PutString("", "x"), BlobNameError);
  EXPECT_THROW(PutString(std::string("nul\0byte", 8), "x"), BlobNameError);
  EXPECT_THROW(PutString("bad\xff utf8", "x"), BlobNameError);
  EXPECT_THROW(PutString("k", "x", "no-such-bucket"), BlobNameError);
  EXPECT_THROW(store_->Get("no-such-bucket", "k"), BlobNameError);
}

TEST_P(BlobStoreContract, BucketsAreSeparate) {
  PutString("same-key", "document", "documents");
  PutString("same-key", "recording", "recordings");
  EXPECT_EQ(GetString("same-key", {}, "documents"), "document");
  EXPECT_EQ(GetString("same-key", {}, "recordings"), "recording");
  store_->Delete("recordings", "same-key");
  EXPECT_EQ(GetString("same-key", {}, "documents"), "document");
  const std::vector<std::string> buckets = store_->Buckets();
  EXPECT_EQ(std::set<std::string>(buckets.begin(), buckets.end()),
            (std::set<std::string>{"documents", "recordings"}));
}

TEST_P(BlobStoreContract, AFailedPutLeavesNothingAndKeepsTheObjectBefore) {
  PutString("keep", "the original");
  const std::string big = Pattern(300000);
  PutBlobOptions limited;
  limited.max_size = 100000;
  EXPECT_THROW(store_->Put("documents", "keep", Pieces(big), limited), BlobTooLarge);
  PutBlobOptions declared;
  declared.expected_size = 300001;
  EXPECT_THROW(store_->Put("documents", "keep", Pieces(big), declared), BlobIncomplete);
  declared.expected_size = 299999;
  EXPECT_THROW(store_->Put("documents", "keep", Pieces(big), declared), BlobIncomplete);
  int calls = 0;
  auto failing = [&](std::string& chunk) -> bool {
    if (++calls == 3) throw std::runtime_error("the client went away");
    chunk = Pattern(50000);
    return true;
  };
  EXPECT_THROW(store_->Put("documents", "keep", failing, {}), std::runtime_error);
  PutBlobOptions signed_for;
  signed_for.expected_sha256 = crypto::Sha256Hex("something else");
  EXPECT_THROW(store_->Put("documents", "keep", Pieces(big), signed_for), BlobDigestMismatch);
  EXPECT_EQ(GetString("keep"), "the original");
  EXPECT_THROW(store_->Put("documents", "new", Pieces(big), limited), BlobTooLarge);
  EXPECT_FALSE(store_->Head("documents", "new"));
  // Exactly at the limit and the declared size: stored.
  limited.max_size = big.size();
  limited.expected_size = big.size();
  limited.expected_sha256 = crypto::Sha256Hex(big);
  store_->Put("documents", "new", Pieces(big), limited);
  EXPECT_EQ(GetString("new"), big);
}

TEST_P(BlobStoreContract, WritesCommittedWithTheObjectLandTogether) {
  records_->EnsureTable({.name = "blob_events", .partition_key = "id"});
  PutBlobOptions options;
  options.with_commit = [](const BlobInfo& info) {
    return std::vector<WriteAction>{WriteAction::Put(
        "blob_events", Json{{"id", info.key}, {"size", info.size}, {"etag", info.etag}})};
  };
  const BlobInfo info = store_->Put("documents", "with-event", Pieces("hello"), options);
  const std::optional<Json> event = records_->Get("blob_events", {"with-event", ""});
  ASSERT_TRUE(event);
  EXPECT_EQ(event->at("size"), 5);
  EXPECT_EQ(event->at("etag"), info.etag);
  // A write whose condition fails: the object is not stored either.
  options.with_commit = [](const BlobInfo&) {
    return std::vector<WriteAction>{
        WriteAction::Check("blob_events", {"no-such-event", ""}, Condition::Exists())};
  };
  EXPECT_THROW(store_->Put("documents", "refused", Pieces("nope"), options),
               BlobPreconditionFailed);
  EXPECT_FALSE(store_->Head("documents", "refused"));
}

TEST_P(BlobStoreContract, ObjectsOutliveTheProcess) {
  const std::string data = Pattern(150000);
  PutString("durable", data);
  Reopen();
  EXPECT_EQ(GetString("durable"), data);
  EXPECT_EQ(store_->Head("documents", "durable")->sha256, crypto::Sha256Hex(data));
}

TEST_P(BlobStoreContract, ReadersSeeOneWholeVersionWhileWritersReplaceIt) {
  std::vector<std::string> versions;
  for (unsigned i = 0; i < 4; ++i) versions.push_back(Pattern(70000 + i * 1000, i + 10));
  PutString("hot", versions[0]);
  std::atomic<bool> stop{false};
  std::atomic<int> reads{0};
  std::atomic<int> torn{0};
  std::vector<std::thread> threads;
  for (int r = 0; r < 2; ++r) {
    threads.emplace_back([&] {
      while (!stop) {
        const std::string got = GetString("hot");
        if (std::find(versions.begin(), versions.end(), got) == versions.end()) ++torn;
        ++reads;
      }
    });
  }
  for (int w = 0; w < 2; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; i < 15; ++i) PutString("hot", versions[(i + w) % versions.size()]);
    });
  }
  threads[2].join();
  threads[3].join();
  while (reads < 10) std::this_thread::yield();
  stop = true;
  threads[0].join();
  threads[1].join();
  EXPECT_EQ(torn.load(), 0);
  EXPECT_EQ(store_->List("documents", "hot").items.size(), 1u);
}

TEST_P(BlobStoreContract, ATierChangeKeepsTheObjectAsItWas) {
  std::string data;
  for (int i = 0; data.size() < 200'000; ++i) data += "line " + std::to_string(i) + "\n";
  const BlobInfo put = PutString("tiered", data);
  ASSERT_TRUE(store_->ChangeTier("documents", "tiered", kColdTier));
  const std::optional<BlobInfo> cold = store_->Head("documents", "tiered");
  ASSERT_TRUE(cold);
  EXPECT_EQ(cold->tier, kColdTier);
  EXPECT_EQ(cold->size, put.size);
  EXPECT_EQ(cold->etag, put.etag);
  EXPECT_EQ(cold->content_type, put.content_type);
  EXPECT_EQ(cold->last_modified_ms, put.last_modified_ms);
  EXPECT_EQ(GetString("tiered"), data);
  EXPECT_EQ(GetString("tiered", ByteRange::Parse("bytes=70000-70099")), data.substr(70000, 100));
  EXPECT_EQ(store_->List("documents", "tiered").items.at(0).tier, kColdTier);
  Reopen();
  EXPECT_EQ(GetString("tiered"), data);
  ASSERT_TRUE(store_->ChangeTier("documents", "tiered", kStandardTier));
  EXPECT_EQ(GetString("tiered"), data);
  // Replacing a cold object makes a standard one; deleting one deletes it.
  PutString("tiered", "new");
  EXPECT_EQ(store_->Head("documents", "tiered")->tier, kStandardTier);
  ASSERT_TRUE(store_->ChangeTier("documents", "tiered", kColdTier));
  EXPECT_TRUE(store_->Delete("documents", "tiered"));
  EXPECT_EQ(GetString("tiered"), "<missing>");
  EXPECT_FALSE(store_->ChangeTier("documents", "tiered", kColdTier));
}

BlobStorePtr MakeLocalFsStore(const std::string& dir, RecordStorePtr& records) {
  sqlite::SqliteOptions sqlite_options;
  sqlite_options.path = dir + "/records.db";
  records = sqlite::MakeSqliteRecordStore(sqlite::SqliteDatabase::Open(sqlite_options));
  auto master = std::make_shared<const crypto::MasterKey>(
      crypto::MasterKey::FromBytes(std::string(32, 'm')));
  localfs::LocalFsOptions options{.root = dir + "/blobs", .buckets = {"documents", "recordings"}};
  return std::make_shared<localfs::LocalFsBlobStore>(options, records, master, SystemClock());
}

INSTANTIATE_TEST_SUITE_P(LocalFs, BlobStoreContract,
                         ::testing::Values(BlobStoreBackend{"localfs", MakeLocalFsStore}),
                         BlobStoreBackendName);

}  // namespace
}  // namespace ccrm::storage::contract
